"""Fill the example salon with a believable year of activity, in seconds.

    python example_project/manage.py seed_demo            # once; does nothing if data exists
    python example_project/manage.py seed_demo --flush    # start again from scratch

Names are French and Romanian (Faker with a fixed seed, so every run gives
the same salon); appointments cover the past year and the coming month.

The year is *lived*, not written: every checkout, payment, package, credit,
gift card, code sent, points award, reward and expiry goes through the app's
services at the moment it happened (time-machine moves the clock there), so
charts and date filters show twelve months, dates are what they would have
been, and every balance equals its ledger (``check_balances``).

What staff find to work with:

* pending charges (the last two days' appointments, not paid yet) to apply a
  code to or mark paid, and this morning's appointments still to check out;
* Camille Dupont (login ``camille``), a customer with every kind of value:
  points (some expiring within the month, enough for the gift-card reward),
  credits, a visit pack, a credit pack, a gift card, a permanent discount and
  a pending charge;
* customers who log in to the salon's public pages (:data:`DEMO_LOGINS`),
  printed with the admin login.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

import django
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
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
    CodeShare,
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
from loyalty_promos.services import clock, sharing, wallet

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
HAIR = ("Coupe femme", "Coupe homme", "Brushing", "Coloration", "Balayage")
STAFF = ["Inès", "Camille", "Léa", "Andreea", "Ioana", "Mihai"]
OPENING_HOUR, CLOSING_HOUR = 9, 19
ADMIN_USERNAME = ADMIN_PASSWORD = "admin"
#: Customers who log in to the public pages: username, first name, last name, language.
#: The first one holds every kind of value.
DEMO_LOGINS = [
    ("camille", "Camille", "Dupont", "fr"),
    ("ioana", "Ioana", "Popescu", "ro"),
    ("emma", "Emma", "Walker", "en"),
]
CUSTOMER_PASSWORD = "demo"
#: The charges of the last days stay pending: the desk applies a code, then takes the payment.
PENDING_DAYS = 2
METHODS = ["card", "card", "cash"]


def no_notification(customer, subject, message):
    """Demo customers are not told about their points (nobody reads the console)."""


def at(moment: datetime.datetime):
    """Run the services as if the clock showed ``moment`` (and stood still)."""
    return time_machine.travel(moment, tick=False)


def quiet_settings() -> dict:
    """No emails, no notifications, no query log while a year is written."""
    quiet = {
        "LOYALTY_PROMOS": {
            **settings.LOYALTY_PROMOS,
            "POINTS_NOTIFIER": f"{__name__}.no_notification",
        },
        "DEBUG": False,
    }
    if django.VERSION >= (6, 1):
        quiet["MAILERS"] = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    else:
        quiet["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    return quiet


class Command(BaseCommand):
    help = "Create demo data for the example salon (services, staff, customers, a year of it)."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=300)
        parser.add_argument("--appointments", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--flush", action="store_true", help="Delete demo data first.")

    def handle(self, *args, customers, appointments, seed, flush, **options):
        if flush:
            self.flush()
        if Appointment.objects.exists():
            self.stdout.write("Demo data already present; use --flush to recreate it.")
        else:
            with override_settings(**quiet_settings()), transaction.atomic():
                self.seed(customers, appointments, seed)
        self.ensure_admin()
        self.print_logins()

    def flush(self):
        with transaction.atomic():
            # Ledgers first: they protect the customers they belong to.
            Purchase.objects.all().delete()  # protects what it delivered
            Redemption.objects.all().delete()
            Charge.objects.all().delete()
            CodeShare.objects.all().delete()
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
            usernames = [username for username, *_ in DEMO_LOGINS]
            get_user_model().objects.filter(username__in=usernames).delete()
        self.stdout.write("Demo data deleted.")

    # The salon as it opened, thirteen months ago --------------------------------------------

    def seed(self, customer_count: int, appointment_count: int, seed: int) -> None:
        rng = random.Random(seed)
        fake = Faker(["fr_FR", "ro_RO"])
        Faker.seed(seed)
        self.now = clock.local(timezone.now())
        self.today = self.now.date()
        self.events: list[tuple[datetime.datetime, int, Callable[[], object]]] = []
        opening = clock.add_months(self.now, -13).replace(hour=9, minute=0, second=0, microsecond=0)

        with at(opening):
            services = Service.objects.bulk_create(
                Service(name=name, price=Decimal(price), duration_minutes=minutes)
                for name, price, minutes in SERVICES
            )
            staff = Staff.objects.bulk_create(Staff(name=name) for name in STAFF)
            for member in staff:
                member.services.set(rng.sample(services, k=rng.randint(3, len(services))))
            people = self.make_login_customers()
            people += Customer.objects.bulk_create(
                self.make_customer(fake, rng, n)
                for n in range(max(0, customer_count - len(people)))
            )
            showcase, customers = people[0], people[1:]  # the showcase has a year of her own
            discounted = [showcase, *rng.sample(customers, k=max(0, customer_count // 20 - 1))]
            CustomerDiscount.objects.bulk_create(
                CustomerDiscount(customer=c, percent=Decimal(rng.choice([5, 10, 15])))
                for c in discounted
            )
            coupons = self.make_coupons(services)
            offers = self.make_offers(services)
            self.make_loyalty(services)
            # Welcome points for the first members: a year later the expiry job writes off
            # what is left of them.
            for customer in rng.sample(customers, k=min(20, len(customers))):
                api.adjust_points(customer, rng.choice([50, 100, 400]), "Bienvenue au programme")

        bookings = [
            self.make_appointment(rng, customers, services, staff) for _ in range(appointment_count)
        ]
        bookings += self.make_series(rng, customers, services, staff)
        Appointment.objects.bulk_create(bookings, batch_size=1000)

        self.plan_the_year(rng, opening, customers, offers)
        self.plan_the_showcase(showcase, services, offers)
        self.live()
        with at(self.now):
            api.award_due_points(self.now)
            api.expire_points(self.now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(services)} services, {len(staff)} staff, "
                f"{len(people)} customers, {Appointment.objects.count()} appointments, "
                f"{len(discounted)} permanent discounts, {coupons} promo codes, "
                f"{Charge.objects.count()} charges "
                f"({Charge.objects.filter(status='pending').count()} pending), "
                f"{PointsEntry.objects.count()} points entries, over twelve months."
            )
        )

    def make_login_customers(self) -> list[Customer]:
        User = get_user_model()
        password = make_password(CUSTOMER_PASSWORD)  # hashed once: three logins, one password
        people = []
        for username, first, last, language in DEMO_LOGINS:
            email = f"{username}@example.com"
            user = User.objects.create(username=username, email=email, password=password)
            people.append(
                Customer.objects.create(
                    first_name=first, last_name=last, email=email, language=language, user=user
                )
            )
        return people

    def make_coupons(self, services) -> int:
        """Promo codes as a salon runs them."""
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
            valid_from=self.now - 400 * day, valid_until=self.now - 30 * day, max_uses=200,
        )  # fmt: skip
        api.create_coupon(
            name="Soin visage offert", code="VISAGE100", discount_value=Decimal("100"),
            max_uses=5, staff_only=True, services=[s for s in services if "visage" in s.name],
        )  # fmt: skip
        flyers = Coupon.objects.create(
            name="Flyers printemps", discount_value=Decimal("15"), max_uses_per_customer=1
        )
        self.flyers = api.generate_codes(
            flyers, 200, length=8, prefix="FL", label="Flyers printemps"
        )
        return Coupon.objects.count()

    def make_offers(self, services) -> dict:
        """Pricing rules, packages and credit packs as the salon sells them."""
        by_name = {s.name: s for s in services}
        saturday = PricingRule.objects.create(
            name="Samedi +10 %", kind="percent", value=Decimal("10"), weekdays=[5], priority=1
        )
        saturday.services.set([by_name["Balayage"], by_name["Coloration"]])
        PricingRule.objects.create(
            name="Soldes de janvier", kind="percent", value=Decimal("-15"), priority=5,
            date_from=datetime.date(self.now.year, 1, 8),
            date_until=datetime.date(self.now.year, 1, 31),
        )  # fmt: skip
        massages = PackagePlan.objects.create(
            name="5 massages", kind="visit_pack", price=Decimal("360"), visits=5,
            validity_count=6, validity_unit="months", cancellation="forfeit_late",
        )  # fmt: skip
        massages.services.set([by_name["Massage relaxant"]])
        carte = PackagePlan.objects.create(
            name="Carte coiffure 200", kind="credit_pack", price=Decimal("180"),
            credit=Decimal("200"), validity_count=1, validity_unit="years",
        )  # fmt: skip
        carte.services.set([by_name[name] for name in HAIR])
        brushing = PackagePlan.objects.create(
            name="Pass brushing illimité", kind="time_pass", price=Decimal("90"),
            validity_count=1, validity_unit="months", sellable_online=True,
        )  # fmt: skip
        brushing.services.set([by_name["Brushing"]])
        pack = CreditPack.objects.create(  # sold at the desk and in the online shop
            name="100 € pour 90 €", value=Decimal("100"), price=Decimal("90"), sellable_online=True
        )
        return {"massages": massages, "carte": carte, "brushing": brushing, "pack": pack}

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

    # The year, lived in order ---------------------------------------------------------------

    def on(self, moment: datetime.datetime, action: Callable[[], object]) -> None:
        self.events.append((moment, len(self.events), action))

    def live(self) -> None:
        """Run every planned event at its moment, in the order they happened."""
        for moment, _, action in sorted(self.events, key=lambda event: event[:2]):
            with at(moment):
                action()

    def some_day(self, rng, days_back: int, hour: int = 11) -> datetime.datetime:
        """A moment on a random day among the last ``days_back``, during opening hours."""
        day = self.today - datetime.timedelta(days=rng.randint(1, days_back))
        return clock.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def days_ago(self, days: int, hour: int = 11) -> datetime.datetime:
        day = self.today - datetime.timedelta(days=days)
        return clock.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def plan_the_year(self, rng, opening, customers, offers) -> None:
        """The year's events. Appointments exist from the start here, so packages are given
        ``include_existing``: they cover what, in a real year, would be booked afterwards."""
        gift_cards: list[str] = []
        shared: dict[int, str] = {}

        # The weekly jobs, as a host's scheduler runs them: Monday night.
        moment = opening + datetime.timedelta(days=7 - opening.weekday())
        while moment < self.now:
            job = moment.replace(hour=3)
            self.on(job, lambda when=job: (api.award_due_points(when), api.expire_points(when)))
            moment += datetime.timedelta(days=7)

        for customer in rng.sample(customers, k=min(12, len(customers))):
            self.on(self.some_day(rng, 240), lambda c=customer: api.assign_package(
                c, offers["massages"], starts=timezone.now(), include_existing=True))  # fmt: skip
        for customer in rng.sample(customers, k=min(8, len(customers))):
            self.on(self.some_day(rng, 360), lambda c=customer: api.assign_package(
                c, offers["carte"], starts=timezone.now(), include_existing=True))  # fmt: skip
        for customer in rng.sample(customers, k=min(4, len(customers))):
            self.on(self.some_day(rng, 50), lambda c=customer: api.assign_package(
                c, offers["brushing"], starts=timezone.now(), include_existing=True))  # fmt: skip
        for customer in rng.sample(customers, k=min(25, len(customers))):
            self.on(self.some_day(rng, 360),
                    lambda c=customer: wallet.sell_credit_pack(c, offers["pack"]))  # fmt: skip
        for customer in rng.sample(customers, k=min(10, len(customers))):
            amount = Decimal(rng.choice([10, 15, 20]))
            self.on(self.some_day(rng, 360), lambda c=customer, a=amount: api.add_credit(
                c, a, "Geste commercial", kind="discount"))  # fmt: skip

        def issue_card(owner, value):
            card = api.issue_gift_card(
                value, owner=owner, expires_at=clock.add_months(timezone.now(), 12)
            )
            gift_cards.append(card.code)

        for _ in range(15):
            owner, value = rng.choice(customers), Decimal(rng.choice([30, 50, 80, 100]))
            self.on(self.some_day(rng, 360), lambda o=owner, v=value: issue_card(o, v))

        def redeem():
            rich = PointsBalance.objects.filter(balance__gte=350, customer__in=customers)
            balances = list(rich.select_related("customer").order_by("customer_id"))
            if balances:
                customer = rng.choice(balances).customer
                api.redeem_reward(customer, rng.choice(list(Reward.objects.order_by("pk"))))

        for _ in range(8):
            self.on(self.some_day(rng, 180, hour=12), redeem)

        def send_flyers(chosen):
            sharing.share_batch(self.flyers, chosen)
            for share in CodeShare.objects.filter(batch=self.flyers):
                shared[share.customer_id] = share.code_text

        chosen = rng.sample(customers, k=min(40, len(customers)))
        self.on(self.days_ago(90), lambda: send_flyers(chosen))

        def check_out(appointment):
            # The last days' are left to the desk whole: it chooses credits, codes, the method.
            options = {"use_credits": rng.random() < 0.5 and not self.is_recent(appointment)}
            if appointment.customer_id in shared and rng.random() < 0.6:
                options["code"] = shared.pop(appointment.customer_id)
            elif rng.random() < 0.1:
                options["code"] = "WEEKEND5"
            if rng.random() < 0.05 and gift_cards:
                options["gift_card"] = rng.choice(gift_cards)
            self.check_out(appointment, rng, **options)

        past = Appointment.objects.filter(
            start__date__lt=self.today,
            status__in=[Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW],
        ).select_related("customer", "service", "staff")
        for appointment in past:
            self.on(appointment.end + datetime.timedelta(minutes=5),
                    lambda a=appointment: check_out(a))  # fmt: skip

    def check_out(self, appointment, rng, **options) -> Charge:
        """The desk at the end of an appointment: check out, then void a no-show or take the
        payment; the last days' charges are left for the desk to finish."""
        try:
            charge = api.checkout(appointment, **options)
        except ValidationError:
            charge = api.checkout(appointment)  # the code was refused at the till
        if appointment.status == Appointment.Status.NO_SHOW:
            return api.void(charge, no_show=True)
        if charge.status == Charge.Status.PENDING and not self.is_recent(appointment):
            return api.pay(charge, method=rng.choice(METHODS))
        return charge

    def is_recent(self, appointment) -> bool:
        """One of the last days': its charge is left pending."""
        since = self.today - datetime.timedelta(days=PENDING_DAYS)
        return clock.local(appointment.start).date() >= since

    def plan_the_showcase(self, camille, services, offers) -> None:
        """Camille Dupont: a year at the salon that leaves her every kind of value."""
        by_name = {s.name: s for s in services}
        inès = Staff.objects.get(name="Inès")
        rng = random.Random(7)

        def visit(days_ago: int, service: str, hour: int = 10) -> Appointment:
            day = self.today - datetime.timedelta(days=days_ago)
            if day.weekday() == 6:
                day -= datetime.timedelta(days=1)
            start = clock.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            appointment = Appointment.objects.create(
                customer=camille,
                service=by_name[service],
                staff=inès,
                start=start,
                end=start + datetime.timedelta(minutes=by_name[service].duration_minutes),
                status=Appointment.Status.BOOKED if days_ago < 0 else Appointment.Status.COMPLETED,
            )
            if days_ago > 0:
                self.on(appointment.end + datetime.timedelta(minutes=5),
                        lambda: self.check_out(appointment, rng))  # fmt: skip
            return appointment

        visit(350, "Coloration")  # its points expire within the month
        visit(200, "Coupe femme")
        visit(120, "Balayage", hour=14)
        self.on(self.days_ago(90), lambda: api.assign_package(
            camille, offers["carte"], starts=timezone.now(), include_existing=True))  # fmt: skip
        visit(60, "Brushing")  # paid from the hair card
        self.on(self.days_ago(55), lambda: api.assign_package(
            camille, offers["massages"], starts=timezone.now(), include_existing=True))  # fmt: skip
        visit(40, "Massage relaxant", hour=16)  # one visit of the pack
        self.on(self.days_ago(30), lambda: wallet.sell_credit_pack(camille, offers["pack"]))
        self.on(self.days_ago(20), lambda: api.issue_gift_card(
            Decimal("50"), owner=camille, expires_at=clock.add_months(timezone.now(), 12),
            note="Anniversaire"))  # fmt: skip
        # A thank-you bonus: enough points for the gift-card reward ("Select by points").
        self.on(self.days_ago(10), lambda: api.adjust_points(
            camille, 150, "Merci pour votre fidélité"))  # fmt: skip
        visit(1, "Soin du visage", hour=15)  # pending: no package covers it
        visit(-7, "Coupe femme")  # her next appointment

    # Rows ---------------------------------------------------------------------------------

    @staticmethod
    def make_customer(fake: Faker, rng: random.Random, n: int) -> Customer:
        french = n % 3
        locale = fake["fr_FR"] if french else fake["ro_RO"]
        first, last = locale.first_name(), locale.last_name()
        return Customer(
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{n}@example.com".lower().replace(" ", ""),
            phone=locale.phone_number() if rng.random() < 0.9 else "",
            language="fr" if french else "ro",
        )

    @staticmethod
    def slot(rng: random.Random, day: datetime.date, minutes: int) -> datetime.datetime:
        latest = (CLOSING_HOUR - OPENING_HOUR) * 60 - minutes
        offset = rng.randrange(0, latest + 1, 15)
        naive = datetime.datetime.combine(day, datetime.time(OPENING_HOUR)) + datetime.timedelta(
            minutes=offset
        )
        return clock.make_aware(naive)

    def make_appointment(self, rng, customers, services, staff, day=None, **extra):
        if day is None:
            # Nine in ten in the past year, the rest in the coming month; closed on Sundays.
            days = -rng.randint(1, 365) if rng.random() < 0.9 else rng.randint(0, 30)
            day = self.today + datetime.timedelta(days=days)
            if day.weekday() == 6:
                day -= datetime.timedelta(days=1)
        service = extra.get("service") or rng.choice(services)
        start = self.slot(rng, day, service.duration_minutes)
        if start.date() == self.today or start >= self.now:
            # Today's are still to check out (this morning's too), as are the coming ones.
            status = (
                Appointment.Status.CANCELLED if rng.random() < 0.05 else Appointment.Status.BOOKED
            )
        else:
            status = rng.choices(
                [
                    Appointment.Status.COMPLETED,
                    Appointment.Status.CANCELLED,
                    Appointment.Status.NO_SHOW,
                ],
                weights=[88, 7, 5],
            )[0]
        return Appointment(
            customer=extra.get("customer") or rng.choice(customers),
            service=service,
            staff=rng.choice(staff),
            start=start,
            end=start + datetime.timedelta(minutes=service.duration_minutes),
            status=status,
            series=extra.get("series"),
        )

    def make_series(self, rng, customers, services, staff):
        """A few weekly series (e.g. a course of six massages), some still running."""
        bookings = []
        for n in range(20):
            series = RecurringSeries.objects.create(label=f"Série hebdomadaire {n + 1}")
            customer, service = rng.choice(customers), rng.choice(services)
            first = self.today - datetime.timedelta(days=rng.randint(0, 200))
            for week in range(rng.randint(4, 6)):
                day = first + datetime.timedelta(weeks=week)
                if day.weekday() == 6:
                    day -= datetime.timedelta(days=1)
                bookings.append(
                    self.make_appointment(
                        rng,
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

    # Logins -------------------------------------------------------------------------------

    def ensure_admin(self) -> None:
        User = get_user_model()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)

    def print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"Admin login: {ADMIN_USERNAME} / {ADMIN_PASSWORD}"))
        customers = Customer.objects.filter(user__username__in=[u for u, *_ in DEMO_LOGINS])
        logins = ", ".join(
            f"{c.user.username} / {CUSTOMER_PASSWORD} ({c.get_full_name()})"
            for c in customers.select_related("user").order_by("pk")
        )
        if logins:
            self.stdout.write(self.style.SUCCESS(f"Customer logins: {logins}"))
