"""Exports read columns as values: the same files as reading objects, at a fraction of the cost."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from loyalty_promos import api
from loyalty_promos.models import Charge, LoyaltyProgram
from loyalty_promos.reports import columns, exporters
from loyalty_promos.reports.registry import REPORTS
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal
#: Text a CSV or a spreadsheet could take wrongly: formulas, delimiters, quotes,
#: line breaks, a character XML cannot hold, and the empty text.
ODD_NAMES = ['=HYPERLINK("x")', "Dupont; Fils", 'Le "Chic"', "Ligne\nDeux", "Bell\x07", "-20%"]


@pytest.fixture
def ledger(customer, clock):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    coupon = factories.CouponFactory(name="=Printemps", code="SPRING", discount_value=D("10"),
                                     max_uses_per_customer=None)  # fmt: skip
    api.generate_codes(coupon, 3, prefix="FLY")
    api.add_credit(customer, D("20"), "cadeau")
    api.assign_package(customer, factories.PackagePlanFactory(name="+5 visites"))
    api.issue_gift_card(D("30"), owner=customer)
    people = [customer] + [
        factories.CustomerFactory(first_name=name, last_name="X") for name in ODD_NAMES
    ]
    for n, person in enumerate(people):
        booking = factories.AppointmentFactory(customer=person)
        charge = api.checkout(booking, code="SPRING" if n % 2 else None, use_credits=n == 0)
        if n % 3 == 0:
            api.pay(charge, method="card")
        api.adjust_points(person, 10 + n, ODD_NAMES[n % len(ODD_NAMES)])
    Charge.objects.filter(pk=charge.pk).update(payment_method="", staff_name="")
    factories.ChargeFactory(discount_source="reward", status="void", starts_at=None)
    return people


def object_csv(report, params=None, **options) -> bytes:
    """The file as the export wrote it before: one object at a time, through the resource."""
    resource, rows = report.resource(), report.rows(report.filtered(params or {}))
    lines = exporters.csv_stream(
        resource.get_export_headers(), exporters.rows_of(resource, rows), **options
    )
    return "".join(lines).encode("utf-8")


def value_csv(report, params=None, **options) -> bytes:
    export = exporters.ReportExport(report.resource(), report.rows(report.filtered(params or {})))
    assert export.columns is not None  # read as values, not objects
    return b"".join(export.csv_chunks(**options))


@pytest.mark.parametrize("code", list(REPORTS))
@pytest.mark.parametrize("options", [{}, {"delimiter": ";", "bom": True}])
def test_every_report_reads_values_into_the_same_csv_as_objects(ledger, code, options):
    report = REPORTS[code]

    new = value_csv(report, **options)

    assert new == object_csv(report, **options)
    assert new.count(b"\r\n") > 1


@pytest.mark.parametrize("code", list(REPORTS))
@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_every_report_reads_values_into_the_same_xlsx_cells_as_objects(
    ledger, code, writer, settings
):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "XLSX_WRITER": writer}
    report = REPORTS[code]
    resource, rows = report.resource(), report.rows(report.filtered({}))
    with exporters.write_xlsx(
        resource.get_export_headers(), exporters.rows_of(resource, rows)
    ) as old:
        before = cells(old)
    with exporters.ReportExport(resource, rows).xlsx_file() as new:
        after = cells(new)

    assert after == before
    assert len(after) > 1


def cells(handle) -> list:
    sheet = openpyxl.load_workbook(handle).active
    return [
        [(c.value, c.data_type, c.number_format, c.quotePrefix, c.font.b) for c in row]
        for row in sheet.iter_rows()
    ]


def test_the_filters_apply_to_the_values_too(ledger):
    report = REPORTS["billing"]
    spring = ledger and factories.CouponFactory._meta.model.objects.get(name="=Printemps")

    for params in ({"type": "coupon"}, {"status": "paid"}, {"coupons": [spring.pk]}):
        assert value_csv(report, params) == object_csv(report, params)
    assert value_csv(report, {"type": "coupon"}).count(b"\r\n") == 1 + 3


def test_labels_come_from_one_dict_not_get_display_per_row(ledger, monkeypatch):
    def per_row(*args, **kwargs):
        raise AssertionError("get_FOO_display called per row")

    report = REPORTS["billing"]
    expected = object_csv(report)
    monkeypatch.setattr(Charge, "_get_FIELD_display", per_row)

    assert value_csv(report) == expected


def test_labels_are_in_the_language_of_the_export(ledger):
    report = REPORTS["points"]

    with translation.override("fr"):
        french = value_csv(report)
        assert french == object_csv(report)
    assert french != value_csv(report)


def test_a_points_export_reads_related_names_per_chunk_not_per_row(ledger):
    report = REPORTS["points"]
    export = exporters.ReportExport(report.resource(), report.rows(report.filtered({})))

    with CaptureQueriesContext(connection) as queries:
        lines = b"".join(export.csv_chunks()).count(b"\r\n")

    assert lines == 1 + len(ledger)
    # The rows, then the customers, bookings, rules and staff users of the chunk.
    assert len(queries) <= 5


def test_dates_are_the_business_wall_clock_without_microseconds(ledger, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "TIME_ZONE": "America/New_York"}
    moment = datetime.datetime(2026, 7, 1, 12, 30, 45, 123456, tzinfo=datetime.UTC)
    Charge.objects.update(created_at=moment)
    report = REPORTS["billing"]

    text = value_csv(report).decode()
    export = exporters.ReportExport(report.resource(), report.rows(report.filtered({})))
    with export.xlsx_file() as handle:
        sheet = openpyxl.load_workbook(handle).active

    assert text.splitlines()[1].startswith("2026-07-01 08:30,")
    assert sheet["A2"].value == datetime.datetime(2026, 7, 1, 8, 30, 45)
    assert sheet["A2"].number_format == "yyyy-mm-dd hh:mm"


def test_money_has_two_places_and_numbers_stay_numbers(ledger):
    report = REPORTS["billing"]
    export = exporters.ReportExport(report.resource(), report.rows(report.filtered({})))
    header = [str(h) for h in export.headers]

    with export.xlsx_file() as handle:
        sheet = openpyxl.load_workbook(handle).active
    due = sheet.cell(2, header.index("amount due") + 1)
    points = sheet.cell(2, header.index("points used") + 1)
    rows = [line.split(",") for line in value_csv(report).decode().splitlines()]

    assert (due.data_type, due.number_format) == ("n", '#,##0.00\\ "€"')
    assert (points.value, points.data_type) == (0, "n")
    assert {row[header.index("list price")] for row in rows[1:] if len(row) == len(header)} <= {
        "50.00",
        "0.00",
    }


def test_a_dehydrate_method_keeps_the_object_path(ledger):
    from import_export import fields

    from loyalty_promos.reports.resources import BillingResource

    class Custom(BillingResource):
        extra = fields.Field(column_name="extra")

        class Meta(BillingResource.Meta):
            fields = [*BillingResource.Meta.fields, "extra"]
            export_order = fields

        def dehydrate_extra(self, charge):
            return f"#{charge.pk}"

    rows = REPORTS["billing"].rows(REPORTS["billing"].filtered({}))
    export = exporters.ReportExport(Custom(), rows)
    text = b"".join(export.csv_chunks()).decode()

    assert export.columns is None
    assert text.splitlines()[0].endswith(",extra")
    assert text.splitlines()[1].endswith(f",#{rows.first().pk}")


def test_the_column_kinds_of_the_billing_report():
    rows = REPORTS["billing"].rows(REPORTS["billing"].filtered({}))
    resource = REPORTS["billing"].resource()

    kinds = {c.header: c.kind for c in columns.columns_of(resource, rows)}

    assert kinds["date"] == columns.DATETIME
    assert kinds["status"] == kinds["discount source"] == columns.LABEL
    assert kinds["amount due"] == columns.MONEY
    assert kinds["points used"] == columns.INTEGER
    assert kinds["customer"] == columns.TEXT
    assert columns.can_copy(columns.columns_of(resource, rows))
