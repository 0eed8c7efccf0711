"""Checking, redeeming and releasing promo codes.

Order of checks (the first that fails is reported, with its stable code):

1. ``unknown`` — no code with this value (after normalisation) exists, or
   the value cannot be a code at all (``validate_code``);
2. ``inactive`` — the code or its promo code is switched off;
3. ``not_started`` / ``expired`` — now is outside [valid_from, valid_until],
   both ends included;
4. ``staff_only`` — only a staff user may apply it;
5. ``appointment_window`` — the appointment starts outside
   [appointment_from, appointment_until], both ends included;
6. ``weekday`` — the appointment's day (in the business's time zone,
   :func:`~loyalty_promos.conf.business_tz`) is not allowed;
7. ``time_of_day`` — the appointment starts outside [time_from, time_until),
   start included, end excluded; a window may run past midnight;
8. ``service`` / ``staff`` — the booking's service or staff member is not
   among those chosen;
9. ``first_booking_only`` — the customer has an earlier booking, or the
   booking is a walk-in's (no customer to check);
10. ``usage_limit`` — the promo code's total uses, then this code's own uses,
    have reached their maximum;
11. ``customer_limit`` — this customer's uses have reached the maximum (a
    walk-in has no customer to count, so this limit does not apply).

A use is one booking, or one whole recurring series when the promo code
counts per booking; a booking of a series already covered never counts again.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.utils import timezone

from loyalty_promos import signals
from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import CouponError
from loyalty_promos.formats import format_decimal
from loyalty_promos.integration import Booking, Customer, Service, Staff, User, get_adapter
from loyalty_promos.models import Charge, Coupon, CouponCode, Redemption, normalize_code
from loyalty_promos.models.coupons import is_valid_code
from loyalty_promos.services import clock, locking, summaries
from loyalty_promos.services.conditions import allows_pk, in_daily_window
from loyalty_promos.services.money import discount_amount
from loyalty_promos.signals import send_after_commit


@dataclass(frozen=True)
class BookingFacts:
    """What the rules need to know about a booking, read once through the adapter."""

    booking: Booking
    customer: Customer | None
    service: Service
    staff: Staff | None
    start: datetime.datetime
    price: Decimal
    series_key: str | None

    @classmethod
    def of(cls, booking: Booking) -> BookingFacts:
        adapter = get_adapter()
        return cls(
            booking=booking,
            customer=adapter.get_customer(booking),
            service=adapter.get_service(booking),
            staff=adapter.get_staff(booking),
            start=adapter.get_start(booking),
            price=adapter.get_price(booking),
            series_key=adapter.get_series_key(booking),
        )

    @property
    def is_saved(self) -> bool:
        """Whether the booking row exists: a booking form checks a code before it does."""
        return self.booking is not None and self.booking.pk is not None

    @property
    def booking_ref(self) -> str:
        return str(self.booking.pk) if self.is_saved else ""


def find_code(code: str, *, facts: BookingFacts | None = None, lock: bool = False) -> CouponCode:
    """The code customers typed, active one first; ``unknown`` or ``inactive`` otherwise.

    A value that cannot be a code (``validate_code``: another alphabet, a
    symbol, an invisible character, a NUL byte) is ``unknown`` without a
    query: no code can have it. With ``facts``, whether the code's services
    and staff allow the booking is read in the same query (a quote: one
    snapshot for the code, its rule and whom it is for). With ``lock``, its
    promo code row is locked by the same query instead and read as it is once
    locked; what it is limited to is then read after the lock, by the check
    (PostgreSQL would answer the ``EXISTS`` from before a concurrent edit it
    waited for, beside the edited row).
    """
    if not is_valid_code(code):
        raise CouponError("unknown")
    normalized = normalize_code(code)
    codes = CouponCode.objects.filter(normalized=normalized).select_related("coupon")
    if facts is not None and not lock:
        codes = codes.annotate(**_allowed_annotations(facts))
    if lock:
        locking.require_transaction(codes.db)
        codes = codes.select_for_update(of=("coupon",))
    candidates: list[CouponCode] = list(
        codes.order_by("-is_active", "-coupon__is_active", "-created_at")[:1]
    )
    if not normalized or not candidates:
        raise CouponError("unknown")
    found = candidates[0]
    if facts is not None and not lock:
        setattr(found, _ALLOWED_FOR, _facts_key(facts))  # whom the annotations answer for
    if lock:
        locking.mark_locked(locking.COUPON, [found.coupon])
    if not (found.is_active and found.coupon.is_active):
        raise CouponError("inactive")
    return found


def use_key(coupon: Coupon, facts: BookingFacts) -> str:
    if coupon.series_mode == Coupon.SeriesMode.PER_BOOKING and facts.series_key:
        return f"series:{facts.series_key}"
    return f"booking:{facts.booking_ref}"


def _has_earlier_booking(facts: BookingFacts) -> bool:
    adapter = get_adapter()
    bookings = adapter.get_customer_bookings(facts.customer)
    if facts.is_saved:
        bookings = bookings.exclude(pk=facts.booking.pk)
    return bookings.filter(**adapter.start_condition("lt", facts.start)).exists()


def check_rules(
    code: CouponCode,
    facts: BookingFacts,
    *,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> int | None:
    """Raise CouponError for the first rule ``code`` breaks for this booking (order above).

    Returns the primary key of the booking's live code use, if it has one (read
    with the limits, so recording the use needs no other query for it).
    """
    coupon = code.coupon
    now = now or timezone.now()
    if coupon.valid_from and now < coupon.valid_from:
        raise CouponError("not_started")
    if coupon.valid_until and now > coupon.valid_until:
        raise CouponError("expired")
    if coupon.staff_only and not (user is not None and user.is_staff):
        raise CouponError("staff_only")
    if (coupon.appointment_from and facts.start < coupon.appointment_from) or (
        coupon.appointment_until and facts.start > coupon.appointment_until
    ):
        window = summaries.dates_text(coupon.appointment_from, coupon.appointment_until)
        raise CouponError.allowed("appointment_window", window=window)
    local_start = clock.local(facts.start)
    if coupon.weekdays and local_start.weekday() not in coupon.weekdays:
        days = summaries.weekdays_text(coupon.weekdays, full=True)
        raise CouponError.allowed("weekday", days=days)
    if (
        coupon.time_from is not None
        and coupon.time_until is not None
        and not in_daily_window(local_start.time(), coupon.time_from, coupon.time_until)
    ):
        raise CouponError.allowed(
            "time_of_day",
            start=summaries.time_text(coupon.time_from),
            end=summaries.time_text(coupon.time_until),
        )
    service_allowed, staff_allowed = _allows(code, facts)
    # Refusals name what is allowed: the names are read only then.
    if not service_allowed:
        names = summaries.names_text(coupon.services.all(), limit=5)
        raise CouponError.allowed("service", names=names)
    if not staff_allowed:
        raise CouponError.allowed("staff", names=summaries.names_text(coupon.staff.all(), limit=5))
    # A walk-in (no customer) cannot show it is a first visit.
    if coupon.first_booking_only and (facts.customer is None or _has_earlier_booking(facts)):
        raise CouponError("first_booking_only")
    return _check_limits(code, facts)


def _target_column(relation: Any) -> str:
    """The through table's column naming the host model: named after the host's model
    (``course_id`` in a studio, ``user_id`` for staff who are users), not ``service_id``."""
    field = relation.field
    return str(field.remote_field.through._meta.get_field(field.m2m_reverse_field_name()).attname)


#: Names of the annotations :func:`find_code` reads with ``facts``, and for whom.
_ALLOWED = "_loyalty_promos_allows_service", "_loyalty_promos_allows_staff"
_ALLOWED_FOR = "_loyalty_promos_allowed_for"


def _allowed_annotations(facts: BookingFacts) -> dict[str, Any]:
    """Whether a code's promo code allows the booking's service and staff member, as
    ``EXISTS`` conditions on the code query (no chosen one, or the booking's is chosen)."""
    annotations: dict[str, Any] = {}
    for name, relation, obj in (
        (_ALLOWED[0], Coupon.services, facts.service),
        (_ALLOWED[1], Coupon.staff, facts.staff),
    ):
        chosen = relation.through.objects.filter(coupon_id=OuterRef("coupon_id"))
        allowed: Q = Q(~Exists(chosen))
        if obj is not None:
            allowed |= Q(Exists(chosen.filter(**{_target_column(relation): obj.pk})))
        annotations[name] = ExpressionWrapper(allowed, output_field=BooleanField())
    return annotations


def _facts_key(facts: BookingFacts) -> str:
    return f"{getattr(facts.service, 'pk', None)}/{getattr(facts.staff, 'pk', None)}"


def _allows(code: CouponCode, facts: BookingFacts) -> tuple[bool, bool]:
    """Whether ``code`` allows the booking's service, and its staff member: read with the
    code when :func:`find_code` was given these facts, else in one query here."""
    if getattr(code, _ALLOWED_FOR, None) == _facts_key(facts):
        return bool(getattr(code, _ALLOWED[0])), bool(getattr(code, _ALLOWED[1]))
    services, staff = _chosen(code.coupon)
    return allows_pk(services, facts.service), allows_pk(staff, facts.staff)


def _chosen(coupon: Coupon) -> tuple[set[object], set[object]]:
    """The services and the staff ``coupon`` is limited to (empty: all); one query.

    Prefetched ``services`` and ``staff`` (a page checking many codes) are used as they are.
    """
    prefetched = getattr(coupon, "_prefetched_objects_cache", {})
    if "services" in prefetched and "staff" in prefetched:
        return {s.pk for s in coupon.services.all()}, {s.pk for s in coupon.staff.all()}
    connection = connections[coupon._state.db or router.db_for_read(Coupon)]
    with connection.cursor() as cursor:
        cursor.execute(_chosen_sql(connection), [coupon.pk, coupon.pk])
        rows = cursor.fetchall()
    chosen: tuple[set[object], set[object]] = (set(), set())
    for is_staff, pk in rows:
        chosen[bool(is_staff)].add(pk)
    return chosen


_CHOSEN_SQL: dict[str, str] = {}


def _chosen_sql(connection: BaseDatabaseWrapper) -> str:
    """``SELECT 0, service … UNION ALL SELECT 1, staff …`` of a promo code's two through
    tables, written once per kind of database: its only values are the promo code's
    key, as parameters (the ORM compiled the same statement anew on every checkout)."""
    sql = _CHOSEN_SQL.get(connection.vendor)
    if sql is None:
        sql = _CHOSEN_SQL[connection.vendor] = _write_chosen_sql(connection.ops.quote_name)
    return sql


def _write_chosen_sql(quote: Callable[[str], str]) -> str:
    parts = []
    for is_staff, relation in enumerate((Coupon.services, Coupon.staff)):
        through = relation.through._meta
        coupon_column = through.get_field(relation.field.m2m_field_name()).column
        target = through.get_field(relation.field.m2m_reverse_field_name()).column
        parts.append(
            f"SELECT {is_staff}, {quote(target)} FROM {quote(through.db_table)} "
            f"WHERE {quote(coupon_column)} = %s"
        )
    return " UNION ALL ".join(parts)


def _check_limits(code: CouponCode, facts: BookingFacts) -> int | None:
    """Refuse a code whose limits are reached; return the booking's live use (its pk), if any.

    One query counts every limit and finds that use.
    """
    coupon = code.coupon
    key = use_key(coupon, facts)
    of_coupon = Q(coupon=coupon)
    # Only the limits this code has are counted.
    counts: dict[str, Any] = {"covered": Count("pk", filter=of_coupon & Q(use_key=key))}
    if coupon.max_uses is not None:
        counts["uses"] = Count("use_key", distinct=True, filter=of_coupon)
    if code.max_uses is not None:
        counts["code_uses"] = Count("use_key", distinct=True, filter=of_coupon & Q(code=code))
    if coupon.max_uses_per_customer is not None and facts.customer is not None:
        counts["customer_uses"] = Count(
            "use_key", distinct=True, filter=of_coupon & Q(customer=facts.customer)
        )
    scope = of_coupon
    if facts.is_saved:  # an unsaved booking (a booking form) has no use of its own yet
        of_booking = Q(booking_id=facts.booking.pk)
        counts["current"] = Max("pk", filter=of_booking)
        scope |= of_booking
    found = Redemption.objects.live().filter(scope).aggregate(**counts)
    current: int | None = found.get("current")
    # An unsaved booking outside a series has no use key of its own yet.
    if found["covered"] and (facts.is_saved or key.startswith("series:")):
        return current  # this series is already covered: no new use
    if coupon.max_uses is not None and found["uses"] >= coupon.max_uses:
        raise used_up("usage_limit", coupon.max_uses)
    if code.max_uses is not None and found["code_uses"] >= code.max_uses:
        raise used_up("usage_limit", code.max_uses)
    if (
        coupon.max_uses_per_customer is not None
        and facts.customer is not None
        and found["customer_uses"] >= coupon.max_uses_per_customer
    ):
        raise used_up("customer_limit", coupon.max_uses_per_customer)
    return current


def used_up(code: str, limit: int) -> CouponError:
    """The ``usage_limit`` or ``customer_limit`` refusal naming the limit ("used 1 time")."""
    return CouponError.allowed(code, max=format_decimal(limit), count=limit)


def check_code(code: str, booking: Booking, *, user: User | None = None) -> Coupon:
    """The promo code (the rule) that ``code`` would apply to ``booking``; writes nothing.

    ``user`` is the staff user asking, needed for codes only staff may apply.
    ``booking`` may be unsaved (a booking form checks the code before the row
    exists, e.g. from ``adapter.build_booking``): every rule reads its
    attributes, none needs its primary key. Raises
    :class:`~loyalty_promos.exceptions.CouponError` whose ``code`` names the
    first rule that fails, in the order of the checks below.
    """
    facts = BookingFacts.of(booking)
    found = find_code(code, facts=facts)
    check_rules(found, facts, user=user)
    return found.coupon


def quote_discount(coupon: Coupon, price: Decimal) -> Decimal:
    return discount_amount(price, coupon.discount_type, coupon.discount_value)


@dataclass(frozen=True)
class CodeTrial:
    """What a code would do for a booking: the coupon and the prices, or the refusal."""

    code: str
    currency: str
    error: CouponError | None = None
    coupon: Coupon | None = None
    price: Decimal | None = None
    discount: Decimal | None = None
    total: Decimal | None = None


def try_code(
    code: str,
    *,
    booking: Booking | None = None,
    customer: Customer | None = None,
    service: Service | None = None,
    staff: Staff | None = None,
    start: datetime.datetime | None = None,
    user: User | None = None,
) -> CodeTrial:
    """What ``code`` would do for ``booking``, or for an appointment described by its
    customer, service (its price), staff member and start. Nothing is written.

    ``user`` is the staff member applying it (staff-only codes), or None for a
    customer. A refused code is returned with its :class:`CouponError`, not raised.
    """
    if booking is not None:
        facts = BookingFacts.of(booking)
    else:
        if start is None:
            raise TypeError("try_code() needs a booking, or a start with the other facts")
        facts = BookingFacts(
            booking=None,
            customer=customer,
            service=service,
            staff=staff,
            start=start,
            price=Decimal(getattr(service, get_adapter().service_price_field)),
            series_key=None,
        )
    trial = CodeTrial(code=normalize_code(code), currency=app_settings.CURRENCY)
    try:
        found = find_code(code, facts=facts)
        check_rules(found, facts, user=user)
    except CouponError as error:
        return dataclasses.replace(trial, error=error)
    discount = quote_discount(found.coupon, facts.price)
    return dataclasses.replace(
        trial,
        coupon=found.coupon,
        price=facts.price,
        discount=discount,
        total=facts.price - discount,
    )


@dataclass(frozen=True)
class CheckedCode:
    """A code checked under its lock, with the booking's live use found by the check."""

    code: CouponCode
    current_use: int | None


def check_locked(code: str, facts: BookingFacts, *, user: User | None = None) -> CheckedCode:
    """Find ``code``, lock it and check every rule under the lock: the check that counts.

    One statement finds the code and locks its promo code (its row is read as
    it is once locked). Every use of any of its codes takes that lock, so it
    serialises each code's own limit too. A code without limits is locked as
    well: two checkouts of one code at once wait a few milliseconds for each
    other, and every checkout saves a statement.
    """
    found = find_code(code, lock=True)
    return CheckedCode(found, check_rules(found, facts, user=user))


def record_use(
    found: CouponCode,
    facts: BookingFacts,
    *,
    price: Decimal | None = None,
    charge: Charge | None = None,
    user: User | None = None,
    check: bool = False,
    current_use: int | bool | None = True,
) -> Redemption:
    """Record a use of ``found`` (locked by the caller) for the booking.

    Using the booking's current code again returns its use; any other live use
    of the booking is released first (one code per booking). With ``check`` the
    rules are checked here, under the caller's lock; checkout has checked them
    already. ``price`` is the price the discount applies to (default: the list
    price). ``current_use``: the booking's live use as the check found it (its
    primary key, or None for none); True (default) reads it here.
    """
    locking.require_transaction()
    current: Redemption | None = None
    live = Redemption.objects.live().filter(booking=facts.booking)
    if current_use is True:
        current = live.first()
    elif current_use:
        current = live.filter(pk=current_use).first()
    if current is not None and current.code_id == found.pk:
        return current
    if check:
        check_rules(found, facts, user=user)
    if current is not None:
        release(current)
    coupon = found.coupon
    base = facts.price if price is None else price
    redemption: Redemption = Redemption.objects.create(
        coupon=coupon,
        code=found,
        booking=facts.booking,
        customer=facts.customer,
        charge=charge,
        code_text=found.code,
        coupon_name=coupon.name,
        discount_type=coupon.discount_type,
        discount_value=coupon.discount_value,
        booking_ref=facts.booking_ref,
        use_key=use_key(coupon, facts),
        amount=quote_discount(coupon, base),
        # Known without a query only when a rule asked: the check proved it.
        first_booking=coupon.first_booking_only and facts.customer is not None,
        created_by=user,
    )
    send_after_commit(signals.code_redeemed, Redemption, redemption=redemption)
    return redemption


def redeem(
    code: str,
    booking: Booking,
    *,
    price: Decimal | None = None,
    charge: Charge | None = None,
    user: User | None = None,
) -> Redemption:
    """Use ``code`` for ``booking``: check every rule and record the use, atomically.

    When any limit applies, the promo code row is locked (every use of its codes
    takes that lock first) and every rule is checked under it, so concurrent
    checkouts can never overshoot a limit. Redeeming the same code again for the
    same booking returns the same use; another code replaces the booking's
    previous one (one code per booking). The customer's earlier bookings are
    read only for a promo code valid for first bookings only, so
    ``Redemption.first_booking`` is True only for those.
    """
    facts = BookingFacts.of(booking)
    with locking.atomic():
        found = find_code(code, lock=True)
        return record_use(found, facts, price=price, charge=charge, user=user, check=True)


def release(redemption: Redemption) -> Redemption:
    """Give a use back (booking cancelled or deleted): void it, never delete it."""
    if redemption.voided_at is None:
        redemption.voided_at = timezone.now()
        redemption.save(update_fields=["voided_at"])
        send_after_commit(signals.code_released, Redemption, redemption=redemption)
    return redemption


def release_booking(booking: Booking, *, keep: Iterable[Charge] = ()) -> int:
    """Release every live use of ``booking`` but those of the charges in ``keep``;
    returns how many were released."""
    uses = list(Redemption.objects.live().filter(booking=booking).exclude(charge__in=keep))
    for use in uses:
        release(use)
    return len(uses)
