"""Guard rails: what saving a pricing rule, a promo code or a permanent discount would do.

Before the change is saved, the upcoming appointments not checked out yet are
priced with and without it: how many change price, the lowest and highest new
price. Nothing is written. The count of upcoming appointments is one query;
at most :data:`SAMPLE` of them (the soonest) are priced, with the active
pricing rules loaded once, so the query count does not grow with the data.
When there are more, counts are lower bounds (``capped``: "at least").

A change is **broad** when it changes :data:`BROAD_COUNT` appointments or
more, **extreme** when it makes an appointment free or more than doubles a
price (a percentage of +100 % or more, or −100 %, is extreme whatever the
appointments). Staff confirm broad or extreme changes before they are saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loyalty_promos.formats import format_decimal
from loyalty_promos.integration import (
    Booking,
    Customer,
    booking_relations,
    get_adapter,
    get_booking_model,
)
from loyalty_promos.models import Charge, Coupon, PricingRule
from loyalty_promos.services import clock, pricing
from loyalty_promos.services.conditions import allows, in_daily_window
from loyalty_promos.services.money import discount_amount, format_money, round_money

#: The most upcoming appointments priced for one preview (the soonest first).
SAMPLE = 500
#: From this many changed appointments, a change is broad.
BROAD_COUNT = 50
#: Percentages at or beyond these are extreme on their own.
EXTREME_RISE = Decimal("100")
EXTREME_CUT = Decimal("-100")

ZERO = Decimal("0.00")


@dataclass
class Impact:
    """What a change does to the upcoming appointments (see the module docstring)."""

    changed: int = 0
    upcoming: int = 0
    capped: bool = False
    lowest: Decimal | None = None
    highest: Decimal | None = None
    currency: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def is_broad(self) -> bool:
        return self.changed >= BROAD_COUNT

    @property
    def is_extreme(self) -> bool:
        return bool(self.reasons)

    @property
    def needs_confirmation(self) -> bool:
        return self.is_broad or self.is_extreme

    def text(self) -> str:
        """One sentence for staff, e.g. "Changes the price of 312 upcoming appointments;
        the lowest becomes 0.00."."""
        if not self.changed:
            return _("Changes the price of no upcoming appointment.")
        count = (
            ngettext(
                "Changes the price of at least %(count)d upcoming appointment",
                "Changes the price of at least %(count)d upcoming appointments",
                self.changed,
            )
            if self.capped
            else ngettext(
                "Changes the price of %(count)d upcoming appointment",
                "Changes the price of %(count)d upcoming appointments",
                self.changed,
            )
        ) % {"count": self.changed}
        lowest = format_money(self.lowest or ZERO, self.currency)
        highest = format_money(self.highest or ZERO, self.currency)
        prices = (
            _("%(count)s; each becomes %(price)s.") % {"count": count, "price": lowest}
            if lowest == highest
            else _("%(count)s; the lowest becomes %(lowest)s, the highest %(highest)s.")
            % {"count": count, "lowest": lowest, "highest": highest}
        )
        return " ".join([prices, *self.reasons])

    def see(self, before: Decimal, after: Decimal, currency: str) -> None:
        if after == before:
            return
        self.changed += 1
        self.currency = self.currency or currency
        self.lowest = after if self.lowest is None else min(self.lowest, after)
        self.highest = after if self.highest is None else max(self.highest, after)
        if after == ZERO:
            self._extreme(_("Some appointments become free."))
        elif before and after > 2 * before:
            self._extreme(_("Some prices more than double."))

    def _extreme(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


@dataclass(frozen=True)
class _Upcoming:
    booking: Booking
    customer: Customer | None
    service: Any
    staff: Any
    start: datetime.datetime
    end: datetime.datetime
    price: Decimal
    currency: str


def upcoming(*, customer: Customer | None = None) -> tuple[list[_Upcoming], int]:
    """The soonest :data:`SAMPLE` upcoming appointments not checked out (of ``customer``),
    and how many there are in all."""
    adapter = get_adapter()
    model = get_booking_model()
    bookings = (
        adapter.get_customer_bookings(customer)
        if customer is not None
        else model._default_manager.all()
    )
    bookings = bookings.filter(**adapter.start_condition("gte", timezone.now())).exclude(
        pk__in=Charge.objects.live().filter(booking__isnull=False).values("booking")
    )
    total = bookings.count()
    relations = [path.split("__", 1)[1] for path in booking_relations("b")]
    sample = bookings.select_related(*relations).order_by(adapter.start_lookup)[:SAMPLE]
    found = [
        _Upcoming(
            booking=b,
            customer=adapter.get_customer(b),
            service=adapter.get_service(b),
            staff=adapter.get_staff(b),
            start=adapter.get_start(b),
            end=adapter.get_end(b),
            price=Decimal(adapter.get_price(b)),
            currency=adapter.get_currency(b),
        )
        for b in sample
        if not adapter.is_cancelled(b)
    ]
    return found, total


class _Chosen:
    """Services or staff chosen in a form, read as a saved rule's ``.all()`` reads them."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = list(items)

    def all(self) -> list[Any]:
        return self.items


class _Candidate:
    """An unsaved rule with the services and staff chosen in the form."""

    def __init__(self, rule: Any, services: Iterable[Any], staff: Iterable[Any]) -> None:
        self._rule = rule
        self.services = _Chosen(services)
        self.staff = _Chosen(staff)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rule, name)


def _order(rules: Sequence[Any]) -> list[PricingRule]:
    """Highest priority first, then newest first (the model's ordering); unsaved is newest."""
    far = timezone.now() + datetime.timedelta(days=36500)
    return cast(
        list[PricingRule],
        sorted(rules, key=lambda r: (-r.priority, -(r.created_at or far).timestamp())),
    )


def _percent_reasons(kind: str, value: Decimal, percent_kind: str) -> list[str]:
    if kind != percent_kind:
        return []
    if value >= EXTREME_RISE:
        return [_("A rise of %(percent)s %% is extreme.") % {"percent": format_decimal(value)}]
    if value <= EXTREME_CUT:
        return [_("A cut of %(percent)s %% is extreme.") % {"percent": format_decimal(abs(value))}]
    return []


def pricing_rule_impact(
    rule: PricingRule, *, services: Iterable[Any] = (), staff: Iterable[Any] = ()
) -> Impact:
    """What saving ``rule`` (unsaved changes, with the chosen ``services`` and ``staff``)
    does to the upcoming appointments' prices, compared with the rules saved now."""
    current = pricing.load_rules()
    others = [r for r in current if r.pk is None or r.pk != rule.pk]
    candidate = _Candidate(rule, services, staff)
    after_rules = _order([*others, candidate]) if rule.is_active else _order(others)
    impact = Impact(reasons=_percent_reasons(rule.kind, rule.value, PricingRule.Kind.PERCENT))
    bookings, impact.upcoming = upcoming()
    impact.capped = impact.upcoming > len(bookings)
    for b in bookings:
        options = {"service": b.service, "staff": b.staff, "start": b.start, "end": b.end}
        before = pricing.price_booking(b.price, rules=current, **options).price
        after = pricing.price_booking(b.price, rules=after_rules, **options).price
        impact.see(before, after, b.currency)
    return impact


def _coupon_applies(coupon: Any, b: _Upcoming) -> bool:
    if coupon.appointment_from and b.start < coupon.appointment_from:
        return False
    if coupon.appointment_until and b.start > coupon.appointment_until:
        return False
    local = clock.local(b.start)
    if coupon.weekdays and local.weekday() not in coupon.weekdays:
        return False
    if (
        coupon.time_from is not None
        and coupon.time_until is not None
        and not in_daily_window(local.time(), coupon.time_from, coupon.time_until)
    ):
        return False
    return allows(coupon.services, b.service) and allows(coupon.staff, b.staff)


def coupon_impact(
    coupon: Coupon, *, services: Iterable[Any] = (), staff: Iterable[Any] = ()
) -> Impact:
    """What ``coupon`` (unsaved changes) would take off the upcoming appointments it may
    apply to (after pricing rules), were its code used for each."""
    candidate = _Candidate(coupon, services, staff)
    impact = Impact(
        reasons=_percent_reasons(
            coupon.discount_type, -coupon.discount_value, Coupon.DiscountType.PERCENT
        )
    )
    if not coupon.is_active:
        return impact
    rules = pricing.load_rules()
    bookings, impact.upcoming = upcoming()
    impact.capped = impact.upcoming > len(bookings)
    for b in bookings:
        if not _coupon_applies(candidate, b):
            continue
        price = pricing.price_booking(
            b.price, service=b.service, staff=b.staff, start=b.start, end=b.end, rules=rules
        ).price
        off = discount_amount(price, coupon.discount_type, coupon.discount_value)
        impact.see(price, round_money(price - off), b.currency)
    return impact


def permanent_discount_impact(customer: Customer, percent: Decimal) -> Impact:
    """What a permanent discount of ``percent`` takes off ``customer``'s upcoming appointments."""
    impact = Impact(reasons=_percent_reasons("percent", -percent, "percent"))
    rules = pricing.load_rules()
    bookings, impact.upcoming = upcoming(customer=customer)
    impact.capped = impact.upcoming > len(bookings)
    for b in bookings:
        price = pricing.price_booking(
            b.price, service=b.service, staff=b.staff, start=b.start, end=b.end, rules=rules
        ).price
        impact.see(
            price, round_money(price - discount_amount(price, "percent", percent)), b.currency
        )
    return impact
