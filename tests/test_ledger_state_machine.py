"""Every path that moves value, interleaved at random: nothing appears, nothing vanishes.

A hypothesis ``RuleBasedStateMachine`` drives three customers and a walk-in
through the public API (``loyalty_promos.api``) and the admin's own save path:
checkouts (a code limited to N uses, a visit package, gift cards, credits,
points for a reward), payments, voids, cancelled bookings, the award and
expiry jobs with the clock moving, manual point adjustments, rewards (a
discount code and a gift card), gift cards, credits and packages. The machine
keeps its own account of what every holder should have, computed from the
rules (prices, limits, soonest-expiring lots first) and not read back from the
ledgers, and after every step compares it, exactly, with the database:

* every cached balance equals its ledger (``find_mismatches()`` is empty) and
  equals the model; usable points equal the unexpired lots of the model;
* gift cards, package visits and the code's live uses equal the model; the
  code's live uses never exceed its limit;
* a void charge has no live earn entry; a cancelled booking is never charged:
  it keeps only a charge paid before it was cancelled after its appointment
  started (the booking policy: no silent refund).

Each refused operation raises its exact error class and code and changes
nothing (a snapshot of every balance and ledger before and after).

The admin edits load a package or a gift card the way the change view does,
let a checkout or a void change its balance, then save the stale instance
through the admin's own form changing only its expiry or note: the balance
must keep what the checkout or void made of it.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import os
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django import forms
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck
from hypothesis import event as hypothesis_event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from example_project.salon.models import Appointment
from loyalty_promos import api
from loyalty_promos.exceptions import (
    ChargeError,
    CouponError,
    GiftCardError,
    InsufficientCredit,
    InsufficientPoints,
)
from loyalty_promos.models import (
    Charge,
    CouponCode,
    CreditBalance,
    CreditEntry,
    CustomerPackage,
    EarningRule,
    GiftCard,
    GiftCardEntry,
    LoyaltyProgram,
    PackageUsage,
    PointsBalance,
    PointsEntry,
    Redemption,
    Reward,
    RewardRedemption,
)
from loyalty_promos.services import wallet
from tests import factories
from tests.conftest import NOW
from tests.utils import assert_ledgers_clean

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FAR_FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)
CODE = "TEN"
REWARD_POINTS = 30
GIFT_REWARD_POINTS = 40
POINTS_VALID_DAYS = 30
AWARD_DELAY_HOURS = 3
PRICES = [Decimal("50.00"), Decimal("35.50")]
SALON_ZONE = zoneinfo.ZoneInfo("Europe/Paris")  # the example salon's TIME_ZONE


#: How often each path ran (``pytest -s`` prints it): proof the machine reaches them all.
PATHS: collections.Counter[str] = collections.Counter()


def event(name: str) -> None:
    PATHS[name] += 1
    if currently_in_test_context():
        hypothesis_event(name)


def days_later(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The same wall time ``days`` later in the salon's zone (how validities are counted)."""
    wall = moment.astimezone(SALON_ZONE).replace(tzinfo=None) + datetime.timedelta(days=days)
    return wall.replace(tzinfo=SALON_ZONE)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclasses.dataclass
class Lot:
    """A positive points entry: what is left of it and when it expires."""

    pk: int
    customer: int
    remaining: int
    expires_at: datetime.datetime | None
    created_at: datetime.datetime
    points: int = 0  # as earned or given
    expired: int = 0  # written off by the expiry job
    reversed: bool = False  # its earning charge was voided
    taken: int = 0  # what the reversals of its earning took back (from any lot)

    def live(self, now) -> bool:
        return self.remaining > 0 and (self.expires_at is None or self.expires_at > now)


@dataclasses.dataclass
class Booking:
    obj: Appointment
    customer: int | None  # None: a walk-in
    price: Decimal
    start: datetime.datetime
    end: datetime.datetime
    cancelled: datetime.datetime | None = None  # when


@dataclasses.dataclass
class Package:
    pk: int
    customer: int
    visits: int
    starts_at: datetime.datetime
    expires_at: datetime.datetime | None
    excluded: frozenset[int]


@dataclasses.dataclass
class Card:
    code: str
    balance: Decimal
    expires_at: datetime.datetime | None


@dataclasses.dataclass
class ChargeModel:
    pk: int
    booking: int
    customer: int | None
    status: str
    amount_due: Decimal
    coupon: bool = False
    package: int | None = None
    card: str | None = None
    card_amount: Decimal = ZERO
    credits: Decimal = ZERO
    spent: list[tuple[int, int]] = dataclasses.field(default_factory=list)  # (lot pk, points)
    awarded: bool = False


#: Which booking or charge a step acts on, counted from the newest: chains of steps on the
#: same booking (book, check out, pay, award, void) are then as likely as scattered ones.
RECENT = st.integers(min_value=0, max_value=3)
#: A customer, or None for a walk-in.
WHO = st.sampled_from([None, 0, 1, 2])


def recent(items, pick: int) -> int:
    """The index of the ``pick``-th newest of ``items``."""
    return len(items) - 1 - pick % len(items)


def form_data(form) -> dict:
    """What the browser posts back for an unbound admin form (its initial values)."""
    data = {}
    for bound in form:
        widget = getattr(bound.field.widget, "widget", bound.field.widget)
        value = bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[bound.html_name + suffix] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = value
    return data


class LedgerMachine(RuleBasedStateMachine):
    clock = None  # the conftest traveller, set by the test

    def __init__(self):
        super().__init__()
        self.ready = False

    # Set-up -----------------------------------------------------------------------------

    @initialize(
        at_payment=st.booleans(),
        limit=st.integers(min_value=1, max_value=3),
        credits=st.lists(st.sampled_from([0, 25, 60]), min_size=3, max_size=3),
        points=st.lists(st.sampled_from([0, 35, 120]), min_size=3, max_size=3),
        card=st.booleans(),
    )
    def set_up(self, at_payment, limit, credits, points, card):
        PATHS["(examples)"] += 1
        # Each example starts from an empty database: its writes roll back in teardown().
        self.example = transaction.atomic()
        self.example.__enter__()
        self.clock.move_to(NOW)
        program = LoyaltyProgram.get()
        program.is_enabled = True
        program.validity_count = POINTS_VALID_DAYS
        program.validity_unit = LoyaltyProgram.ValidityUnit.DAYS
        program.award_moment = (
            LoyaltyProgram.AwardMoment.AT_PAYMENT
            if at_payment
            else LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
        )
        program.award_delay_hours = AWARD_DELAY_HOURS
        program.save()
        self.at_payment = at_payment
        factories.EarningRuleFactory(name="A visit", kind=EarningRule.Kind.SERVICE, points=10)
        factories.EarningRuleFactory(
            name="Per amount",
            kind=EarningRule.Kind.PER_AMOUNT,
            points=1,
            amount_step=Decimal("10.00"),
        )
        factories.CouponFactory(code=CODE, discount_value=Decimal("10"), max_uses=limit)
        self.limit = limit
        self.reward = factories.RewardFactory(
            name="10.00 off", points_cost=REWARD_POINTS, kind=Reward.Kind.AMOUNT, value="10.00"
        )
        self.gift_reward = factories.RewardFactory(
            name="Gift card 15.00",
            points_cost=GIFT_REWARD_POINTS,
            kind=Reward.Kind.GIFT_CARD,
            value="15.00",
            valid_days=20,
        )
        self.plan = factories.PackagePlanFactory(
            name="Two visits", visits=2, validity_count=60, validity_unit="days"
        )
        self.services = [
            factories.ServiceFactory(name=f"Service {price}", price=price, duration_minutes=60)
            for price in PRICES
        ]
        self.staff = factories.StaffFactory(name="Inès")
        self.customers = [
            factories.CustomerFactory(first_name=name, last_name="Client")
            for name in ("Anne", "Bruno", "Chloé")
        ]
        self.superuser = factories.SuperUserFactory(username="admin")
        # The model.
        self.credits = [ZERO] * len(self.customers)
        self.lots: dict[int, Lot] = {}
        self.cards: dict[str, Card] = {}
        self.packages: dict[int, Package] = {}
        self.bookings: list[Booking] = []
        self.charges: list[ChargeModel] = []
        self.uses = 0
        self.last_entry = 0
        self.ready = True
        # What the customers start with, through the same paths as later steps.
        for who, (amount, lot) in enumerate(zip(credits, points, strict=True)):
            if amount:
                self.add_credit(who, Decimal(amount))
            if lot:
                self.adjust_points(who, lot)
        if card:
            self.issue_gift_card(Decimal("20.00"))

    def teardown(self):
        if self.ready:
            transaction.set_rollback(True)
            self.example.__exit__(None, None, None)

    # Helpers ----------------------------------------------------------------------------

    @property
    def now(self):
        from django.utils import timezone

        return timezone.now()

    def index_of(self, customer_id):
        return next(i for i, c in enumerate(self.customers) if c.pk == customer_id)

    def usable_points(self, index) -> int:
        now = self.now
        return sum(
            lot.remaining for lot in self.lots.values() if lot.customer == index and lot.live(now)
        )

    def snapshot(self):
        """Every balance and ledger row count: a refused operation changes none of them."""
        return {
            "credits": sorted(CreditBalance.objects.values_list("customer", "balance")),
            "credit entries": CreditEntry.objects.count(),
            "points": sorted(PointsBalance.objects.values_list("customer", "balance")),
            "lots": sorted(PointsEntry.objects.values_list("pk", "remaining", "reversed")),
            "cards": sorted(GiftCard.objects.values_list("code", "balance")),
            "card entries": GiftCardEntry.objects.count(),
            "packages": sorted(
                CustomerPackage.objects.values_list("pk", "visits_left", "expires_at")
            ),
            "package usages": PackageUsage.objects.count(),
            "redemptions": sorted(Redemption.objects.values_list("pk", "voided_at")),
            "charges": sorted(Charge.objects.values_list("pk", "status", "amount_due")),
            "rewards": RewardRedemption.objects.count(),
            "codes": CouponCode.objects.count(),
        }

    def refused(self, error_class, code, function):
        event(f"refused: {error_class.__name__} {code}")
        before = self.snapshot()
        with pytest.raises(error_class) as info:
            function()
        assert info.value.code == code
        assert self.snapshot() == before

    def take_lots(self, index, points) -> list[tuple[int, int]]:
        """Spend from the lots expiring soonest (oldest first); the model's own FIFO."""
        now = self.now
        lots = [lot for lot in self.lots.values() if lot.customer == index and lot.live(now)]
        lots.sort(key=lambda lot: (lot.expires_at or FAR_FUTURE, lot.created_at, lot.pk))
        return self.allocate(lots, points)

    @staticmethod
    def allocate(lots, points) -> list[tuple[int, int]]:
        allocations = []
        for lot in lots:
            if points == 0:
                break
            used = min(lot.remaining, points)
            lot.remaining -= used
            points -= used
            allocations.append((lot.pk, used))
        assert points == 0
        return allocations

    def new_lots(self, expected):
        """The positive entries written since the last step are exactly ``expected``.

        ``expected`` lists (customer index, points, kind, charge pk or None); each
        new lot expires as the programme says now and joins the model.
        """
        fresh = list(
            PointsEntry.objects.filter(pk__gt=self.last_entry, points__gt=0)
            .exclude(kind=PointsEntry.Kind.REVERSAL)
            .order_by("pk")
        )
        found = sorted((self.index_of(e.customer_id), e.points, e.kind, e.charge_id) for e in fresh)
        assert found == sorted(expected)
        expires = days_later(self.now, POINTS_VALID_DAYS)
        for entry in fresh:
            assert entry.remaining == entry.points
            assert entry.expires_at == expires
            self.lots[entry.pk] = Lot(
                entry.pk,
                self.index_of(entry.customer_id),
                entry.points,
                expires,
                entry.created_at,
                points=entry.points,
            )
        self.last_entry = (
            PointsEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0
        )

    def awards(self, charge: ChargeModel):
        """What the two earning rules give a paid charge: 10 points, 1 per full 10.00 due."""
        charge.awarded = True
        event("award: " + ("walk-in" if charge.customer is None else "customer"))
        if charge.customer is None:
            return []
        earned = [(charge.customer, 10, PointsEntry.Kind.EARN, charge.pk)]
        per_amount = int(charge.amount_due // Decimal("10.00"))
        if per_amount:
            earned.append((charge.customer, per_amount, PointsEntry.Kind.EARN, charge.pk))
        return earned

    def live_charge(self, booking_index) -> ChargeModel | None:
        return next(
            (
                c
                for c in self.charges
                if c.booking == booking_index and c.status != Charge.Status.VOID
            ),
            None,
        )

    def package_for(self, booking_index) -> Package | None:
        booking = self.bookings[booking_index]
        if booking.customer is None:
            return None
        candidates = [
            p
            for p in self.packages.values()
            if p.customer == booking.customer
            and p.visits > 0
            and p.starts_at <= booking.start
            and (p.expires_at is None or p.expires_at >= booking.start)
            and booking.obj.pk not in p.excluded
        ]
        candidates.sort(key=lambda p: (p.expires_at or FAR_FUTURE, p.starts_at, p.pk))
        return candidates[0] if candidates else None

    # Bookings and checkout -------------------------------------------------------------

    def book(self, who, price, hours):
        start = self.now + datetime.timedelta(hours=hours)
        obj = factories.AppointmentFactory(
            customer=None if who is None else self.customers[who],  # None: a walk-in
            service=self.services[price],
            staff=self.staff,
            start=start,
            end=start + datetime.timedelta(hours=1),
        )
        self.bookings.append(
            Booking(obj, who, PRICES[price], start, start + datetime.timedelta(hours=1))
        )

    def do_checkout(self, index, *, code, card, use_credits, reward):
        booking = self.bookings[index]
        customer = booking.customer
        card_code = (
            None if card is None or not self.cards else sorted(self.cards)[card % len(self.cards)]
        )
        call = lambda: api.checkout(  # noqa: E731
            booking.obj,
            code=CODE if code else None,
            gift_card=card_code,
            use_credits=use_credits,
            reward=self.reward if reward else None,
        )
        if booking.cancelled is not None:
            self.refused(ChargeError, "cancelled", call)
            return
        existing = self.live_charge(index)
        if existing is not None:
            # A retry asking for nothing the charge lacks returns it and consumes nothing;
            # one asking for more is refused, and also consumes nothing.
            recorded = Charge.objects.select_related("gift_card").get(pk=existing.pk)
            wants_more = (
                (code and recorded.discount_code != CODE)
                or (card_code is not None and getattr(recorded.gift_card, "code", None)
                    != card_code)
                or (use_credits and not recorded.uses_credits)
                or (reward and not recorded.points_used)
            )  # fmt: skip
            if wants_more:
                self.refused(ChargeError, "already_checked_out", call)
                return
            before = self.snapshot()
            assert call().pk == existing.pk
            assert self.snapshot() == before
            return
        if code and self.uses >= self.limit:
            self.refused(CouponError, "usage_limit", call)
            return
        use_reward = reward and not code
        if use_reward and (customer is None or self.usable_points(customer) < REWARD_POINTS):
            self.refused(InsufficientPoints, "insufficient_points", call)
            return
        gift = self.cards[card_code] if card_code else None
        if gift is not None and gift.expires_at is not None and gift.expires_at < self.now:
            self.refused(GiftCardError, "expired", call)
            return
        if gift is not None and gift.balance <= 0:
            self.refused(GiftCardError, "empty", call)
            return
        price = booking.price
        discount = ZERO
        if code:
            discount = money(price * Decimal("0.10"))
        elif use_reward:
            discount = min(Decimal("10.00"), price)
        remaining = price - discount
        package = self.package_for(index)
        package_amount = remaining if package is not None and remaining > 0 else ZERO
        remaining -= package_amount
        card_amount = min(gift.balance, remaining) if gift is not None else ZERO
        remaining -= card_amount
        credits = ZERO
        if use_credits and customer is not None:
            credits = min(self.credits[customer], remaining)
        due = remaining - credits

        charge = call()

        assert (charge.discount_amount, charge.package_amount) == (discount, package_amount)
        assert (charge.gift_card_amount, charge.credits_amount) == (card_amount, credits)
        assert (charge.amount_due, charge.points_used) == (due, REWARD_POINTS if use_reward else 0)
        model = ChargeModel(
            pk=charge.pk,
            booking=index,
            customer=customer,
            status=Charge.Status.PAID if due == 0 else Charge.Status.PENDING,
            amount_due=due,
            coupon=bool(code),
            package=package.pk if package_amount else None,
            card=card_code if card_amount else None,
            card_amount=card_amount,
            credits=credits,
        )
        assert charge.status == model.status
        event(
            "checkout: "
            + " ".join(
                name
                for name, used in [
                    ("code", code),
                    ("reward", use_reward),
                    ("package", package_amount),
                    ("card", card_amount),
                    ("credits", credits),
                    ("paid", due == 0),
                    ("walk-in", customer is None),
                ]
                if used
            )
        )
        self.charges.append(model)
        self.uses += bool(code)
        if package_amount:
            package.visits -= 1
        if card_amount:
            gift.balance -= card_amount
        if credits:
            self.credits[customer] -= credits
        if use_reward:
            model.spent = self.take_lots(customer, REWARD_POINTS)
        earned = []
        if model.status == Charge.Status.PAID and self.at_payment:
            earned = self.awards(model)
        self.new_lots(earned)

    def checkout_recent(self, booking, code, card, use_credits, reward):
        self.do_checkout(
            recent(self.bookings, booking),
            code=code,
            card=card,
            use_credits=use_credits,
            reward=reward,
        )

    def pay(self, pick):
        model = self.charges[recent(self.charges, pick)]
        charge = Charge.objects.get(pk=model.pk)
        if model.status == Charge.Status.VOID:
            self.refused(ChargeError, "void", lambda: api.pay(charge, method="card"))
            return
        api.pay(charge, method="card")
        event(f"pay: {model.status}")
        earned = []
        if model.status == Charge.Status.PENDING:
            model.status = Charge.Status.PAID
            if self.at_payment:
                earned = self.awards(model)
        self.new_lots(earned)

    def do_void(self, model: ChargeModel, void=None):
        """Void ``model``'s charge (``void`` does it another way, e.g. cancelling the booking)."""
        if model.status == Charge.Status.VOID:
            (void or (lambda: api.void(Charge.objects.get(pk=model.pk))))()
            return
        earned = list(
            PointsEntry.objects.filter(
                charge_id=model.pk, kind=PointsEntry.Kind.EARN, reversed=False
            ).values_list("pk", "points")
        )  # in the order the service reverses them
        (void or (lambda: api.void(Charge.objects.get(pk=model.pk))))()
        event(f"void: {model.status}" + (" (cancelled)" if void else ""))
        model.status = Charge.Status.VOID
        self.uses -= model.coupon
        if model.package is not None:
            self.packages[model.package].visits += 1
        if model.card is not None:
            self.cards[model.card].balance += model.card_amount
        if model.credits:
            self.credits[model.customer] += model.credits
        for lot_pk, points in model.spent:
            self.lots[lot_pk].remaining += points
        for lot_pk in dict.fromkeys(pk for pk, _points in model.spent):
            lot = self.lots[lot_pk]
            if lot.reversed:  # given back into a voided earning: what it still owes is taken
                settle = min(lot.points - lot.expired - lot.taken, lot.remaining)
                if settle > 0:
                    lot.remaining -= settle
                    lot.taken += settle
        now = self.now
        for entry_pk, points in earned:
            own = self.lots[entry_pk]  # first, even expired; then the live lots, soonest first
            others = [
                lot
                for lot in self.lots.values()
                if lot.customer == model.customer and lot.live(now) and lot.pk != entry_pk
            ]
            others.sort(key=lambda lot: (lot.expires_at or FAR_FUTURE, lot.pk))
            lots = [own, *others]
            taken = min(points - own.expired, sum(lot.remaining for lot in lots))
            self.allocate(lots, taken)
            own.reversed, own.taken = True, own.taken + taken
        self.new_lots([])

    def void(self, pick):
        self.do_void(self.charges[recent(self.charges, pick)])

    def cancel_booking(self, pick):
        """The host cancels the appointment: its charge is voided, unless it was paid and
        the appointment has started (the booking policy keeps it: no silent refund)."""
        index = recent(self.bookings, pick)
        booking = self.bookings[index]
        if booking.cancelled is not None:
            return
        booking.cancelled = self.now

        def cancel():
            booking.obj.status = Appointment.Status.CANCELLED
            booking.obj.save()

        live = self.live_charge(index)
        if live is None:
            cancel()
        elif live.status == Charge.Status.PAID and booking.start <= self.now:
            before = self.snapshot()
            cancel()
            assert self.snapshot() == before
            event("cancel: paid charge kept")
        else:
            self.do_void(live, void=cancel)

    # Admin edits racing a balance change -----------------------------------------------

    def admin_edit(self, model_class, pk, change, interleaved):
        """The admin change view, step by step, with ``interleaved`` between load and save."""
        model_admin = admin.site.get_model_admin(model_class)
        request = RequestFactory().post("/")
        request.user = self.superuser
        stale = model_admin.get_object(request, str(pk))
        form_class = model_admin.get_form(request, stale, change=True)
        data = form_data(form_class(instance=stale, initial=change))
        interleaved()
        form = form_class(data, instance=stale)
        assert form.is_valid(), form.errors
        obj = model_admin.save_form(request, form, change=True)
        model_admin.save_model(request, obj, form, change=True)

    def admin_edit_package(self, pick, days, hours):
        package = self.packages[sorted(self.packages)[pick % len(self.packages)]]
        expires = days_later(self.now, days)
        using = [
            c for c in self.charges if c.package == package.pk and c.status != Charge.Status.VOID
        ]

        def interleaved():
            if using:  # a visit comes back
                self.do_void(using[0])
            else:  # a visit is used (when the package covers the new booking)
                self.book(package.customer, 0, hours)
                self.do_checkout(
                    len(self.bookings) - 1, code=False, card=None, use_credits=False, reward=False
                )

        event("admin edit: package" + (" during a void" if using else " during a checkout"))
        self.admin_edit(CustomerPackage, package.pk, {"expires_at": expires}, interleaved)
        package.expires_at = expires

    def admin_edit_gift_card(self, pick, who):
        code = sorted(self.cards)[pick % len(self.cards)]
        using = [c for c in self.charges if c.card == code and c.status != Charge.Status.VOID]

        def interleaved():
            if using:
                self.do_void(using[0])
            else:
                self.book(who, 1, 24)
                self.do_checkout(
                    len(self.bookings) - 1,
                    code=False,
                    card=sorted(self.cards).index(code),
                    use_credits=False,
                    reward=False,
                )

        event("admin edit: gift card" + (" during a void" if using else " during a checkout"))
        self.admin_edit(
            GiftCard, GiftCard.objects.get(code=code).pk, {"note": "Edited"}, interleaved
        )

    # Jobs and the clock ----------------------------------------------------------------

    def award_job(self):
        cutoff = self.now - datetime.timedelta(hours=AWARD_DELAY_HOURS)
        earned = []
        for model in self.charges:
            due = self.at_payment or self.bookings[model.booking].end <= cutoff
            if model.status == Charge.Status.PAID and not model.awarded and due:
                earned += self.awards(model)
        assert api.award_due_points() == len(earned)
        event(f"award job: {len(earned)} entries")
        self.new_lots(earned)

    def expiry_job(self):
        now = self.now
        expired = [
            lot
            for lot in self.lots.values()
            if lot.remaining > 0 and lot.expires_at is not None and lot.expires_at <= now
        ]
        assert api.expire_points() == len(expired)
        event(f"expiry job: {len(expired)} lots")
        for lot in expired:
            lot.expired += lot.remaining
            lot.remaining = 0
        self.new_lots([])

    # Points, rewards, credits, gift cards, packages ------------------------------------

    def adjust_points(self, who, points):
        customer = self.customers[who]
        if points == 0:
            self.refused(
                InsufficientPoints, "invalid_points", lambda: api.adjust_points(customer, 0, "")
            )
            return
        if points < 0 and self.usable_points(who) < -points:
            self.refused(
                InsufficientPoints,
                "insufficient_points",
                lambda: api.adjust_points(customer, points, "Correction"),
            )
            return
        api.adjust_points(customer, points, "Correction")
        event("adjust points: " + ("add" if points > 0 else "remove"))
        if points < 0:
            self.take_lots(who, -points)
            self.new_lots([])
        else:
            self.new_lots([(who, points, PointsEntry.Kind.ADJUST, None)])

    def redeem_reward(self, who, gift):
        customer = self.customers[who]
        reward = self.gift_reward if gift else self.reward
        if self.usable_points(who) < reward.points_cost:
            self.refused(
                InsufficientPoints,
                "insufficient_points",
                lambda: api.redeem_reward(customer, reward),
            )
            return
        redemption = api.redeem_reward(customer, reward)
        event(f"redeem: {reward.kind}")
        self.take_lots(who, reward.points_cost)
        if gift:
            card = redemption.gift_card
            assert card.balance == Decimal("15.00")
            assert card.owner_id == customer.pk
            self.cards[card.code] = Card(card.code, Decimal("15.00"), days_later(self.now, 20))
        else:
            assert (redemption.coupon.max_uses, redemption.coupon.discount_value) == (1, 10)
        self.new_lots([])

    def issue_gift_card(self, value):
        card = api.issue_gift_card(value)
        self.cards[card.code] = Card(card.code, value, None)

    def add_credit(self, who, amount):
        api.add_credit(self.customers[who], amount, "Top-up")
        self.credits[who] += amount

    def remove_credit(self, who, amount):
        customer = self.customers[who]
        if self.credits[who] < amount:
            self.refused(
                InsufficientCredit,
                "insufficient_credit",
                lambda: wallet.remove_credit(customer, amount, "Correction"),
            )
            return
        wallet.remove_credit(customer, amount, "Correction")
        self.credits[who] -= amount

    def assign_package(self, who):
        customer = self.customers[who]
        package = api.assign_package(customer, self.plan)
        booked = frozenset(
            b.obj.pk for b in self.bookings if b.customer == who and b.cancelled is None
        )
        assert set(map(int, package.excluded_booking_refs)) == booked
        assert package.visits_left == 2
        assert package.expires_at == days_later(self.now, 60)
        self.packages[package.pk] = Package(
            package.pk, who, 2, package.starts_at, package.expires_at, booked
        )

    # The rules: few and broad, so that every example reaches most paths -------------------

    @precondition(lambda self: self.ready)
    @rule(
        booking=st.one_of(st.none(), RECENT),
        who=WHO,
        price=st.sampled_from(range(len(PRICES))),
        hours=st.integers(min_value=-30, max_value=100),
        code=st.booleans(),
        card=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
        use_credits=st.booleans(),
        reward=st.booleans(),
        then=st.sampled_from([None, "pay", "void"]),
    )
    def check_out(self, booking, who, price, hours, code, card, use_credits, reward, then):
        """Check out a new booking (``booking`` None) or one of the newest again;
        then maybe pay or void the newest charge at once."""
        if booking is None or not self.bookings:
            self.book(who, price, hours)
            booking = 0
        self.checkout_recent(booking, code, card, use_credits, reward)
        if then and self.charges:
            getattr(self, then)(0)

    @precondition(lambda self: self.ready and self.bookings)
    @rule(action=st.sampled_from(["pay", "void", "cancel"]), pick=RECENT)
    def settle(self, action, pick):
        """Pay or void one of the newest charges, or cancel one of the newest bookings."""
        if action == "cancel":
            self.cancel_booking(pick)
        elif self.charges:
            getattr(self, action)(pick)

    @precondition(lambda self: self.ready)
    @rule(
        hours=st.sampled_from([0, 1, 5, 24, 24 * 7, 24 * 29, 24 * 31]),
        award=st.booleans(),
        expire=st.booleans(),
    )
    def time_passes(self, hours, award, expire):
        """The clock moves on; the award job and the expiry job may run."""
        self.clock.shift(datetime.timedelta(hours=hours))
        if award:
            self.award_job()
        if expire:
            self.expiry_job()

    @precondition(lambda self: self.ready)
    @rule(
        who=st.integers(min_value=0, max_value=2),
        points=st.integers(min_value=-60, max_value=80),
        reward=st.sampled_from([None, "discount", "gift card"]),
    )
    def change_points(self, who, points, reward):
        """Staff adjust points by hand, or the customer redeems a reward."""
        if reward is None:
            self.adjust_points(who, points)
        else:
            self.redeem_reward(who, reward == "gift card")

    @precondition(lambda self: self.ready)
    @rule(
        who=st.integers(min_value=0, max_value=2),
        amount=st.sampled_from([Decimal("12.50"), Decimal("40.00")]),
        add=st.booleans(),
    )
    def change_credit(self, who, amount, add):
        if add:
            self.add_credit(who, amount)
        else:
            self.remove_credit(who, amount - Decimal("2.50"))

    @precondition(lambda self: self.ready)
    @rule(who=st.integers(min_value=0, max_value=2), what=st.sampled_from(["package", "card"]))
    def sell(self, who, what):
        """Assign a package to a customer, or issue a gift card."""
        if what == "package":
            self.assign_package(who)
        else:
            self.issue_gift_card(Decimal("20.00") if who else Decimal("5.25"))

    @precondition(lambda self: self.ready and (self.packages or self.cards))
    @rule(
        pick=st.integers(min_value=0, max_value=5),
        days=st.integers(min_value=1, max_value=90),
        hours=st.integers(min_value=-2, max_value=100),
        who=WHO,
    )
    def admin_edit_during_a_checkout(self, pick, days, hours, who):
        """Staff edit a package's expiry or a card's note while a checkout or void moves it."""
        if self.packages and (pick % 2 or not self.cards):
            self.admin_edit_package(pick, days, hours)
        else:
            self.admin_edit_gift_card(pick, who)

    # Invariants ---------------------------------------------------------------------------

    @invariant()
    def every_ledger_holds(self):
        if not self.ready:
            return
        PATHS["(steps)"] += 1
        assert_ledgers_clean()
        now = self.now
        for index, customer in enumerate(self.customers):
            assert api.credit_balance(customer) == self.credits[index], customer
            cached = (
                PointsBalance.objects.filter(customer=customer)
                .values_list("balance", flat=True)
                .first()
            ) or 0
            mine = [lot for lot in self.lots.values() if lot.customer == index]
            assert cached == sum(lot.remaining for lot in mine), customer
            assert api.points_balance(customer) == self.usable_points(index), customer
            if not any(lot.remaining and not lot.live(now) for lot in mine):
                assert cached == api.points_balance(customer)
        lots = dict(
            PointsEntry.objects.filter(
                points__gt=0, kind__in=[PointsEntry.Kind.EARN, PointsEntry.Kind.ADJUST]
            ).values_list("pk", "remaining")
        )
        assert lots == {pk: lot.remaining for pk, lot in self.lots.items()}
        assert dict(GiftCard.objects.values_list("code", "balance")) == {
            code: card.balance for code, card in self.cards.items()
        }
        assert {
            pk: (visits, expires)
            for pk, visits, expires in CustomerPackage.objects.values_list(
                "pk", "visits_left", "expires_at"
            )
        } == {pk: (p.visits, p.expires_at) for pk, p in self.packages.items()}

    @invariant()
    def codes_and_charges_hold(self):
        if not self.ready:
            return
        code = CouponCode.objects.get(code=CODE)
        live = Redemption.objects.live().filter(coupon=code.coupon).uses()
        assert live == self.uses
        assert live <= code.coupon.max_uses
        assert dict(Charge.objects.values_list("pk", "status")) == {
            c.pk: c.status for c in self.charges
        }
        assert not PointsEntry.objects.filter(
            charge__status=Charge.Status.VOID, kind=PointsEntry.Kind.EARN, reversed=False
        ).exists()
        # A cancelled booking keeps only a charge paid before its cancellation, for an
        # appointment that had started by then; nothing is charged after it.
        for booking in self.bookings:
            if booking.cancelled is not None:
                for charge in Charge.objects.live().filter(booking=booking.obj):
                    assert charge.status == Charge.Status.PAID
                    assert charge.paid_at <= booking.cancelled
                    assert charge.starts_at <= booking.cancelled


#: Examples and steps per run; ``LEDGER_MACHINE_EXAMPLES`` raises them for a long soak.
EXAMPLES = int(os.environ.get("LEDGER_MACHINE_EXAMPLES", "25"))


def test_no_path_forges_or_loses_value(clock):
    LedgerMachine.clock = clock
    PATHS.clear()
    run_state_machine_as_test(LedgerMachine, settings=settings_for_machine())
    print("\n".join(f"{count:5d}  {name}" for name, count in sorted(PATHS.items())))


def settings_for_machine():
    return hypothesis_settings(
        max_examples=EXAMPLES,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
