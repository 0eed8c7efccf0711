"""Time api.checkout against the bare checkout transaction, in rotation.

    .venv/bin/python benchmarks/checkout.py [COUNT] [ROUNDS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
        .venv/bin/python benchmarks/checkout.py

Each of our checkouts reads the pricing rules (kept per process), checks a
promo code under its lock, finds the customer's packages, locks the gift card
and the credit balance, and writes the charge, its lines, the code use and the
ledger entries. The *floor* is the bare checkout transaction any billing code
must run: lock the booking, insert the charge, insert its lines, insert one
ledger row. Both run COUNT checkouts per round, in rotation (round 1: ours
then floor, round 2: floor then ours …) so the noise of a shared machine hits
both alike; the ratio is the median of the rounds' ratios.
"""

import datetime
import statistics
import sys
import time
from decimal import Decimal

from _setup import setup_django


def main(count: int, rounds: int) -> None:
    vendor = setup_django()
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from example_project.salon.models import Appointment, Customer, Service, Staff
    from loyalty_promos import api
    from loyalty_promos.models import Charge, ChargeLine, CreditEntry, PricingRule

    service = Service.objects.create(name="Coupe", price=Decimal("45"))
    staff = Staff.objects.create(name="Inès")
    customers = Customer.objects.bulk_create(
        Customer(first_name=f"C{n}", last_name="Test") for n in range(count)
    )
    start = timezone.now() + datetime.timedelta(days=1)

    def bookings():
        return Appointment.objects.bulk_create(
            Appointment(customer=c, service=service, staff=staff, start=start,
                        end=start + datetime.timedelta(hours=1))
            for c in customers
        )  # fmt: skip

    for n in range(20):
        PricingRule.objects.create(name=f"Rule {n}", kind="percent", value=-1, priority=-n)
    api.create_coupon(
        name="Bench", code="BENCH", discount_value=Decimal("10"), max_uses=10**6,
        max_uses_per_customer=None,
    )  # fmt: skip
    for customer in customers:
        api.add_credit(customer, Decimal("1000"), "")
    cards = [api.issue_gift_card(Decimal("1000")).code for _ in range(count)]

    def ours(batch):
        for booking, card in zip(batch, cards, strict=True):
            api.checkout(booking, code="BENCH", gift_card=card, use_credits=True)

    def ours_code(batch):
        for booking in batch:
            api.checkout(booking, code="BENCH")

    def floor(batch):
        for booking in batch:
            with transaction.atomic():
                Appointment.objects.select_for_update().get(pk=booking.pk)
                charge = Charge.objects.create(
                    booking=booking, customer=booking.customer, service=service, staff=staff,
                    currency="EUR", list_price=45, price=45, amount_due=45,
                )  # fmt: skip
                ChargeLine.objects.bulk_create(
                    ChargeLine(charge=charge, position=n, kind="list_price", label="x", amount=45)
                    for n in range(4)
                )
                CreditEntry.objects.create(
                    customer=booking.customer, kind="spend", amount=-1, balance_after=0,
                    charge=charge,
                )  # fmt: skip

    if "--profile" in sys.argv:
        import cProfile
        import pstats

        batch = bookings()
        cProfile.runctx("ours_code(batch)", globals(), locals(), "/tmp/checkout.prof")
        pstats.Stats("/tmp/checkout.prof").sort_stats("cumulative").print_stats(40)
        return

    variants = {
        "ours: api.checkout (code)": ours_code,
        "ours: api.checkout (code + gift card + credits)": ours,
        "floor": floor,
    }
    names = list(variants)
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios = []
    for n in range(rounds):
        order = names[n % len(names) :] + names[: n % len(names)]
        this = {}
        for name in order:
            batch = bookings()
            started = time.perf_counter()
            variants[name](batch)
            this[name] = time.perf_counter() - started
            times[name].append(this[name])
        ratios.append({name: this[name] / this["floor"] for name in names})
        print(f"  round {n + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in this.items()))
    print(f"Checkout on {vendor}, {count:,} checkouts per round, {rounds} rounds")
    for name in names:
        median = statistics.median(times[name])
        print(f"  {name:<50} {median:7.2f} s  {median / count * 1000:6.2f} ms each")
    for name in names[:-1]:
        ratio = statistics.median(r[name] for r in ratios)
        print(f"  ratio {name} / floor (median of rounds): {ratio:.2f}")

    def queries(**options):
        booking = bookings()[0]
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            api.checkout(booking, **options)
        return len(captured)

    print(f"  queries per checkout, code only: {queries(code='BENCH')}")
    print(
        "  queries per checkout, code + gift card + credits: "
        f"{queries(code='BENCH', gift_card=cards[0], use_credits=True)}"
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 500,
        int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 3,
    )
