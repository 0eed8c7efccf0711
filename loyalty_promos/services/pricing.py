"""Apply the pricing rules to a booking's list price."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from loyalty_promos.models.pricing import PricingRule
from loyalty_promos.services.money import round_money

HOUR = Decimal(3600)


def in_daily_window(moment: datetime.time, start: datetime.time, end: datetime.time) -> bool:
    """Start included, end excluded; a window whose end is before its start runs past midnight."""
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def load_rules() -> list[PricingRule]:
    """Every active rule with its services and staff: three queries, whatever their number."""
    return list(PricingRule.objects.active().prefetch_related("services", "staff"))


def matching_rule(rules: Iterable[PricingRule], *, service, staff, start) -> PricingRule | None:
    """The highest-priority rule (``rules`` come ordered) that matches the booking."""
    local = timezone.localtime(start)
    for rule in rules:
        services = {s.pk for s in rule.services.all()}
        staff_members = {s.pk for s in rule.staff.all()}
        if services and (service is None or service.pk not in services):
            continue
        if staff_members and (staff is None or staff.pk not in staff_members):
            continue
        if rule.weekdays and local.weekday() not in rule.weekdays:
            continue
        if rule.time_from is not None and not in_daily_window(
            local.time(), rule.time_from, rule.time_until
        ):
            continue
        if rule.date_from and local.date() < rule.date_from:
            continue
        if rule.date_until and local.date() > rule.date_until:
            continue
        return rule
    return None


def apply_rule(rule: PricingRule | None, list_price: Decimal, *, start, end) -> Decimal:
    """The price after ``rule`` (never negative), rounded to the cent."""
    if rule is None:
        return round_money(list_price)
    if rule.kind == PricingRule.Kind.SET_PRICE:
        price = rule.value
        if rule.per_hour:
            price = rule.value * Decimal((end - start).total_seconds()) / HOUR
    elif rule.kind == PricingRule.Kind.PERCENT:
        price = list_price * (1 + rule.value / 100)
    else:
        price = list_price + rule.value
    return max(round_money(price), Decimal("0.00"))
