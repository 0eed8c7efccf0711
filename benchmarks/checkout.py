"""Time api.checkout against the bare writes of a billing record, booking by booking.

    .venv/bin/python benchmarks/checkout.py [COUNT]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loyalty_promos \
        .venv/bin/python benchmarks/checkout.py

Each of our checkouts reads the pricing rules, checks a promo code, finds a
package, a gift card and the credit balance, locks what it consumes and
writes the charge, its lines and the ledger entries. The baseline writes
only a Charge row and its four lines per booking (what any billing code has
to write), so the ratio is the price of the rules and the guarantees.
"""

import datetime
import sys
from decimal import Decimal

from _setup import report, setup_django, timed


def main(count: int) -> None:
    vendor = setup_django()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from example_project.salon.models import Appointment, Customer, Service, Staff
    from loyalty_promos import api
    from loyalty_promos.models import Charge, ChargeLine, PricingRule

    service = Service.objects.create(name="Coupe", price=Decimal("45"))
    staff = Staff.objects.create(name="Inès")
    customers = Customer.objects.bulk_create(
        Customer(first_name=f"C{n}", last_name="Test") for n in range(count)
    )
    start = timezone.now() + datetime.timedelta(days=1)
    bookings = Appointment.objects.bulk_create(
        Appointment(customer=c, service=service, staff=staff, start=start,
                    end=start + datetime.timedelta(hours=1))
        for c in customers * 2
    )  # fmt: skip
    for n in range(20):
        PricingRule.objects.create(name=f"Rule {n}", kind="percent", value=-1, priority=-n)
    api.create_coupon(
        name="Bench", code="BENCH", discount_value=Decimal("10"), max_uses=None,
        max_uses_per_customer=None,
    )  # fmt: skip
    for customer in customers:
        api.add_credit(customer, Decimal("20"), "")

    results = {}
    ours = f"api.checkout x {count:,} (code + credits)"
    baseline = f"Charge + 4 lines x {count:,}"
    with timed(results, baseline):
        for booking in bookings[count:]:
            charge = Charge.objects.create(
                booking=booking, customer=booking.customer, service=service, staff=staff,
                currency="EUR", list_price=45, price=45, amount_due=45,
            )  # fmt: skip
            ChargeLine.objects.bulk_create(
                ChargeLine(charge=charge, position=n, kind="list_price", label="x", amount=45)
                for n in range(4)
            )
    with timed(results, ours):
        for booking in bookings[:count]:
            api.checkout(booking, code="BENCH", use_credits=True)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        api.checkout(
            Appointment.objects.create(
                customer=customers[0], service=service, staff=staff, start=start,
                end=start + datetime.timedelta(hours=1),
            ),
            code="BENCH",
        )  # fmt: skip
    report("Checkout", vendor, results, ours, baseline)
    print(f"  queries per checkout (code, no credits left): {len(queries)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
