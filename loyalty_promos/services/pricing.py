"""Apply the pricing rules to a booking's list price."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from loyalty_promos.models.pricing import PricingRule
from loyalty_promos.services.conditions import allows, in_daily_window
from loyalty_promos.services.money import round_money

HOUR = Decimal(3600)


def load_rules() -> list[PricingRule]:
    """Every active rule with its services and staff: three queries, whatever their number."""
    return list(PricingRule.objects.active().prefetch_related("services", "staff"))


def matching_rule(rules: Iterable[PricingRule], *, service, staff, start) -> PricingRule | None:
    """The highest-priority rule (``rules`` come ordered) that matches the booking."""
    local = timezone.localtime(start)
    for rule in rules:
        if not (allows(rule.services, service) and allows(rule.staff, staff)):
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
