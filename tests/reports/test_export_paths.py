"""How an export is written: COPY or Python, which xlsx writer, streamed or in the background."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import Charge, ExportJob, PaymentMethod
from loyalty_promos.reports import exporters, xlsx
from loyalty_promos.reports.registry import REPORTS
from loyalty_promos.reports.tasks import BACKGROUND, REFUSE, STREAM, export_route
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal
URL = reverse("admin:loyalty_promos_report", args=["billing"])


def billing(params=None):
    report = REPORTS["billing"]
    return exporters.ReportExport(report.resource(), report.rows(report.filtered(params or {})))


@pytest.fixture
def charges(customer):
    coupon = factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"),
                                     max_uses_per_customer=None)  # fmt: skip
    names = ['=HYPERLINK("x")', "Dupont; Fils", 'Le "Chic"', "Ligne\nDeux", "\tTab", "＋33", ""]
    made = []
    for n, name in enumerate(names):
        person = factories.CustomerFactory(first_name=name, last_name="")
        made.append(api.checkout(factories.AppointmentFactory(customer=person),
                                 code="SPRING" if n % 2 else None))  # fmt: skip
    # A method whose name holds the CSV delimiter (the charge keeps the name as paid).
    PaymentMethod.objects.create(code="mixed", name="card;cash")
    api.pay(made[0], method="mixed")
    Charge.objects.filter(pk=made[1].pk).update(customer_name="", staff_name='"', starts_at=None)
    Charge.objects.filter(pk=made[2].pk).update(
        created_at=datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=datetime.UTC)
    )  # an hour before the clocks change in Paris
    factories.ChargeFactory(discount_source="permanent", status="void")
    return coupon, made


# CSV on PostgreSQL: COPY, the same file as the Python path.


@pytest.mark.postgres
@pytest.mark.parametrize(
    "params",
    [{}, {"type": "coupon"}, {"status": "paid"}, {"coupons": "x"}, {"date_from": "2030-01-01"}],
)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"delimiter": ";"},
        {"bom": True, "delimiter": ";"},
        {"bom": True, "delimiter": ";", "decimal_comma": True},  # French Excel
        {"decimal_comma": True},  # amounts quoted: "45,00"
    ],
)
def test_copy_writes_the_same_file_as_python(charges, settings, params, options):
    coupon, _made = charges
    if params.get("coupons"):
        params = {"coupons": [coupon.pk]}
    assert billing(params).uses_copy

    copied = b"".join(billing(params).csv_chunks(**options))
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_POSTGRES_COPY": False}
    python = billing(params)
    assert not python.uses_copy

    assert copied == b"".join(python.csv_chunks(**options))


@pytest.mark.postgres
def test_copy_reads_the_rows_in_one_statement_beside_the_orm(charges):
    export = billing()

    with CaptureQueriesContext(connection) as queries:
        chunks = list(export.csv_chunks())

    assert len(queries) == 0  # COPY goes around Django's cursor wrapper: nothing else ran
    assert b"".join(chunks).count(b"\r\n") == 1 + 8
    assert b'\'=HYPERLINK(""x"")' in b"".join(chunks)


@pytest.mark.postgres
def test_copy_reports_progress(charges):
    seen = []

    b"".join(billing().csv_chunks(progress=seen.append))

    assert seen[-1] == 8


def test_sqlite_or_a_resource_needing_python_writes_csv_in_python(charges):
    report = REPORTS["points"]
    export = exporters.ReportExport(report.resource(), report.rows(report.filtered({})))

    assert not export.uses_copy  # str() of customers and bookings: Python only
    if connection.vendor == "sqlite":
        assert not billing().uses_copy


# xlsx writers behind one interface.


def typed_rows():
    return [
        ["Camille", D("45.00"), datetime.datetime(2026, 3, 14, 10, 5), 3, True,
         datetime.date(2026, 3, 14)],
        ["=1+1", D("-4.50"), None, -2, False, None],
        ["-20% weekends", None, datetime.datetime(2026, 1, 1), 0, None,
         datetime.date(2026, 1, 1)],
        ["#N/A", D("1234567.89"), datetime.datetime(2026, 12, 31, 23, 59), 10**12, True, None],
        [None, D("0"), None, None, None, None],
    ]  # fmt: skip


KINDS = [xlsx.TEXT, xlsx.MONEY, xlsx.DATETIME, xlsx.PLAIN, xlsx.PLAIN, xlsx.DATE]
HEADERS = ["name", "amount", "when", "count", "flag", "day"]


def read_back(name, kinds):
    with exporters.write_xlsx(HEADERS, typed_rows(), title="T", kinds=kinds,
                              writer=xlsx.get_writer(name)) as handle:  # fmt: skip
        book = openpyxl.load_workbook(handle)
    sheet = book.active
    return {
        "title": sheet.title,
        "freeze": sheet.freeze_panes,
        "cells": [[describe(c) for c in row] for row in sheet.iter_rows(max_col=len(HEADERS))],
        "widths": widths(sheet),
    }


def describe(cell) -> tuple:
    number_format = cell.number_format if cell.value is not None else None
    return (cell.value, cell.data_type, number_format, bool(cell.quotePrefix), bool(cell.font.b))


def widths(sheet) -> list:
    """Each column's width, reading ``<col min= max=>`` groups as one width for each."""
    found = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            found[index] = dimension.width
    return [found.get(i) for i in range(1, len(HEADERS) + 1)]


@pytest.mark.parametrize("kinds", [KINDS, None])  # typed columns, or kinds read per value
def test_both_writers_write_the_same_cells(kinds):
    default, fast = read_back("openpyxl", kinds), read_back("xlsxwriter", kinds)

    assert fast["cells"] == default["cells"]
    assert fast["title"] == default["title"] == "T"
    assert fast["freeze"] == default["freeze"] == "A2"
    # XlsxWriter adds Excel's padding to a width in characters: within one character.
    assert default["widths"] == [12] * 6
    assert all(0 <= a - b < 1 for a, b in zip(fast["widths"], default["widths"], strict=True))
    header, first, formula, odd, error = default["cells"][:5]
    assert all(cell[1:] == ("s", "General", False, True) for cell in header)
    assert first[:3] == [
        ("Camille", "s", "General", False, False),
        (45, "n", '#,##0.00\\ "€"', False, False),
        (datetime.datetime(2026, 3, 14, 10, 5), "d", "yyyy-mm-dd hh:mm", False, False),
    ]
    assert first[3:] == [
        (3, "n", "General", False, False),
        (True, "b", "General", False, False),
        (datetime.datetime(2026, 3, 14), "d", "yyyy-mm-dd", False, False),
    ]
    assert formula[0] == ("=1+1", "s", "General", True, False)
    assert odd[0] == ("-20% weekends", "s", "General", True, False)
    assert error[0][:2] == ("#N/A", "s")


def test_the_writer_setting(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "XLSX_WRITER": "openpyxl"}
    assert isinstance(xlsx.get_writer(), xlsx.OpenpyxlWriter)
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "XLSX_WRITER": "auto"}
    assert isinstance(xlsx.get_writer(), xlsx.XlsxWriterWriter)  # installed by the test extra
    dotted = "loyalty_promos.reports.xlsx.OpenpyxlWriter"
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "XLSX_WRITER": dotted}
    assert isinstance(xlsx.get_writer(), xlsx.OpenpyxlWriter)


def test_auto_is_openpyxl_without_the_extra(settings, monkeypatch):
    monkeypatch.setattr(xlsx, "fast_writer_installed", lambda: False)

    assert isinstance(xlsx.get_writer("auto"), xlsx.OpenpyxlWriter)


# Streaming first.


def small(settings, **options):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_BACKGROUND_THRESHOLD": 2,
                               **options}  # fmt: skip


def test_without_a_worker_every_export_streams_without_counting(charges, settings):
    small(settings)  # the immediate backend: a task would run inside the request

    with CaptureQueriesContext(connection) as queries:
        route = export_route(Charge.objects.all())

    assert route == (STREAM, None)
    assert len(queries) == 0


def test_without_a_worker_a_large_export_streams_and_never_runs_inline(admin_client, charges,
                                                                         settings):  # fmt: skip
    small(settings)

    response = admin_client.get(URL, {"export": "csv"})

    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content).count(b"\r\n") == 1 + 8
    assert not ExportJob.objects.exists()


def test_with_a_worker_a_large_export_goes_to_the_background(admin_client, charges, settings,
                                                             task_worker):  # fmt: skip
    small(settings)

    assert export_route(Charge.objects.all()) == (BACKGROUND, 8)
    response = admin_client.get(URL, {"export": "xlsx"})

    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == "queued"
    task_worker()
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 8, 8)


def test_with_a_worker_a_small_export_streams(admin_client, charges, settings, task_worker):
    small(settings, EXPORT_BACKGROUND_THRESHOLD=100)

    assert export_route(Charge.objects.all()) == (STREAM, 8)
    assert admin_client.get(URL, {"export": "csv"}).streaming


def test_beyond_the_stream_limit_a_worker_takes_it(charges, settings, task_worker):
    small(settings, EXPORT_BACKGROUND_THRESHOLD=100, EXPORT_STREAM_LIMIT=5)

    assert export_route(Charge.objects.all()) == (BACKGROUND, 8)


def test_beyond_the_stream_limit_without_a_worker_it_is_refused(admin_client, charges, settings):
    small(settings, EXPORT_STREAM_LIMIT=5)

    response = admin_client.get(URL, {"export": "csv", "status": "pending"})

    assert export_route(Charge.objects.all()) == (REFUSE, 8)
    assert response.status_code == 302
    assert response.url == f"{URL}?status=pending"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This export has 6 rows, more than can be sent at once (5). Narrow the filters, "
        "or ask your developer to set up a task worker for large exports."
    ]
    assert not ExportJob.objects.exists()


def test_the_first_rows_arrive_before_the_export_is_read(charges):
    chunks = billing().csv_chunks()

    header = next(chunks)
    first = next(chunks)

    assert header.startswith(b"date,customer,")
    assert first.count(b"\r\n") >= 1


def test_xlsx_export_streams_a_file(admin_client, charges):
    response = admin_client.get(URL, {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1 + 8


@pytest.mark.postgres
@pytest.mark.parametrize(
    "ordering",
    [
        (F("starts_at").asc(nulls_last=True), "-pk"),
        (F("starts_at").desc(nulls_first=True), "pk"),
        ("customer_name", "-pk"),
        ("service", "pk"),  # the service's own ordering (its name), as Django sorts it
        ("-customer", "pk"),
        ("customer__last_name", "-pk"),
        ("?",),
    ],
)
def test_copy_keeps_the_order_of_the_rows(charges, settings, ordering):
    from example_project.salon.models import Service

    # Names in the reverse order of the keys: ordering by a relation must mean its name.
    for n, service in enumerate(Service.objects.order_by("-pk")):
        Service.objects.filter(pk=service.pk).update(name=f"S{n:02d}")
    report = REPORTS["billing"]
    if ordering == ("?",):  # random: only that it is written, by the COPY, whole
        rows = report.rows(report.filtered({})).order_by("?")
        export = exporters.ReportExport(report.resource(), rows)
        assert export.uses_copy
        assert b"".join(export.csv_chunks()).count(b"\r\n") == 1 + 8
        return

    def export():
        rows = report.rows(report.filtered({})).order_by(*ordering)
        return exporters.ReportExport(report.resource(), rows)

    assert export().uses_copy
    copied = b"".join(export().csv_chunks())
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_POSTGRES_COPY": False}

    assert copied == b"".join(export().csv_chunks())


@pytest.mark.postgres
def test_copy_sorts_the_raw_rows_before_computing_cells(charges):
    """The first row leaves as soon as the sort ends: the cells are computed above the
    sort, and the outer ORDER BY (which promises the order) costs no second sort."""
    import json

    export = billing()
    sql, params = exporters.copy_sql(export.columns, export.queryset)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {sql}", params)
        found = cursor.fetchone()[0]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]

    assert plan["Node Type"] == "Subquery Scan"  # the cells, over the sorted rows
    assert any("to_char" in cell for cell in plan["Output"])
    (sort,) = plan["Plans"]
    assert sort["Node Type"] == "Sort"
    assert not any("to_char" in cell or "CASE" in cell for cell in sort["Output"])
