"""Export files staff can open: French Excel reads amounts as numbers; names say what they hold."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from loyalty_promos import api
from loyalty_promos.models import ExportJob
from loyalty_promos.reports.files import FRENCH_EXCEL, CsvOptions, export_filename
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal
URL = reverse("admin:loyalty_promos_report", args=["billing"])


@pytest.fixture
def charges(customer):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    service = factories.ServiceFactory(name="Balayage", price="1736.50")
    booking = factories.AppointmentFactory(customer=customer, service=service)
    return [api.checkout(booking, code="SPRING")]


def read_csv(response, delimiter):
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_the_french_excel_csv_writes_decimal_commas(admin_client, charges):
    response = admin_client.get(URL, {"export": "csv", "csv": "fr-excel"})

    raw, rows = read_csv(response, ";")
    assert raw.startswith("\ufeff".encode())
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["list price"] == "1736,50"
    assert cells["discount"] == "173,65"
    assert cells["amount due"] == "1562,85"
    # French Excel reads "1562,85" as the number 1562.85
    assert Decimal(cells["amount due"].replace(",", ".")) == D("1562.85")


def test_the_plain_csv_keeps_decimal_points(admin_client, charges):
    response = admin_client.get(URL, {"export": "csv"})

    _raw, rows = read_csv(response, ",")
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["amount due"] == "1562.85"


def test_xlsx_keeps_typed_numbers(admin_client, charges):
    response = admin_client.get(URL, {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    value = sheet.cell(row=2, column=header.index("amount due") + 1).value
    assert value == D("1562.85") or value == 1562.85


@pytest.mark.parametrize(
    ("params", "kind", "name"),
    [
        ({"date_from": "2026-11-01", "date_until": "2026-11-30"}, "csv",
         "billing_2026-11-01_2026-11-30.csv"),
        ({"date_from": "01/11/2026", "date_until": "30/11/2026", "csv": "fr-excel"}, "csv",
         "billing_2026-11-01_2026-11-30_fr-excel.csv"),
        ({"date_from": "2026-11-01"}, "xlsx", "billing_from_2026-11-01.xlsx"),
        ({"date_until": "2026-11-30"}, "csv", "billing_until_2026-11-30.csv"),
        ({}, "xlsx", "billing_all-dates.xlsx"),
        ({"csv": "fr-excel"}, "xlsx", "billing_all-dates.xlsx"),
    ],
)  # fmt: skip
def test_the_file_name_says_report_dates_and_format(params, kind, name):
    with translation.override("fr"):  # dates as the French date picker types them
        assert export_filename("billing", params, kind) == name


def test_the_download_is_named_after_the_filters(admin_client, charges):
    response = admin_client.get(
        URL,
        {"export": "csv", "csv": "fr-excel", "date_from": "2026-03-01", "date_until": "2026-03-31"},
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="billing_2026-03-01_2026-03-31_fr-excel.csv"'
    )


def test_a_background_export_has_the_same_name():
    job = ExportJob(report="points", format="csv",
                    params={"date_from": ["2026-03-01"], "csv": ["fr-excel"]})  # fmt: skip

    assert job.download_name == "points_from_2026-03-01_fr-excel.csv"


def test_csv_options_from_the_query():
    assert CsvOptions.from_params({"csv": "fr-excel"}) == FRENCH_EXCEL
    assert CsvOptions.from_params({"delimiter": "semicolon", "bom": "1"}) == CsvOptions(";", True)
    assert CsvOptions.from_params({}) == CsvOptions()


def test_the_report_page_links_the_french_excel_export(admin_client, charges):
    response = admin_client.get(URL)

    assert "export=csv&amp;csv=fr-excel" in response.text


def test_the_promo_codes_filter_is_a_search_box(admin_client, charges):
    response = admin_client.get(URL)

    widget = response.context["filterset"].form.fields["coupons"].widget
    assert type(widget).__name__ == "AutocompleteSelectMultiple"
    assert "Printemps" not in response.text.split('name="coupons"')[1].split("</select>")[0]
    search = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "print", "app_label": "loyalty_promos", "model_name": "redemption",
         "field_name": "coupon"},
    )  # fmt: skip
    assert [r["text"] for r in search.json()["results"]] == ["Printemps"]


def test_a_chosen_promo_code_stays_shown_in_the_filter(admin_client, charges):
    coupon = factories.CouponFactory(name="Autre")

    response = admin_client.get(URL, {"coupons": coupon.pk})

    assert f'<option value="{coupon.pk}" selected>Autre</option>' in response.text
