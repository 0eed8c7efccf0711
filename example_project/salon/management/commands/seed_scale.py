"""Fill the example database at scale: 1,000,000 ledger entries and 200,000 charges.

    python example_project/manage.py seed_scale                 # the full size
    python example_project/manage.py seed_scale --entries 10000 --charges 2000

For measuring report pages and exports at the size of a busy chain of salons.
Rows are written with bulk inserts; every balance still equals its ledger
(``check_balances`` passes).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from example_project.salon.models import Customer, Service, Staff
from loyalty_promos.models import Charge, PointsBalance, PointsEntry
from loyalty_promos.services import payment_methods

BATCH = 5000


class Command(BaseCommand):
    help = "Add 1,000,000 points entries and 200,000 charges to the example database."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--charges", type=int, default=200_000)
        parser.add_argument("--customers", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, entries, charges, customers, seed, **options):
        rng = random.Random(seed)
        now = timezone.now()
        with transaction.atomic():
            people = Customer.objects.bulk_create(
                (Customer(first_name=f"Client{n}", last_name="Scale") for n in range(customers)),
                batch_size=BATCH,
            )
            services = list(Service.objects.all()) or [
                Service.objects.create(name="Coupe", price=Decimal("45"))
            ]
            staff = list(Staff.objects.all()) or [Staff.objects.create(name="Inès")]
            self.write_charges(rng, now, people, services, staff, charges)
            self.write_points(rng, now, people, entries)
        self.stdout.write(
            self.style.SUCCESS(f"Added {charges:,} charges and {entries:,} points entries.")
        )

    def write_charges(self, rng, now, people, services, staff, count):
        methods = payment_methods.active_methods()

        def charge(n):
            service, customer = rng.choice(services), rng.choice(people)
            price = service.price
            discount = (price / 10).quantize(Decimal("0.01")) if n % 7 == 0 else Decimal("0.00")
            when = now - datetime.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
            method = methods[n % len(methods)]
            return Charge(
                customer=customer, service=service, staff=rng.choice(staff),
                customer_name=str(customer), service_name=service.name,
                staff_name=str(staff[0]), starts_at=when, ends_at=when, currency="EUR",
                list_price=price, price=price, discount_amount=discount,
                discount_source="coupon" if discount else "",
                discount_code="SCALE" if discount else "",
                amount_due=price - discount, status="paid", paid_at=when,
                method=method, payment_method=method.name,
            )  # fmt: skip

        for start in range(0, count, BATCH):
            Charge.objects.bulk_create(
                [charge(n) for n in range(start, min(count, start + BATCH))], batch_size=BATCH
            )

    def write_points(self, rng, now, people, count):
        """One-point lots (earned or adjusted), a fifth already expired or spent."""
        kinds = [PointsEntry.Kind.EARN, PointsEntry.Kind.ADJUST]
        for start in range(0, count, BATCH):
            PointsEntry.objects.bulk_create(
                [
                    PointsEntry(
                        customer=rng.choice(people),
                        kind=rng.choice(kinds),
                        points=1,
                        balance_after=0,
                        remaining=1,
                        expires_at=now + datetime.timedelta(days=rng.randrange(-60, 365)),
                        description="scale",
                    )
                    for _ in range(start, min(count, start + BATCH))
                ],
                batch_size=BATCH,
            )
        # Cached balances equal to the ledger, in one pass.
        totals = (
            PointsEntry.objects.filter(customer__in=people)
            .values("customer")
            .annotate(n=Count("pk"))
        )
        balances = {row["customer"]: row["n"] for row in totals}
        existing = set(
            PointsBalance.objects.filter(customer__in=people).values_list("customer", flat=True)
        )
        PointsBalance.objects.bulk_create(
            [
                PointsBalance(customer_id=pk, balance=n)
                for pk, n in balances.items()
                if pk not in existing
            ],
            batch_size=BATCH,
        )
