"""Time the award and expiry jobs, with their queries per charge and per lot.

    .venv/bin/python benchmarks/points_jobs.py [CHARGES] [LOTS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python benchmarks/points_jobs.py

CHARGES paid charges of yesterday's bookings (1,000 customers, two earning
rules) are awarded by ``award_due_points``; then LOTS expired lots (the same
customers) are written off by ``expire_points``. Each job runs at two sizes
(a tenth, then the whole) so the figures show it linear: the time and the
queries per item are the same at both sizes.
"""

import datetime
import sys
import time
from decimal import Decimal

from _setup import setup_django

CUSTOMERS = 1_000
BATCH = 5_000


def main(charges: int, lots: int) -> None:
    vendor = setup_django()
    from django.db import connection, reset_queries
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from example_project.salon.models import Appointment, Customer, Service
    from loyalty_promos import api
    from loyalty_promos.models import (
        Charge,
        EarningRule,
        LoyaltyProgram,
        PointsBalance,
        PointsEntry,
    )

    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 0
    program.save()
    EarningRule.objects.create(name="Visit", kind="service", points=10)
    EarningRule.objects.create(name="Spend", kind="per_amount", points=1, amount_step=Decimal("10"))
    service = Service.objects.create(name="Coupe", price=Decimal("45"))
    people = Customer.objects.bulk_create(
        Customer(first_name=f"C{n}", last_name="Jobs") for n in range(CUSTOMERS)
    )
    start = timezone.now() - datetime.timedelta(days=1)

    def paid(count):
        bookings = Appointment.objects.bulk_create(
            (
                Appointment(customer=people[n % CUSTOMERS], service=service, start=start,
                            end=start + datetime.timedelta(hours=1))
                for n in range(count)
            ),
            batch_size=BATCH,
        )  # fmt: skip
        Charge.objects.bulk_create(
            (
                Charge(
                    booking=b, customer=b.customer, service=service, starts_at=start,
                    ends_at=start, currency="EUR", list_price=45, price=45, amount_due=45,
                    status="paid", paid_at=start,
                )
                for b in bookings
            ),
            batch_size=BATCH,
        )  # fmt: skip

    def expired(count):
        """``count`` one-point lots, expired yesterday; the balances hold them."""
        PointsEntry.objects.bulk_create(
            (
                PointsEntry(
                    customer=people[n % CUSTOMERS], kind="adjust", points=1, balance_after=0,
                    remaining=1, expires_at=start, description="old",
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )  # fmt: skip
        for n, customer in enumerate(people):
            held = count // CUSTOMERS + (1 if n < count % CUSTOMERS else 0)
            PointsBalance.objects.filter(customer=customer).update(balance=F("balance") + held)

    def run(job, label, count):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            done = job()
            seconds = time.perf_counter() - started
        print(
            f"  {label:<8} {count:>8,} items  {seconds:7.2f} s  "
            f"{seconds / count * 1000:6.2f} ms each  {len(queries) / count:5.2f} queries each  "
            f"({done:,} entries)"
        )

    print(f"Points jobs on {vendor} ({CUSTOMERS:,} customers)")
    for count in (charges // 10, charges):
        paid(count)
        if "--profile" in sys.argv and count == charges:
            import cProfile
            import pstats

            cProfile.runctx("api.award_due_points()", globals(), locals(), "/tmp/award.prof")
            pstats.Stats("/tmp/award.prof").sort_stats("cumulative").print_stats(45)
            return
        run(api.award_due_points, "award", count)
    for count in (lots // 10, lots):
        expired(count)
        run(api.expire_points, "expire", count)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3] if a.isdigit()]
    main(*(args + [20_000, 50_000][len(args) :]))
