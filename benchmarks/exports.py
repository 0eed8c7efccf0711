"""Export N billing rows to CSV and .xlsx: ours against the floor of each path, in one run.

    .venv/bin/python benchmarks/exports.py [ROWS] [--rounds 3] [--only csv|xlsx|openpyxl] [--before]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python benchmarks/exports.py
    OPENPYXL_LXML=False .venv/bin/python benchmarks/exports.py --only xlsx   # openpyxl without lxml
    .venv/bin/python benchmarks/exports.py 20000 --memory                    # peak Python memory

The variants of one format run in rotation (round 1: A B C, round 2: B C A …)
so that noise from a shared machine hits them alike; each ratio is taken
within a round, against the floor of that round, and the median is printed.

CSV floors: ``csv.writer`` over ``values_list`` of the 18 columns (raw values,
no labels, no local time, no escaping); on PostgreSQL also
``COPY (SELECT … local dates …) TO STDOUT WITH CSV``, the database alone.
xlsx floors: openpyxl write-only and XlsxWriter ``constant_memory`` over
``values_list`` with time zones dropped (the least an .xlsx needs), and a
Rust-backed writer (``rustpy-xlsxwriter``) when installed, for reference.
``--before`` adds the export as it was before columns were read as values
(django-import-export fields over objects), once.
"""

import csv
import io
import statistics
import sys
import time
import tracemalloc

from _setup import setup_django

COLUMNS = [
    "created_at", "customer_name", "service_name", "staff_name", "starts_at", "list_price",
    "price", "discount_source", "discount_code", "discount_amount", "package_amount",
    "gift_card_amount", "credits_amount", "points_used", "amount_due", "status",
    "payment_method", "currency",
]  # fmt: skip


def seed(count: int) -> None:
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from loyalty_promos.models import Charge

    now = timezone.now()
    names = ["Camille Martin", "Ana Pop", "=HYPERLINK(1)", "Dupont; Fils", "Élodie"]
    statuses = ["paid", "pending", "void"]
    sources = ["coupon", "", "reward", "permanent"]
    for start in range(0, count, 5000):
        Charge.objects.bulk_create(
            Charge(
                customer_name=f"{names[n % 5]} {n}", service_name="Coupe", staff_name="Inès",
                starts_at=now - datetime.timedelta(minutes=n), currency="EUR",
                list_price=Decimal("45.00"), price=Decimal("45.00"),
                discount_amount=Decimal("4.50"), amount_due=Decimal("40.50"),
                status=statuses[n % 3], payment_method="card", discount_source=sources[n % 4],
                discount_code="SPRING" if n % 4 == 0 else "",
            )
            for n in range(start, min(count, start + 5000))
        )  # fmt: skip


def variants(vendor, only):
    from django.conf import settings
    from django.db import connection
    from openpyxl import Workbook

    from loyalty_promos.reports import exporters, xlsx
    from loyalty_promos.reports.registry import REPORTS
    from loyalty_promos.services.clock import business_tz

    report = REPORTS["billing"]
    queryset = report.rows(report.filtered({}))

    def values():
        return queryset.values_list(*COLUMNS).iterator(chunk_size=2000)

    def export():
        return exporters.ReportExport(report.resource(), queryset)

    def drain(chunks):
        for _chunk in chunks:
            pass

    def ours_csv():
        drain(export().csv_chunks())

    def ours_csv_python():
        from django.test.utils import override_settings

        python_only = {**settings.LOYALTY_PROMOS, "EXPORT_POSTGRES_COPY": False}
        with override_settings(LOYALTY_PROMOS=python_only):
            drain(export().csv_chunks())

    def floor_csv_writer():
        writer = csv.writer(io.StringIO())
        writer.writerow(COLUMNS)
        for row in values():
            writer.writerow(row)

    def floor_copy(first=None):
        zone = business_tz().key
        cells = ", ".join(
            f"to_char({c} AT TIME ZONE '{zone}', 'YYYY-MM-DD HH24:MI')"
            if c in ("created_at", "starts_at")
            else c
            for c in COLUMNS
        )
        with connection.cursor() as cursor:
            command = (
                f"COPY (SELECT {cells} FROM loyalty_promos_charge "
                "ORDER BY created_at DESC, id DESC) TO STDOUT WITH (FORMAT csv)"
            )
            with cursor.cursor.copy(command) as copy:
                if first is not None:
                    next(iter(copy))
                    first.append(time.perf_counter())
                drain(copy)

    def before_csv():
        resource = report.resource()
        drain(exporters.csv_stream(resource.get_export_headers(),
                                   exporters.rows_of(resource, queryset)))  # fmt: skip

    def naive_rows():
        for row in values():
            yield [row[0].replace(tzinfo=None), *row[1:4],
                   row[4] and row[4].replace(tzinfo=None), *row[5:]]  # fmt: skip

    def ours_xlsx(name):
        return lambda: export().xlsx_file(writer=xlsx.get_writer(name)).close()

    def floor_openpyxl():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(COLUMNS)
        for row in naive_rows():
            sheet.append(row)
        workbook.save(io.BytesIO())

    def floor_xlsxwriter():
        import xlsxwriter

        workbook = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, COLUMNS)
        for r, row in enumerate(naive_rows(), start=1):
            sheet.write_row(r, 0, row)
        workbook.close()

    def floor_rust():
        import rustpy_xlsxwriter

        rows = (dict(zip(COLUMNS, row, strict=True)) for row in naive_rows())
        rustpy_xlsxwriter.FastExcel(io.BytesIO()).sheet("Report", rows).save()

    def before_xlsx():
        resource = report.resource()
        exporters.write_xlsx(resource.get_export_headers(),
                             exporters.rows_of(resource, queryset)).close()  # fmt: skip

    runs = {}
    if only in (None, "csv"):
        csv_runs = {"floor csv.writer": floor_csv_writer, "ours": ours_csv}
        if vendor == "postgresql":
            csv_runs = {"floor COPY": floor_copy, "ours (COPY)": ours_csv,
                        "ours, Python path": ours_csv_python, **csv_runs}  # fmt: skip
            del csv_runs["ours"]
        runs["csv"] = (csv_runs, {"before (objects)": before_csv})
    if only in (None, "xlsx", "openpyxl"):
        xlsx_runs = {
            "floor openpyxl write-only": floor_openpyxl,
            "ours openpyxl": ours_xlsx("openpyxl"),
        }
        if xlsx.fast_writer_installed() and only != "openpyxl":
            xlsx_runs["floor XlsxWriter"] = floor_xlsxwriter
            xlsx_runs["ours XlsxWriter"] = ours_xlsx("xlsxwriter")
        try:
            import rustpy_xlsxwriter  # noqa: F401

            if only != "openpyxl":
                xlsx_runs["Rust writer alone (reference)"] = floor_rust
        except ImportError:
            pass
        runs["xlsx"] = (xlsx_runs, {"before (objects, openpyxl)": before_xlsx})
    return runs, export


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def rotated(names: list, round_index: int) -> list:
    shift = round_index % len(names)
    return names[shift:] + names[:shift]


def main(count: int, rounds: int, only, before: bool, memory: bool) -> None:
    import os
    import platform

    vendor = setup_django()
    import django
    import openpyxl.xml

    seed(count)
    runs, export = variants(vendor, only)
    print(f"Export of {count:,} billing rows on {vendor}; {rounds} rounds in rotation")
    print(f"  Python {platform.python_version()}, Django {django.get_version()}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, "
          f"openpyxl with lxml: {openpyxl.xml.LXML}")  # fmt: skip
    if memory:
        for fmt, (functions, _before) in runs.items():
            for name, function in functions.items():
                tracemalloc.start()
                function()
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                print(f"  {fmt:<5} {name:<34} peak {peak / 2**20:7.1f} MiB")
        return
    for fmt, (functions, extra) in runs.items():
        names = list(functions)
        floors = [n for n in names if n.startswith("floor")]
        seconds = {name: [] for name in names}
        for round_index in range(rounds):
            for name in rotated(names, round_index):
                seconds[name].append(timed(functions[name]))
        if before:
            for name, function in extra.items():
                seconds[name] = [timed(function)] * rounds
        print(f"  {fmt}")
        for name, times in seconds.items():
            ratios = "  ".join(
                f"x{statistics.median(t / f for t, f in zip(times, seconds[floor])):5.2f}"  # noqa: B905
                f" of {floor}"
                for floor in floors
            )
            print(f"    {name:<34} {statistics.median(times):7.2f} s  {ratios}")
    if only in (None, "csv"):
        chunks = export().csv_chunks()
        start = time.perf_counter()
        next(chunks)  # the header
        next(chunks)  # the first rows
        print(f"  csv: first data rows after {time.perf_counter() - start:.3f} s")
        chunks.close()
        if vendor == "postgresql":
            first, start = [], time.perf_counter()
            runs["csv"][0]["floor COPY"](first)
            print(f"  csv: first row of the COPY floor after {first[0] - start:.3f} s")
    load = os.getloadavg()
    print(f"  load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    option = {a: args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--rounds", "--only")}
    values = {id(v) for v in option.values()}
    rows = [int(arg) for arg in args if arg.isdigit() and id(arg) not in values]
    main(
        rows[0] if rows else 200_000,
        rounds=int(option.get("--rounds", 3)),
        only=option.get("--only"),
        before="--before" in args,
        memory="--memory" in args,
    )
