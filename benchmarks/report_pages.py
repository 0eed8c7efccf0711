"""Time the points and balances report pages at 100,000 and 1,000,000 ledger entries.

    .venv/bin/python benchmarks/report_pages.py [SMALL] [LARGE] [ROUNDS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python benchmarks/report_pages.py

A busy salon's ledger over one year (written in time order, as a ledger is;
statistics refreshed on PostgreSQL as autovacuum would after such a load):
10,000 customers, SMALL entries, of
which 20,000 lots still hold points (the rest spent or written off). The
pages are timed (the quickest of ROUNDS warm loads and the time its SQL
took, as a superuser through the test client), then the same year is
filled up to LARGE entries — ten times the activity, the same 20,000 live
lots — and the pages are timed again. The
ratio large / small is what must stay under 2. The first load after the
ledger grew sums the year's closed days again (the script writes a whole year
at once; a site's days are summed one by one as they close): its time is
printed. ``--slowest`` prints the three slowest queries of each page.
"""

import datetime
import random
import sys
import time

from _setup import page_loader, setup_django

LIVE_LOTS = 20_000
CUSTOMERS = 10_000
BATCH = 5_000


def main(small: int, large: int, rounds: int) -> None:
    vendor = setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from example_project.salon.models import Customer
    from loyalty_promos.models import PointsBalance, PointsEntry
    from loyalty_promos.services import rollups

    rng = random.Random(7)
    now = timezone.now()
    people = Customer.objects.bulk_create(
        (Customer(first_name=f"C{n}", last_name="Scale") for n in range(CUSTOMERS)),
        batch_size=BATCH,
    )

    def fill(count: int, live: int) -> None:
        """``count`` entries over the last year, written in time order as a ledger is."""
        kinds = ["earn", "adjust", "spend"]
        moments = sorted(rng.randrange(0, 365 * 1440) for _ in range(count))[::-1]
        for start in range(0, count, BATCH):
            rows = []
            for n in range(start, min(count, start + BATCH)):
                lot = n < live
                rows.append(
                    PointsEntry(
                        customer=rng.choice(people), kind=rng.choice(kinds[:2] if lot else kinds),
                        points=1, balance_after=0, remaining=1 if lot else 0,
                        expires_at=now + datetime.timedelta(days=rng.randrange(1, 365)),
                        created_at=now - datetime.timedelta(minutes=moments[n]),
                        description="scale",
                    )
                )  # fmt: skip
            PointsEntry.objects.bulk_create(rows, batch_size=BATCH)
        totals = PointsEntry.objects.values("customer").annotate(n=Count("pk")).order_by()
        PointsBalance.objects.all().delete()
        PointsBalance.objects.bulk_create(
            (PointsBalance(customer_id=row["customer"], balance=row["n"]) for row in totals),
            batch_size=BATCH,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after such a load

    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
    client = Client()
    client.force_login(user)
    load = page_loader(client)
    pages = [("points", {}), ("points", {"kind": "earn"}), ("balances", {})]

    def measure(label: str) -> dict:
        # The benchmark writes a year at once: the daily totals are summed again here, as
        # the days would have been closed one by one as the year went by.
        started = time.perf_counter()
        rollups.rebuild_points_days()
        print(
            f"  {label}: daily totals of the year summed in {time.perf_counter() - started:.1f} s"
        )
        times = {}
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            for code, params in pages:
                if "--slowest" in sys.argv:
                    url = reverse("admin:loyalty_promos_report", args=[code])
                    with CaptureQueriesContext(connection) as captured:
                        client.get(url, params)
                    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
                    for query in slowest[:3]:
                        print(f"    {code} {params} {query['time']} s {query['sql'][:150]}")
                url = reverse("admin:loyalty_promos_report", args=[code])
                runs = []
                for _ in range(rounds):
                    reset_queries()  # the query log keeps 9,000 queries: room for these
                    with CaptureQueriesContext(connection) as captured:
                        seconds, count = load(url, params)
                    # The second half of what load() captured: the timed request.
                    timed = captured.captured_queries[len(captured) - count :]
                    runs.append((seconds, count, sum(float(q["time"]) for q in timed)))
                seconds = min(r[0] for r in runs)  # the least disturbed run
                sql = min(r[2] for r in runs)
                times[(code, str(params))] = (seconds, runs[0][1], sql)
        return times

    started = time.perf_counter()
    fill(small, LIVE_LOTS)
    seconds = time.perf_counter() - started
    print(f"Report pages on {vendor}: filled {small:,} entries in {seconds:.0f} s")
    before = measure(f"{small:,}")
    started = time.perf_counter()
    fill(large - small, 0)
    print(f"  filled up to {large:,} entries in {time.perf_counter() - started:.0f} s")
    after = measure(f"{large:,}")
    print(f"  {'page':<26} {small:>9,} {large:>9,}  ratio   SQL {small:,} / {large:,}  queries")
    for key, (seconds, queries, sql) in before.items():
        later, later_queries, later_sql = after[key]
        label = f"{key[0]} {key[1] if key[1] != '{}' else ''}".strip()
        print(
            f"  {label:<26} {seconds * 1000:6.0f} ms {later * 1000:6.0f} ms  x{later / seconds:.2f}"
            f"   {sql * 1000:5.1f} / {later_sql * 1000:5.1f} ms  {queries} / {later_queries}"
        )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4] if a.isdigit()]
    main(*(args + [100_000, 1_000_000, 5][len(args) :]))
