"""Rules in plain words: one line per promo code, pricing rule, earning rule, reward and plan.

``Sat–Sun · Haircut, Colour · −20 % · 4/50 used · until 31 Dec``: what a rule
does, in the reader's language, with numbers and dates as the language writes
them. The same words explain a refused code (:func:`allowed_text`), so staff
and customers read one vocabulary.

Related objects (services, staff) are read through ``.all()``: a list page
prefetches them, so a summary costs no query there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loyalty_promos.formats import format_decimal
from loyalty_promos.models import Coupon, EarningRule, PackagePlan, PricingRule, Reward
from loyalty_promos.services.money import format_money

SEPARATOR = " · "
MINUS = "−"  # U+2212, the minus sign readers expect in a price


def signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else f"+{text}"


def percent(value: Decimal) -> str:
    return f"{format_decimal(value)} %"


def day_text(value: datetime.date | datetime.datetime) -> str:
    """A date as ``31 Dec`` (this year) or ``31 Dec 2027``, month names translated."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    this_year = timezone.localdate().year
    return formats.date_format(value, "j M" if value.year == this_year else "j M Y")


def time_text(value: datetime.time) -> str:
    return formats.time_format(value, "H:i")


def weekdays_text(days: Iterable[int], *, full: bool = False) -> str:
    """``Sat–Sun``, ``Mon–Fri``, ``Mon, Wed, Fri``: runs of three or more joined by a dash;
    with ``full``, ``Saturday and Sunday`` (for sentences)."""
    chosen = sorted(set(days))
    names = WEEKDAYS if full else WEEKDAYS_ABBR
    if full:
        words = [str(names[d]) for d in chosen]
        return (
            _("%(first)s and %(last)s")
            % {
                "first": ", ".join(words[:-1]),
                "last": words[-1],
            }
            if len(words) > 1
            else "".join(words)
        )
    runs: list[list[int]] = []
    for day in chosen:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 2 and (len(run) >= 3 or (run[0], run[-1]) == (5, 6)):
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts.extend(str(names[d]) for d in run)
    return ", ".join(parts)


def names_text(objects: Iterable[Any], limit: int = 3) -> str:
    """``Haircut, Colour`` — the first ``limit`` names, then ``+2 more``."""
    names = sorted(str(o) for o in objects)
    if len(names) <= limit:
        return ", ".join(names)
    rest = len(names) - limit
    return _("%(names)s +%(count)d more") % {"names": ", ".join(names[:limit]), "count": rest}


def window_text(start: datetime.time, end: datetime.time) -> str:
    return f"{time_text(start)}–{time_text(end)}"


def join(parts: Sequence[str | None]) -> str:
    return SEPARATOR.join(p for p in parts if p)


# One line per rule kind -------------------------------------------------------------------


def coupon_discount(coupon: Coupon, currency: str = "") -> str:
    if coupon.discount_type == Coupon.DiscountType.PERCENT:
        return f"{MINUS}{percent(coupon.discount_value)}"
    return f"{MINUS}{format_money(coupon.discount_value, currency)}"


def coupon_summary(coupon: Coupon, *, uses: int | None = None) -> str:
    """What the promo code gives, when, for what, and how much of it is used."""
    uses = getattr(coupon, "uses", None) if uses is None else uses
    services = list(coupon.services.all())
    staff = list(coupon.staff.all())
    parts = [
        weekdays_text(coupon.weekdays) if coupon.weekdays else None,
        window_text(coupon.time_from, coupon.time_until)
        if coupon.time_from is not None and coupon.time_until is not None
        else None,
        names_text(services) if services else None,
        _("with %(names)s") % {"names": names_text(staff)} if staff else None,
        coupon_discount(coupon),
        _("first visit only") if coupon.first_booking_only else None,
        _("staff only") if coupon.staff_only else None,
    ]
    if uses is not None:
        used = format_decimal(uses)
        parts.append(
            _("%(uses)s/%(max)s used") % {"uses": used, "max": format_decimal(coupon.max_uses)}
            if coupon.max_uses is not None
            else ngettext("%(uses)s use", "%(uses)s uses", uses) % {"uses": used}
        )
    if coupon.max_uses_per_customer is not None:
        per_customer = format_decimal(coupon.max_uses_per_customer)
        parts.append(_("%(count)s× per customer") % {"count": per_customer})
    if coupon.appointment_from or coupon.appointment_until:
        parts.append(
            _("appointments %(window)s")
            % {"window": dates_text(coupon.appointment_from, coupon.appointment_until)}
        )
    parts.append(validity_text(coupon.valid_from, coupon.valid_until))
    return join(parts)


def dates_text(start: Any, end: Any) -> str:
    if start and end:
        return f"{day_text(start)}–{day_text(end)}"
    if start:
        return _("from %(date)s") % {"date": day_text(start)}
    if end:
        return _("until %(date)s") % {"date": day_text(end)}
    return ""


def validity_text(start: Any, end: Any) -> str:
    """``from 1 Dec``, ``until 31 Dec``; a start already past is not worth saying."""
    now = timezone.now()
    if isinstance(start, datetime.datetime) and start <= now:
        start = None
    if isinstance(start, datetime.date) and not isinstance(start, datetime.datetime):
        start = None if start <= timezone.localdate() else start
    return dates_text(start, end)


def pricing_change(rule: PricingRule) -> str:
    if rule.kind == PricingRule.Kind.SET_PRICE:
        price = format_money(rule.value)
        return (
            _("%(price)s per hour") % {"price": price}
            if rule.per_hour
            else (_("price %(price)s") % {"price": price})
        )
    negative = rule.value < 0
    amount = abs(rule.value)
    text = percent(amount) if rule.kind == PricingRule.Kind.PERCENT else format_money(amount)
    return signed(text, negative)


def pricing_rule_summary(rule: PricingRule) -> str:
    services = list(rule.services.all())
    staff = list(rule.staff.all())
    return join(
        [
            weekdays_text(rule.weekdays) if rule.weekdays else None,
            window_text(rule.time_from, rule.time_until)
            if rule.time_from is not None and rule.time_until is not None
            else None,
            names_text(services) if services else _("every service"),
            _("with %(names)s") % {"names": names_text(staff)} if staff else None,
            pricing_change(rule),
            _("on top") if rule.stacking == PricingRule.Stacking.STACK else None,
            validity_text(rule.date_from, rule.date_until),
        ]
    )


def earning_rule_summary(rule: EarningRule) -> str:
    points = ngettext("%(points)s point", "%(points)s points", rule.points) % {
        "points": format_decimal(rule.points)
    }
    if rule.kind == EarningRule.Kind.PER_AMOUNT and rule.amount_step:
        what = _("%(points)s per %(amount)s paid") % {
            "points": points,
            "amount": format_money(rule.amount_step),
        }
    elif rule.kind == EarningRule.Kind.NTH_VISIT and rule.visit_number:
        n = format_decimal(rule.visit_number)
        what = (
            ngettext(
                "%(points)s every %(n)s visit", "%(points)s every %(n)s visits", rule.visit_number
            )
            if rule.repeat
            else _("%(points)s at visit %(n)s")
        ) % {"points": points, "n": n}
    else:
        what = _("%(points)s per visit") % {"points": points}
    services = list(rule.services.all())
    return join(
        [
            what,
            names_text(services) if services else _("every service"),
            validity_text(rule.date_from, rule.date_until),
        ]
    )


def reward_summary(reward: Reward) -> str:
    cost = ngettext("%(points)s point", "%(points)s points", reward.points_cost) % {
        "points": format_decimal(reward.points_cost)
    }
    if reward.kind == Reward.Kind.PERCENT:
        gives = f"{MINUS}{percent(reward.value)}"
    elif reward.kind == Reward.Kind.AMOUNT:
        gives = f"{MINUS}{format_money(reward.value)}"
    elif reward.kind == Reward.Kind.FREE_SERVICE:
        gives = (
            _("free %(service)s") % {"service": reward.service}
            if reward.service_id
            else _("a free service")
        )
    else:
        gives = _("gift card of %(amount)s") % {"amount": format_money(reward.value)}
    valid = (
        ngettext("valid %(days)s day", "valid %(days)s days", reward.valid_days)
        % {"days": format_decimal(reward.valid_days)}
        if reward.kind == Reward.Kind.GIFT_CARD
        else None
    )
    return join([cost, gives, valid])


def validity(count: int, unit: str) -> str:
    """How long a package lasts, with the unit agreeing with the number: "valid 1 month"."""
    Unit = PackagePlan.ValidityUnit
    if unit == Unit.DAYS:
        text = ngettext("valid %(count)s day", "valid %(count)s days", count)
    elif unit == Unit.MONTHS:
        text = ngettext("valid %(count)s month", "valid %(count)s months", count)
    else:
        text = ngettext("valid %(count)s year", "valid %(count)s years", count)
    return text % {"count": format_decimal(count)}


def package_plan_summary(plan: PackagePlan) -> str:
    if plan.kind == PackagePlan.Kind.VISIT_PACK and plan.visits:
        holds = ngettext("%(count)s visit", "%(count)s visits", plan.visits) % {
            "count": format_decimal(plan.visits)
        }
    elif plan.kind == PackagePlan.Kind.CREDIT_PACK and plan.credit:
        holds = _("%(amount)s credit") % {"amount": format_money(plan.credit)}
    else:
        holds = _("unlimited visits")
    if plan.validity_count and plan.validity_unit:
        valid = validity(plan.validity_count, plan.validity_unit)
    else:
        valid = _("no expiry")
    services = list(plan.services.all())
    return join(
        [
            holds,
            names_text(services) if services else _("every service"),
            valid,
            format_money(plan.price),
            _("sold online") if plan.sellable_online else None,
        ]
    )


def summary(rule: Any) -> str:
    """The one line of any rule kind above."""
    for model, describe in SUMMARIES:
        if isinstance(rule, model):
            return str(describe(rule))
    raise TypeError(f"No summary for {type(rule).__name__}")


SUMMARIES: list[tuple[type, Any]] = [
    (Coupon, coupon_summary),
    (PricingRule, pricing_rule_summary),
    (EarningRule, earning_rule_summary),
    (Reward, reward_summary),
    (PackagePlan, package_plan_summary),
]
