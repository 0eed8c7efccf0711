"""Imports staff can fix: spreadsheet row numbers, translated reasons, all rows, a template."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from loyalty_promos.models import CouponCode
from tests import factories

pytestmark = pytest.mark.django_db
HEADER = "code,promo code,maximum uses of this code,active\r\n"
IMPORT = reverse("admin:loyalty_promos_couponcode_import")


def import_file(client, content: str, name="codes.csv", fmt="0"):
    upload = io.BytesIO(content.encode() if isinstance(content, str) else content)
    upload.name = name
    return client.post(IMPORT, {"resource": "0", "format": fmt, "import_file": upload})


def problems(response):
    return [(p.row, p.messages) for p in response.context["import_problems"]]


def test_every_bad_row_is_listed_by_its_spreadsheet_row(admin_client):
    factories.CouponFactory(name="Salon fair")
    factories.CouponFactory(name="Elsewhere", code="TAKEN1")

    response = import_file(
        admin_client,
        HEADER + "FAIR-001,Salon fair,1,1\r\n"  # row 2: good
        "FAIR-002,Salon fair,abc,1\r\n"  # row 3: not a number
        "FAIR-003,Salon fair,2.5,1\r\n"  # row 4: not whole
        "fair 001,Salon fair,1,1\r\n"  # row 5: same as row 2
        "TAKEN1,Salon fair,1,1\r\n"  # row 6: taken elsewhere
        "FAIR-006,Salon fair,1,maybe\r\n",  # row 7: neither yes nor no
    )

    assert response.status_code == 200
    assert problems(response) == [
        (3, ["maximum uses of this code: Enter a whole number (or leave the cell empty)."]),
        (4, ["maximum uses of this code: Enter a whole number (or leave the cell empty)."]),
        (5, ["code: Same code as row 2."]),
        (6, ["code: This code is already active on another promo code."]),
        (7, ["active: Write 1 (yes) or 0 (no)."]),
    ]
    assert "5 rows to correct: nothing was imported" in response.text
    assert "ConversionSyntax" not in response.text
    assert "Non field specific" not in response.text
    assert "NON FIELD SPECIFIC" not in response.text.upper()
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert not CouponCode.objects.filter(coupon__name="Salon fair").exists()


def test_an_unknown_promo_code_is_named_on_its_row(admin_client):
    factories.CouponFactory(name="Salon fair")

    response = import_file(admin_client, HEADER + "A-1,Salon fair,1,1\r\nA-2,Nope,1,1\r\n")

    assert problems(response) == [(3, ["promo code: No promo code is named “Nope”."])]


def test_a_french_file_from_the_french_template_gets_french_reasons(admin_client):
    factories.CouponFactory(name="Salon fair")
    template = admin_client.get(
        reverse("admin:loyalty_promos_couponcode_import_template", args=["csv"]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    header = template.content.decode().splitlines()[0]  # the columns in French

    response = admin_client.post(
        IMPORT,
        {
            "resource": "0",
            "format": "0",
            "import_file": _upload(f"{header}\r\nA-1,Salon fair,x,1\r\n"),
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    [(row, [message])] = problems(response)
    assert row == 2
    column = header.split(",")[2]
    assert (
        message
        == f"{column}\N{NO-BREAK SPACE}: Saisissez un nombre entier (ou laissez la cellule vide)."
    )


def test_a_file_without_the_promo_code_column_says_so_once(admin_client):
    response = import_file(admin_client, "code\r\n" + "".join(f"A-{n}\r\n" for n in range(500)))

    page = response.text
    assert page.count("The file has no column “promo code”. Start from the template.") == 1
    assert "Nothing was imported" in page
    assert problems(response) == []  # not the same reason on each of the 500 rows
    assert "Traceback" not in page
    assert not CouponCode.objects.exists()


def _upload(text):
    upload = io.BytesIO(text.encode())
    upload.name = "codes.csv"
    return upload


def test_a_clean_file_still_previews_and_imports(admin_client):
    factories.CouponFactory(name="Salon fair")

    preview = import_file(admin_client, HEADER + "A-1,Salon fair,,oui\r\nA-2,Salon fair,3,0\r\n")

    assert preview.context["confirm_form"] is not None
    assert preview.context["import_problems"] == []


def test_the_import_page_links_its_templates(admin_client):
    response = admin_client.get(IMPORT)

    assert reverse("admin:loyalty_promos_couponcode_import_template", args=["xlsx"]) in (
        response.text
    )
    assert reverse("admin:loyalty_promos_couponcode_import_template", args=["csv"]) in (
        response.text
    )


def test_the_csv_template_has_the_header_and_one_example(admin_client):
    factories.CouponFactory(name="Salon fair")

    response = admin_client.get(
        reverse("admin:loyalty_promos_couponcode_import_template", args=["csv"])
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="couponcode_import_template.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["code", "promo code", "maximum uses of this code", "active"],
        ["SPRING-0001", "Salon fair", "1", "1"],
    ]


def test_the_xlsx_template_imports_as_it_is(admin_client):
    factories.CouponFactory(name="Salon fair")
    url = reverse("admin:loyalty_promos_couponcode_import_template", args=["xlsx"])

    content = b"".join(admin_client.get(url).streaming_content)

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == ["code", "promo code", "maximum uses of this code",
                                           "active"]  # fmt: skip
    preview = import_file(admin_client, content, name="template.xlsx", fmt="1")
    assert preview.context["import_problems"] == []
    assert preview.context["confirm_form"] is not None


def test_the_template_needs_the_import_permission(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("admin:loyalty_promos_couponcode_import_template", args=["csv"]))

    assert response.status_code == 403
