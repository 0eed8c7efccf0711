"""The business's clock: one place that turns instants into its days and hours.

Rules are written in the business's terms — "Saturdays", "from 17:00",
"until 31 January", "valid 6 months" — so they are read in the business's
time zone (``LOYALTY_PROMOS["TIME_ZONE"]``, else ``settings.TIME_ZONE``),
never in the zone a request happens to activate (a host with per-user time
zones would otherwise give two answers for one booking). Instants are stored
and compared in UTC; only the reading goes through here.

* :func:`local` — an instant as the business's wall clock shows it;
* :func:`today` — the business's current date;
* :func:`add_months` / :func:`add_days` — calendar arithmetic on the
  business's wall clock (18:44 stays 18:44 across a daylight-saving change);
* :func:`elapsed_hours` — real hours between two instants (a 01:00–05:00
  booking on the night clocks go forward lasts 3 hours).
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.utils import timezone

from loyalty_promos.conf import business_tz

HOUR = Decimal(3600)


def local(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` on the business's wall clock (a naive value is taken as already local)."""
    zone = business_tz()
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, zone)
    return moment.astimezone(zone)


def make_aware(value: datetime.datetime) -> datetime.datetime:
    """``value`` unchanged when aware; else read on the business's wall clock."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, business_tz())
    return value


def today() -> datetime.date:
    """The business's date now."""
    return local(timezone.now()).date()


def _normalise(moment: datetime.datetime) -> datetime.datetime:
    """A wall time in a gap (clocks forward) becomes the real instant it names."""
    return moment.astimezone(datetime.UTC).astimezone(moment.tzinfo)


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same wall time ``months`` later in the business's calendar.

    Same day of the month, or the month's last day when it is shorter
    (31 January + 1 month = 28/29 February). An aware ``moment`` is returned
    in the business's time zone; a naive one stays naive.
    """
    wall = local(moment) if timezone.is_aware(moment) else moment
    month_index = wall.month - 1 + months
    year, month = wall.year + month_index // 12, month_index % 12 + 1
    day = min(wall.day, calendar.monthrange(year, month)[1])
    shifted = wall.replace(year=year, month=month, day=day)
    return _normalise(shifted) if timezone.is_aware(shifted) else shifted


def add_days(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The same wall time ``days`` calendar days later (not ``days`` × 24 hours)."""
    wall = local(moment) if timezone.is_aware(moment) else moment
    shifted = wall + datetime.timedelta(days=days)  # wall-clock arithmetic
    return _normalise(shifted) if timezone.is_aware(shifted) else shifted


def elapsed_hours(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Real hours from ``start`` to ``end``, counted in UTC across daylight-saving changes.

    (Subtracting two datetimes sharing one ``tzinfo`` compares their wall
    clocks, which is an hour off on the nights the clocks change.)
    """
    elapsed = make_aware(end).astimezone(datetime.UTC) - make_aware(start).astimezone(datetime.UTC)
    return Decimal(elapsed.total_seconds()) / HOUR
