"""Fill the example salon with a believable year of activity, in seconds.

    python example_project/manage.py seed_demo            # once; does nothing if data exists
    python example_project/manage.py seed_demo --flush    # start again from scratch

Names are French and Romanian (Faker with a fixed seed, so every run gives
the same salon), appointments cover the past year and the coming month.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from faker import Faker

from example_project.salon.models import Appointment, Customer, RecurringSeries, Service, Staff
from loyalty_promos import api
from loyalty_promos.models import (
    Charge,
    Coupon,
    CreditBalance,
    CreditEntry,
    CreditPack,
    CustomerDiscount,
    CustomerPackage,
    EarningRule,
    GiftCard,
    LoyaltyProgram,
    PackagePlan,
    PointsBalance,
    PointsEntry,
    PricingRule,
    Purchase,
    Redemption,
    Reward,
    RewardRedemption,
)
from loyalty_promos.services import wallet

SERVICES = [
    # name, price (EUR), minutes
    ("Coupe femme", "45.00", 45),
    ("Coupe homme", "25.00", 30),
    ("Brushing", "30.00", 30),
    ("Coloration", "70.00", 90),
    ("Balayage", "120.00", 120),
    ("Soin du visage", "60.00", 60),
    ("Manucure", "35.00", 45),
    ("Massage relaxant", "80.00", 60),
]
STAFF = ["Inès", "Camille", "Léa", "Andreea", "Ioana", "Mihai"]
OPENING_HOUR, CLOSING_HOUR = 9, 19
ADMIN_USERNAME = ADMIN_PASSWORD = "admin"


def no_notification(customer, subject, message):
    """Demo customers are not told about their points (nobody reads the console)."""


class Command(BaseCommand):
    help = "Create demo data for the example salon (services, staff, customers, appointments)."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=300)
        parser.add_argument("--appointments", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--flush", action="store_true", help="Delete demo data first.")

    def handle(self, *args, customers, appointments, seed, flush, **options):
        if flush:
            self.flush()
        if Appointment.objects.exists():
            self.stdout.write("Demo data already present; use --flush to recreate it.")
        else:
            quiet = {**settings.LOYALTY_PROMOS, "POINTS_NOTIFIER": f"{__name__}.no_notification"}
            with override_settings(LOYALTY_PROMOS=quiet), transaction.atomic():
                self.seed(customers, appointments, seed)
        self.ensure_admin()

    def flush(self):
        with transaction.atomic():
            # Ledgers first: they protect the customers they belong to.
            Purchase.objects.all().delete()  # protects what it delivered
            Redemption.objects.all().delete()
            Charge.objects.all().delete()
            Coupon.objects.all().delete()
            CustomerPackage.objects.all().delete()
            PackagePlan.objects.all().delete()
            CreditEntry.objects.all().delete()
            CreditBalance.objects.all().delete()
            CreditPack.objects.all().delete()
            GiftCard.objects.all().delete()
            PricingRule.objects.all().delete()
            RewardRedemption.objects.all().delete()
            PointsEntry.objects.all().delete()
            PointsBalance.objects.all().delete()
            EarningRule.objects.all().delete()
            Reward.objects.all().delete()
            LoyaltyProgram.objects.all().delete()
            CustomerDiscount.objects.all().delete()
            Appointment.objects.all().delete()
            RecurringSeries.objects.all().delete()
            Customer.objects.all().delete()
            Staff.objects.all().delete()
            Service.objects.all().delete()
        self.stdout.write("Demo data deleted.")

    def seed(self, customer_count: int, appointment_count: int, seed: int) -> None:
        rng = random.Random(seed)
        fake = Faker(["fr_FR", "ro_RO"])
        Faker.seed(seed)

        services = Service.objects.bulk_create(
            Service(name=name, price=Decimal(price), duration_minutes=minutes)
            for name, price, minutes in SERVICES
        )
        staff = Staff.objects.bulk_create(Staff(name=name) for name in STAFF)
        for member in staff:
            member.services.set(rng.sample(services, k=rng.randint(3, len(services))))
        customers = Customer.objects.bulk_create(
            self.make_customer(fake, rng, n) for n in range(customer_count)
        )

        now = timezone.localtime()
        bookings = [
            self.make_appointment(rng, now, customers, services, staff)
            for _ in range(appointment_count)
        ]
        bookings += self.make_series(rng, now, customers, services, staff)
        Appointment.objects.bulk_create(bookings, batch_size=1000)

        discounted = rng.sample(customers, k=max(1, customer_count // 20))
        CustomerDiscount.objects.bulk_create(
            CustomerDiscount(customer=c, percent=Decimal(rng.choice([5, 10, 15])))
            for c in discounted
        )
        coupons = self.make_coupons(now, services)
        self.make_offers(rng, now, services, customers)
        self.make_loyalty(services)
        charges = self.check_out(rng, now)
        points = self.award_and_redeem(rng, now, customers)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(services)} services, {len(staff)} staff, "
                f"{len(customers)} customers, {len(bookings)} appointments, "
                f"{len(discounted)} permanent discounts, {coupons} promo codes, "
                f"{charges} charges, {points} points entries."
            )
        )

    def make_coupons(self, now, services) -> int:
        """Promo codes as a salon runs them, and their uses on past appointments."""
        day = datetime.timedelta(days=1)
        api.create_coupon(
            name="Bienvenue", code="BIENVENUE10", discount_value=Decimal("10"),
            first_booking_only=True, description="Nouveaux clients",
        )  # fmt: skip
        api.create_coupon(
            name="Happy hour", code="HAPPY20", discount_value=Decimal("20"),
            time_from=datetime.time(14), time_until=datetime.time(16), weekdays=[0, 1, 2, 3],
        )  # fmt: skip
        api.create_coupon(
            name="Week-end", code="WEEKEND5", discount_type="amount", discount_value=Decimal("5"),
            weekdays=[5], max_uses_per_customer=None,
        )  # fmt: skip
        api.create_coupon(
            name="Noël 2025", code="NOEL25", discount_value=Decimal("25"),
            valid_from=now - 400 * day, valid_until=now - 30 * day, max_uses=200,
        )  # fmt: skip
        api.create_coupon(
            name="Soin visage offert", code="VISAGE100", discount_value=Decimal("100"),
            max_uses=5, staff_only=True, services=[s for s in services if "visage" in s.name],
        )  # fmt: skip
        flyers = Coupon.objects.create(
            name="Flyers printemps", discount_value=Decimal("15"), max_uses_per_customer=1
        )
        api.generate_codes(flyers, 200, length=8, prefix="FL", label="Flyers printemps")
        return Coupon.objects.count()

    def make_offers(self, rng, now, services, customers) -> None:
        """Pricing rules, packages, credits and gift cards as the salon sells them."""
        by_name = {s.name: s for s in services}
        saturday = PricingRule.objects.create(
            name="Samedi +10 %", kind="percent", value=Decimal("10"), weekdays=[5], priority=1
        )
        saturday.services.set([by_name["Balayage"], by_name["Coloration"]])
        PricingRule.objects.create(
            name="Soldes de janvier", kind="percent", value=Decimal("-15"), priority=5,
            date_from=datetime.date(now.year, 1, 8), date_until=datetime.date(now.year, 1, 31),
        )  # fmt: skip
        massages = PackagePlan.objects.create(
            name="5 massages", kind="visit_pack", price=Decimal("360"), visits=5,
            validity_count=6, validity_unit="months", cancellation="forfeit_late",
        )  # fmt: skip
        massages.services.set([by_name["Massage relaxant"]])
        carte = PackagePlan.objects.create(
            name="Carte beauté 200", kind="credit_pack", price=Decimal("180"),
            credit=Decimal("200"), validity_count=1, validity_unit="years",
        )  # fmt: skip
        PackagePlan.objects.create(
            name="Pass brushing illimité", kind="time_pass", price=Decimal("90"),
            validity_count=1, validity_unit="months", sellable_online=True,
        ).services.set([by_name["Brushing"]])  # fmt: skip
        month = datetime.timedelta(days=30)
        for customer in rng.sample(customers, k=min(12, len(customers))):
            api.assign_package(customer, massages, starts=now - 2 * month)
        for customer in rng.sample(customers, k=min(8, len(customers))):
            api.assign_package(customer, carte, starts=now - 3 * month)
        pack = CreditPack.objects.create(
            name="100 € pour 90 €", value=Decimal("100"), price=Decimal("90")
        )
        for customer in rng.sample(customers, k=min(25, len(customers))):
            wallet.sell_credit_pack(customer, pack)
        for customer in rng.sample(customers, k=min(10, len(customers))):
            api.add_credit(customer, Decimal(rng.choice([10, 15, 20])), "Geste commercial",
                           kind="discount")  # fmt: skip
        for _ in range(15):
            api.issue_gift_card(
                Decimal(rng.choice([30, 50, 80, 100])),
                owner=rng.choice(customers),
                expires_at=now + 12 * month,
            )

    def make_loyalty(self, services) -> None:
        """The programme: points valid 12 months, awarded 3 hours after the appointment."""
        program = LoyaltyProgram.get()
        program.is_enabled = True
        program.validity_count, program.validity_unit = 12, "months"
        program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
        program.save()
        EarningRule.objects.create(name="1 point par euro", kind="per_amount", points=1,
                                   amount_step=Decimal("1"))  # fmt: skip
        EarningRule.objects.create(name="10e visite", kind="nth_visit", points=100,
                                   visit_number=10, repeat=True)  # fmt: skip
        colour = EarningRule.objects.create(name="Bonus coloration", kind="service", points=20)
        colour.services.set([s for s in services if s.name in ("Coloration", "Balayage")])
        Reward.objects.create(name="5 € de réduction", points_cost=100, kind="amount",
                              value=Decimal("5"))  # fmt: skip
        Reward.objects.create(name="Carte cadeau 20 €", points_cost=350, kind="gift_card",
                              value=Decimal("20"))  # fmt: skip
        brushing = next(s for s in services if s.name == "Brushing")
        Reward.objects.create(name="Brushing offert", points_cost=250, kind="free_service",
                              value=Decimal("100"), service=brushing)  # fmt: skip

    def award_and_redeem(self, rng, now, customers) -> int:
        """A year of awards (the job, run as the host would), some rewards and expiries."""
        api.award_due_points(now)
        for customer in rng.sample(customers, k=min(20, len(customers))):
            api.adjust_points(customer, rng.choice([50, 100, 400]), "Bienvenue au programme")
        rewards = list(Reward.objects.all())
        for balance in PointsBalance.objects.filter(balance__gte=350).select_related("customer")[
            :8
        ]:
            api.redeem_reward(balance.customer, rng.choice(rewards))
        # Some very old points, already past their expiry, for the expiry job to write off.
        old = PointsEntry.objects.filter(kind="adjust", remaining__gt=0)[:5]
        PointsEntry.objects.filter(pk__in=[e.pk for e in old]).update(
            expires_at=now - datetime.timedelta(days=2)
        )
        api.expire_points(now)
        return PointsEntry.objects.count()

    def check_out(self, rng, now) -> int:
        """Charges for the last two months: paid when done, void for a no-show."""
        since = now - datetime.timedelta(days=60)
        recent = Appointment.objects.filter(start__gte=since, start__lt=now).order_by("start")
        flyers = list(
            Coupon.objects.get(name="Flyers printemps").codes.values_list("code", flat=True)
        )
        cards = list(GiftCard.objects.values_list("code", flat=True))
        count = 0
        for appointment in recent.select_related("customer", "service", "staff"):
            if appointment.status == Appointment.Status.CANCELLED:
                continue  # a cancelled booking is never charged
            options = {"use_credits": rng.random() < 0.5}
            if rng.random() < 0.15 and flyers:
                options["code"] = flyers.pop()
            elif rng.random() < 0.1:
                options["code"] = "WEEKEND5"
            if rng.random() < 0.05 and cards:
                options["gift_card"] = rng.choice(cards)
            try:
                charge = api.checkout(appointment, **options)
            except ValidationError:
                charge = api.checkout(appointment)  # the code was refused at the till
            count += 1
            if appointment.status == Appointment.Status.NO_SHOW:
                api.void(charge, no_show=True)
            elif charge.status == Charge.Status.PENDING:
                api.pay(charge, method=rng.choice(["card", "card", "cash"]))
        return count

    @staticmethod
    def make_customer(fake: Faker, rng: random.Random, n: int) -> Customer:
        locale = fake["fr_FR"] if n % 3 else fake["ro_RO"]
        first, last = locale.first_name(), locale.last_name()
        return Customer(
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{n}@example.com".lower().replace(" ", ""),
            phone=locale.phone_number() if rng.random() < 0.9 else "",
        )

    @staticmethod
    def slot(rng: random.Random, day: datetime.date, minutes: int) -> datetime.datetime:
        latest = (CLOSING_HOUR - OPENING_HOUR) * 60 - minutes
        offset = rng.randrange(0, latest + 1, 15)
        naive = datetime.datetime.combine(day, datetime.time(OPENING_HOUR)) + datetime.timedelta(
            minutes=offset
        )
        return timezone.make_aware(naive)

    def make_appointment(self, rng, now, customers, services, staff, day=None, **extra):
        if day is None:
            # Nine in ten in the past year, the rest in the coming month; closed on Sundays.
            days = -rng.randint(1, 365) if rng.random() < 0.9 else rng.randint(0, 30)
            day = now.date() + datetime.timedelta(days=days)
            if day.weekday() == 6:
                day -= datetime.timedelta(days=1)
        service = rng.choice(services)
        start = self.slot(rng, day, service.duration_minutes)
        if start < now:
            status = rng.choices(
                [
                    Appointment.Status.COMPLETED,
                    Appointment.Status.CANCELLED,
                    Appointment.Status.NO_SHOW,
                ],
                weights=[88, 7, 5],
            )[0]
        else:
            status = (
                Appointment.Status.CANCELLED if rng.random() < 0.05 else Appointment.Status.BOOKED
            )
        return Appointment(
            customer=extra.get("customer") or rng.choice(customers),
            service=extra.get("service") or service,
            staff=rng.choice(staff),
            start=start,
            end=start + datetime.timedelta(minutes=service.duration_minutes),
            status=status,
            series=extra.get("series"),
        )

    def make_series(self, rng, now, customers, services, staff):
        """A few weekly series (e.g. a course of six massages), some still running."""
        bookings = []
        for n in range(20):
            series = RecurringSeries.objects.create(label=f"Série hebdomadaire {n + 1}")
            customer, service = rng.choice(customers), rng.choice(services)
            first = now.date() - datetime.timedelta(days=rng.randint(0, 200))
            for week in range(rng.randint(4, 6)):
                day = first + datetime.timedelta(weeks=week)
                if day.weekday() == 6:
                    day -= datetime.timedelta(days=1)
                bookings.append(
                    self.make_appointment(
                        rng,
                        now,
                        customers,
                        services,
                        staff,
                        day=day,
                        customer=customer,
                        service=service,
                        series=series,
                    )
                )
        return bookings

    def ensure_admin(self) -> None:
        User = get_user_model()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Admin login: {ADMIN_USERNAME} / {ADMIN_PASSWORD}"))
