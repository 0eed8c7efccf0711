"""Export N billing rows to xlsx and csv: ours vs the floor vs django-import-export's default.

    .venv/bin/python benchmarks/exports.py [ROWS]          # default 200,000, SQLite
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/exports.py 200000

* ours — the report's streaming exporters (resource rows in chunks, openpyxl
  write-only, csv row by row, formula escaping, typed cells);
* floor — raw openpyxl write-only / csv.writer over ``values_list``: no
  escaping, no resource, nothing but the data;
* import-export — ``BillingResource().export(queryset)`` then tablib's xlsx/csv,
  what the admin's default export does: everything in memory first.

Each is timed; with ``--memory`` each is also run under tracemalloc for its
peak Python memory (slow: use fewer rows, e.g. 20,000).
"""

import csv
import io
import sys
import time
import tracemalloc

from _setup import setup_django


def measure(function, memory):
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    if not memory:
        return seconds, None
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def main(count: int, memory: bool) -> None:
    vendor = setup_django()
    from decimal import Decimal

    from django.utils import timezone
    from openpyxl import Workbook

    from loyalty_promos.models import Charge
    from loyalty_promos.reports import exporters
    from loyalty_promos.reports.resources import BillingResource

    now = timezone.now()
    batch = [
        Charge(
            customer_name=f"Client {n}", service_name="Coupe", staff_name="Inès", starts_at=now,
            currency="EUR", list_price=Decimal("45.00"), price=Decimal("45.00"),
            discount_amount=Decimal("4.50"), amount_due=Decimal("40.50"), status="paid",
            payment_method="card", discount_source="coupon", discount_code="SPRING",
        )
        for n in range(count)
    ]  # fmt: skip
    Charge.objects.bulk_create(batch, batch_size=5000)
    del batch
    queryset = Charge.objects.order_by("pk")
    # The same 18 columns as the report.
    columns = [
        "created_at", "customer_name", "service_name", "staff_name", "starts_at", "list_price",
        "price", "discount_source", "discount_code", "discount_amount", "package_amount",
        "gift_card_amount", "credits_amount", "points_used", "amount_due", "status",
        "payment_method", "currency",
    ]  # fmt: skip

    def ours_xlsx():
        resource = BillingResource()
        exporters.write_xlsx(
            resource.get_export_headers(), exporters.rows_of(resource, queryset)
        ).close()

    def floor_xlsx():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(columns)
        for row in queryset.values_list(*columns).iterator(chunk_size=2000):
            # Excel takes no time zones: drop them (the least any export must do).
            sheet.append([row[0].replace(tzinfo=None), *row[1:4], row[4].replace(tzinfo=None),
                          *row[5:]])  # fmt: skip
        workbook.save(io.BytesIO())

    def import_export_xlsx():
        BillingResource().export(queryset).export("xlsx")

    def ours_csv():
        resource = BillingResource()
        for _line in exporters.csv_stream(
            resource.get_export_headers(), exporters.rows_of(resource, queryset)
        ):
            pass

    def floor_csv():
        writer = csv.writer(io.StringIO())
        writer.writerow(columns)
        for row in queryset.values_list(*columns).iterator(chunk_size=2000):
            writer.writerow(row)

    def import_export_csv():
        BillingResource().export(queryset).export("csv")

    print(f"Export of {count:,} billing rows on {vendor}")
    for fmt, runs in (
        (
            "xlsx",
            (("ours", ours_xlsx), ("floor", floor_xlsx), ("import-export", import_export_xlsx)),
        ),
        ("csv", (("ours", ours_csv), ("floor", floor_csv), ("import-export", import_export_csv))),
    ):
        results = {name: measure(function, memory) for name, function in runs}
        floor = results["floor"][0]
        for name, (seconds, peak) in results.items():
            ratio = seconds / floor
            peak_text = "" if peak is None else f"  peak {peak:7.1f} MiB"
            print(f"  {fmt:<5} {name:<14} {seconds:7.2f} s  x{ratio:5.2f} of floor{peak_text}")


if __name__ == "__main__":
    rows = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    main(rows[0] if rows else 200_000, memory="--memory" in sys.argv)
