"""Apply the pricing rules to a booking's list price.

Order (the model's docstring, :class:`~loyalty_promos.models.PricingRule`,
says the same for staff):

1. among the matching rules that apply **alone** (``exclusive``), the one
   with the highest priority (ties: the newest) changes the list price;
2. every matching rule **on top** (``stack``) then changes the running price,
   highest priority first (ties: the newest first).

Each step is rounded half-up to the cent and never below zero. Weekdays,
times of day and dates are read on the business's clock
(:mod:`~loyalty_promos.services.clock`); per-hour prices count the real hours
between start and end.
"""

from __future__ import annotations

import datetime
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connections, router, transaction

from loyalty_promos.conf import app_settings
from loyalty_promos.integration import Service, Staff
from loyalty_promos.models.pricing import PricingRule
from loyalty_promos.services import clock
from loyalty_promos.services.conditions import allows, allows_pk, in_daily_window
from loyalty_promos.services.money import round_money

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PricedBooking:
    """The price after the rules, with what each applied rule changed (in order)."""

    list_price: Decimal
    price: Decimal
    steps: list[tuple[PricingRule, Decimal]] = field(default_factory=list)

    @property
    def rules(self) -> list[PricingRule]:
        return [rule for rule, _change in self.steps]


#: The keys of a rule's chosen services and staff, noted on each rule :func:`read_rules` reads
#: (matching a booking against 20 cached rules built 40 related querysets per checkout).
_CHOSEN = "_loyalty_promos_chosen"


def read_rules() -> list[PricingRule]:
    """Every active rule with its services and staff from the database: three queries."""
    rules = list(PricingRule.objects.active().prefetch_related("services", "staff"))
    for rule in rules:
        services = {service.pk for service in rule.services.all()}
        setattr(rule, _CHOSEN, (services, {member.pk for member in rule.staff.all()}))
    return rules


#: The key, in Django's default cache, of the version of the rules: changed on every
#: change of a rule, so processes sharing a cache (Redis, Memcached) see it at once.
VERSION_KEY = "loyalty_promos:pricing_rules_version"


@dataclass
class _Cached:
    rules: list[PricingRule] | None = None
    version: Any = None
    loaded_at: float = 0.0
    #: The outermost ``atomic`` block of a transaction that changed a rule and has not
    #: committed yet: rules read while it is open are not kept (it may roll back).
    pending: object | None = None


_cached = _Cached()
_cache_lock = threading.Lock()


def _outermost_block() -> object | None:
    blocks = connections[router.db_for_write(PricingRule)].atomic_blocks
    return blocks[0] if blocks else None


def forget_rules(**kwargs: Any) -> None:
    """Drop the cached rules (a rule, or whom it applies to, changed).

    Connected to ``post_save``, ``post_delete`` and ``m2m_changed`` of
    :class:`~loyalty_promos.models.PricingRule` and to ``setting_changed``. A
    change inside a transaction is not cached from until it commits: a rollback
    must not leave rules behind that no longer exist.
    """
    with _cache_lock:
        _cached.rules = None
        _cached.pending = _outermost_block()
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    if _cached.pending is not None:
        transaction.on_commit(_committed, using=router.db_for_write(PricingRule))


def _committed() -> None:
    with _cache_lock:
        _cached.rules, _cached.pending = None, None


def load_rules() -> list[PricingRule]:
    """Every active rule with its services and staff, kept per process.

    Read from the database (three queries) once, then again only after a rule
    changed (:func:`forget_rules`), after another process said so through
    Django's cache (:data:`VERSION_KEY`), or after ``PRICING_RULES_CACHE_SECONDS``.
    """
    timeout = app_settings.PRICING_RULES_CACHE_SECONDS
    if not timeout:
        return read_rules()
    version = cache.get(VERSION_KEY)
    now = time.monotonic()
    with _cache_lock:
        if _cached.pending is not None and _cached.pending is not _outermost_block():
            _cached.pending = None  # that transaction ended without committing: rolled back
        if (
            _cached.rules is not None
            and _cached.version == version
            and now - _cached.loaded_at < timeout
        ):
            return _cached.rules
    rules = read_rules()
    with _cache_lock:
        if _cached.pending is None:
            _cached.rules, _cached.version, _cached.loaded_at = rules, version, now
    return rules


def _matches(
    rule: PricingRule, *, service: Service, staff: Staff | None, local: datetime.datetime
) -> bool:
    chosen = getattr(rule, _CHOSEN, None)
    if chosen is not None:
        allowed = allows_pk(chosen[0], service) and allows_pk(chosen[1], staff)
    else:  # a rule not read by read_rules (a preview of an edited rule)
        allowed = allows(rule.services, service) and allows(rule.staff, staff)
    if not allowed:
        return False
    if rule.weekdays and local.weekday() not in rule.weekdays:
        return False
    if (
        rule.time_from is not None
        and rule.time_until is not None
        and not in_daily_window(local.time(), rule.time_from, rule.time_until)
    ):
        return False
    if rule.date_from and local.date() < rule.date_from:
        return False
    return not (rule.date_until and local.date() > rule.date_until)


def matching_rules(
    rules: Iterable[PricingRule],
    *,
    service: Service,
    staff: Staff | None,
    start: datetime.datetime,
) -> list[PricingRule]:
    """The rules that apply to the booking, in the order they apply.

    ``rules`` come ordered by priority, highest first, then newest first (the
    model's ordering). The result is the best matching *alone* rule, if any,
    followed by every matching *on top* rule in that order.
    """
    local = clock.local(start)
    alone: PricingRule | None = None
    on_top: list[PricingRule] = []
    for rule in rules:
        if not _matches(rule, service=service, staff=staff, local=local):
            continue
        if rule.stacking == PricingRule.Stacking.STACK:
            on_top.append(rule)
        elif alone is None:
            alone = rule
    return ([alone] if alone is not None else []) + on_top


def matching_rule(
    rules: Iterable[PricingRule],
    *,
    service: Service,
    staff: Staff | None,
    start: datetime.datetime,
) -> PricingRule | None:
    """The first rule that applies (the *alone* rule when one matches), or None."""
    found = matching_rules(rules, service=service, staff=staff, start=start)
    return found[0] if found else None


def _step(
    rule: PricingRule, price: Decimal, *, start: datetime.datetime, end: datetime.datetime
) -> Decimal:
    if rule.kind == PricingRule.Kind.SET_PRICE:
        new = rule.value * clock.elapsed_hours(start, end) if rule.per_hour else rule.value
    elif rule.kind == PricingRule.Kind.PERCENT:
        new = price * (1 + rule.value / 100)
    else:
        new = price + rule.value
    return max(round_money(new), ZERO)


def apply_rules(
    rules: Iterable[PricingRule],
    list_price: Decimal,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
) -> PricedBooking:
    """Apply ``rules`` (as :func:`matching_rules` orders them) one after the other."""
    price = list_price
    steps: list[tuple[PricingRule, Decimal]] = []
    for rule in rules:
        new = _step(rule, price, start=start, end=end)  # the first step reads the exact price
        steps.append((rule, new - round_money(price)))
        price = new
    return PricedBooking(list_price=round_money(list_price), price=round_money(price), steps=steps)


def price_booking(
    list_price: Decimal,
    *,
    service: Service,
    staff: Staff | None,
    start: datetime.datetime,
    end: datetime.datetime,
    rules: Iterable[PricingRule] | None = None,
) -> PricedBooking:
    """The price of a booking after every matching rule (``rules``: preloaded, else loaded)."""
    if rules is None:
        rules = load_rules()
    found = matching_rules(rules, service=service, staff=staff, start=start)
    return apply_rules(found, list_price, start=start, end=end)


def apply_rule(
    rule: PricingRule | None,
    list_price: Decimal,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
) -> Decimal:
    """The price after ``rule`` alone (never negative), rounded to the cent."""
    return apply_rules([] if rule is None else [rule], list_price, start=start, end=end).price
