"""Daily totals of the points ledger, so the points report does not sum the whole ledger.

A day is *closed* once the day after it has ended too (site time zone): an
entry is stamped when it is written, so no entry can join a closed day. Each
closed day is summed once into :class:`~loyalty_promos.models.PointsDay`
rows; the points report adds the open days (yesterday and today) from the
ledger itself, through its date index. A host that writes entries with a
past ``created_at`` (an import) rebuilds the totals with
:func:`rebuild_points_days`.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from loyalty_promos.models import PointsDay, PointsEntry

DAY = datetime.timedelta(days=1)


def day_start(day: datetime.date) -> datetime.datetime:
    """When ``day`` begins in the site's time zone (``TIME_ZONE``)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def first_open_day(now: datetime.datetime | None = None) -> datetime.date:
    """The first day not closed yet: yesterday (a transaction may straddle midnight)."""
    return timezone.localdate(now or timezone.now(), timezone.get_default_timezone()) - DAY


def close_points_days(now: datetime.datetime | None = None) -> int:
    """Sum the closed days not summed yet; returns how many rows were written.

    Two queries when there is nothing new (the last summed day, then the
    entries after it through the date index). Safe to run at once in several
    processes: a day written twice is written once (unique day, kind and rule).
    """
    last = PointsDay.objects.aggregate(last=Max("day"))["last"]
    end = first_open_day(now)
    if last is not None and last >= end - DAY:
        return 0
    entries = PointsEntry.objects.filter(created_at__lt=day_start(end))
    if last is not None:
        entries = entries.filter(created_at__gte=day_start(last + DAY))
    days = (
        entries.annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .values("day", "kind", "rule_id")
        .annotate(entries=Count("pk"), points=Sum("points"), shortfall=Sum("shortfall"))
        .order_by()
    )
    rows = [
        PointsDay(
            day=row["day"],
            kind=row["kind"],
            rule_key=row["rule_id"] or 0,
            entries=row["entries"],
            points=row["points"] or 0,
            shortfall=row["shortfall"] or 0,
        )
        for row in days
    ]
    with transaction.atomic():
        PointsDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def rebuild_points_days() -> int:
    """Drop every daily total and sum the closed days again (after an import)."""
    with transaction.atomic():
        PointsDay.objects.all().delete()
        return close_points_days()
