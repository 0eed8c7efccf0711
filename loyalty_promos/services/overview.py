"""The overview: what the desk has to do today and how the business is doing.

``overview(now)`` reads the figures of the back office's landing page in a
fixed number of aggregate queries, whatever the size of the ledgers: the
appointments still to check out, pending charges, revenue / discounts /
credits / points this week and this month against the previous ones, the
most used codes, codes close to their limit or expiry, what customers hold
(points, credit, gift cards, packages) and what of it expires soon.

The ledgers are never summed whole: the points earned come from the daily
totals (:mod:`~loyalty_promos.services.rollups`) plus the open days, the
charge sums read the periods shown through an index that holds every column
they add, and what customers hold comes from the cached balances.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.conf import business_tz
from loyalty_promos.integration import get_booking_model
from loyalty_promos.models import (
    Charge,
    Coupon,
    CreditBalance,
    CustomerPackage,
    GiftCard,
    PackagePlan,
    PointsBalance,
    PointsDay,
    PointsEntry,
    Redemption,
)
from loyalty_promos.services import clock, rollups
from loyalty_promos.services.customers import bookings_to_check_out
from loyalty_promos.services.money import round_money

#: Rows listed per section (appointments, pending charges, codes).
LIST_ROWS = 10
#: A code is "close to its limit" from this share of its uses.
LIMIT_SHARE = Decimal("0.8")
#: A code is "close to its expiry" within this many days; value "expires soon" within EXPIRY_DAYS.
CODE_EXPIRY_DAYS = 7
EXPIRY_DAYS = 30
#: Weeks drawn in the revenue chart.
CHART_WEEKS = 8


@dataclass(frozen=True)
class Period:
    """A half-open span ``[start, end)`` of the business's calendar."""

    start: datetime.datetime
    end: datetime.datetime

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


@dataclass(frozen=True)
class Figure:
    """One measure over a period and the period before it."""

    label: str
    current: Decimal | int
    previous: Decimal | int
    money: bool = True

    @property
    def change(self) -> Decimal | int:
        return self.current - self.previous

    @property
    def trend(self) -> str:
        """``up``, ``down`` or ``flat``: for the arrow and its colour."""
        if self.current > self.previous:
            return "up"
        return "down" if self.current < self.previous else "flat"


@dataclass
class Overview:
    now: datetime.datetime
    to_check_out: list[Any]
    to_check_out_count: int
    pending_charges: list[Charge]
    pending_count: int
    pending_total: Decimal
    week: list[Figure]
    month: list[Figure]
    weeks: list[tuple[datetime.date, Decimal, Decimal]]
    top_codes: list[dict[str, Any]]
    codes_near_limit: list[Coupon]
    codes_near_expiry: list[Coupon]
    liability: dict[str, Decimal | int]
    expiring: dict[str, Decimal | int]


def _day_start(day: datetime.date) -> datetime.datetime:
    return clock.make_aware(datetime.datetime.combine(day, datetime.time.min))


def periods(now: datetime.datetime) -> dict[str, Period]:
    """This week (from Monday), the week before, this month and the month before,
    in the business's calendar; the current ones end now."""
    today = clock.local(now).date()
    week_start = _day_start(today - datetime.timedelta(days=today.weekday()))
    month_start = _day_start(today.replace(day=1))
    previous_month = _day_start((today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1))
    return {
        "week": Period(week_start, now),
        "previous_week": Period(clock.add_days(week_start, -7), week_start),
        "month": Period(month_start, now),
        "previous_month": Period(previous_month, month_start),
    }


def _charge_figures(spans: dict[str, Period], weeks: list[Period]) -> dict[str, Any]:
    """Revenue, discounts and credits paid per period and per chart week: one query over
    the charges since the earliest of them (``created_at`` is indexed)."""
    measures = {
        "revenue": "amount_due",
        "discounts": "discount_amount",
        "credits": "credits_amount",
    }
    sums = {
        f"{name}__{key}": Sum(column, filter=span.q("created_at"))
        for key, span in spans.items()
        for name, column in measures.items()
    }
    for index, week in enumerate(weeks):
        sums[f"revenue__w{index}"] = Sum("amount_due", filter=week.q("created_at"))
        sums[f"discounts__w{index}"] = Sum("discount_amount", filter=week.q("created_at"))
    since = min(span.start for span in [*spans.values(), *weeks])
    live = Charge.objects.exclude(status=Charge.Status.VOID).filter(created_at__gte=since)
    return {key: round_money(value or 0) for key, value in live.aggregate(**sums).items()}


def _points_figures(spans: dict[str, Period]) -> dict[str, int]:
    """Points earned per period, exact in two queries whatever the ledger's size: the days
    already summed into daily totals (:mod:`~loyalty_promos.services.rollups`, one query,
    which also finds the last of them), then the ledger's entries after that day, through
    its date index (one query). Every period starts at the start of a day, so a summed day
    is in a period or out of it whole. When the business's time zone is not the site's
    (the days are cut in the site's), the ledger alone answers."""
    since = min(span.start for span in spans.values())
    earned = PointsEntry.objects.filter(kind=PointsEntry.Kind.EARN)
    days: dict[str, Any] = {}
    if str(business_tz()) == str(timezone.get_default_timezone()):
        days = PointsDay.objects.filter(
            kind=PointsEntry.Kind.EARN, day__gte=clock.local(since).date()
        ).aggregate(
            last=Max("day"),
            **{
                key: Sum("points", filter=Q(day__gte=_day(span.start), day__lt=_day(span.end)))
                for key, span in spans.items()
            },
        )
        if days["last"] is not None:
            since = max(since, rollups.day_start(days["last"] + rollups.DAY))
    recent = earned.filter(created_at__gte=since).aggregate(
        **{key: Sum("points", filter=span.q("created_at")) for key, span in spans.items()}
    )
    return {key: (days.get(key) or 0) + (recent[key] or 0) for key in spans}


def _day(moment: datetime.datetime) -> datetime.date:
    return clock.local(moment).date()


#: The measures compared per period, with their labels.
MEASURES = (
    ("revenue", _("revenue")),
    ("discounts", _("discounts given")),
    ("credits", _("paid with credits")),
)


def _figures(charges: dict[str, Any], points: dict[str, int], span: str) -> list[Figure]:
    figures = [
        Figure(str(label), charges[f"{name}__{span}"], charges[f"{name}__previous_{span}"])
        for name, label in MEASURES
    ]
    figures.append(
        Figure(str(_("points earned")), points[span], points[f"previous_{span}"], money=False)
    )
    return figures


def outstanding_points(now: datetime.datetime) -> dict[str, int]:
    """Points customers can still use at ``now`` (``total``), and those of them that
    expire within EXPIRY_DAYS (``expiring``): two queries, neither over the ledger.

    Outstanding means what the customers' balances would be once every lot past its
    expiry is written off: the cached balances (one row per customer) less the points
    left in lots already expired that the expiry job has not written off yet. Those
    lots, and the ones expiring soon, are read through the index of lots with points
    left, by expiry (``lp_points_live_lots_sum``, which holds the points left too).
    """
    held = PointsBalance.objects.aggregate(total=Sum("balance"))["total"] or 0
    soon = now + datetime.timedelta(days=EXPIRY_DAYS)
    lots = PointsEntry.objects.filter(
        remaining__gt=0, expires_at__isnull=False, expires_at__lte=soon
    ).aggregate(
        expired=Sum("remaining", filter=Q(expires_at__lte=now)),
        expiring=Sum("remaining", filter=Q(expires_at__gt=now)),
    )
    return {"total": held - (lots["expired"] or 0), "expiring": lots["expiring"] or 0}


def _liability(now: datetime.datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """What customers hold, and what of it expires within EXPIRY_DAYS: five queries."""
    soon = now + datetime.timedelta(days=EXPIRY_DAYS)
    expiring_soon = Q(expires_at__isnull=False, expires_at__lte=soon)
    points = outstanding_points(now)
    credit = CreditBalance.objects.aggregate(total=Sum("balance"))
    cards = (
        GiftCard.objects.filter(is_active=True, balance__gt=0)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .aggregate(total=Sum("balance"), expiring=Sum("balance", filter=expiring_soon))
    )
    packages = (
        CustomerPackage.objects.filter(is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(
            Q(plan__kind=PackagePlan.Kind.TIME_PASS) | Q(visits_left__gt=0) | Q(credit_left__gt=0)
        )
        .aggregate(
            count=Count("pk"),
            credit=Sum("credit_left"),
            visits=Sum("visits_left"),
            expiring=Count("pk", filter=expiring_soon),
        )
    )
    liability = {
        "points": points["total"] or 0,
        "credit": round_money(credit["total"] or 0),
        "gift_cards": round_money(cards["total"] or 0),
        "packages": packages["count"],
        "package_credit": round_money(packages["credit"] or 0),
        "package_visits": packages["visits"] or 0,
    }
    expiring = {
        "points": points["expiring"] or 0,
        "gift_cards": round_money(cards["expiring"] or 0),
        "packages": packages["expiring"],
    }
    return liability, expiring


def _codes(now: datetime.datetime, month: Period) -> tuple[list[Any], list[Coupon], list[Coupon]]:
    """Most used codes this month, and active codes close to their limit or expiry."""
    top = list(
        Redemption.objects.live()
        .filter(month.q("created_at"))
        .values("coupon_id", "coupon_name")
        .annotate(uses=Count("use_key", distinct=True))
        .order_by("-uses", "coupon_name")[:5]
    )
    active = Coupon.objects.active(at=now)
    near_limit = list(
        active.filter(max_uses__isnull=False)
        .with_uses()
        .filter(uses__gte=F("max_uses") * LIMIT_SHARE)
        .order_by("-uses", "name")[:LIST_ROWS]
    )
    near_expiry = list(
        active.filter(valid_until__lte=now + datetime.timedelta(days=CODE_EXPIRY_DAYS))
        .with_uses()
        .order_by("valid_until", "name")[:LIST_ROWS]
    )
    return top, near_limit, near_expiry


def overview(now: datetime.datetime | None = None) -> Overview:
    """The landing page's figures: a fixed number of queries (about fifteen)."""
    now = now or timezone.now()
    spans = periods(now)
    this_week = spans["week"].start
    weeks = [
        Period(clock.add_days(this_week, -7 * back), clock.add_days(this_week, -7 * back + 7))
        for back in range(CHART_WEEKS - 1, -1, -1)
    ]
    charges = _charge_figures(spans, weeks)
    points = _points_figures(spans)
    liability, expiring = _liability(now)
    top, near_limit, near_expiry = _codes(now, spans["month"])
    to_check_out = bookings_to_check_out(get_booking_model()._default_manager.all(), now)
    pending = Charge.objects.pending()
    pending_totals = pending.aggregate(count=Count("pk"), total=Sum("amount_due"))
    return Overview(
        now=now,
        to_check_out=list(to_check_out[:LIST_ROWS]),
        to_check_out_count=to_check_out.count(),
        pending_charges=list(pending.order_by("-created_at", "-pk")[:LIST_ROWS]),
        pending_count=pending_totals["count"],
        pending_total=round_money(pending_totals["total"] or 0),
        week=_figures(charges, points, "week"),
        month=_figures(charges, points, "month"),
        weeks=[
            (
                clock.local(week.start).date(),
                charges[f"revenue__w{index}"],
                charges[f"discounts__w{index}"],
            )
            for index, week in enumerate(weeks)
        ],
        top_codes=top,
        codes_near_limit=near_limit,
        codes_near_expiry=near_expiry,
        liability=liability,
        expiring=expiring,
    )
