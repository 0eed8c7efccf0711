"""Small server-side SVG charts: no script, no network, readable without colour alone.

``bar_chart`` computes grouped bars per period (months) for a few series: their
positions, colours, patterns, legend and text alternative. The template
``admin/loyalty_promos/includes/bar_chart.html`` draws them as SVG.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import DateField
from django.db.models.functions import Substr, TruncMonth
from django.utils import formats

from loyalty_promos.formats import format_value

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 180, 48, 28, 12
COLOURS = ("#417690", "#c2185b", "#b26a00", "#2e7d32")
PATTERNS = ("", "4 2", "1 2", "6 2 1 2")


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    colour: str
    dash: str
    tip: str


@dataclass(frozen=True)
class BarChart:
    """Everything ``includes/bar_chart.html`` needs to draw the chart: positions, colours, text."""

    title: str
    width: int
    height: int
    axis_x1: int
    axis_x2: int
    axis_y: int
    peak_y: int
    peak: str
    bars: list[Bar]
    labels: list[tuple[str, int, str]]
    legend: list[tuple[str, str]]
    template_name: str = "admin/loyalty_promos/includes/bar_chart.html"


def bar_chart(title: str, periods: list[str], series: dict[str, list]) -> BarChart | None:
    """Grouped bars: ``series`` maps a name to one value per period (same order).

    None when there is no period to draw.
    """
    if not periods:
        return None
    peak = max((abs(v) for values in series.values() for v in values), default=0) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    group_w = plot_w / len(periods)
    bar_w = max(2.0, group_w * 0.8 / max(len(series), 1))
    bars = []
    for s_index, (name, values) in enumerate(series.items()):
        for p_index, value in enumerate(values):
            h = abs(float(value)) / float(peak) * plot_h
            x = PAD_LEFT + p_index * group_w + group_w * 0.1 + s_index * bar_w
            y = PAD_TOP + plot_h - h
            bars.append(
                Bar(
                    x=f"{x:.1f}",
                    y=f"{y:.1f}",
                    width=f"{bar_w - 1:.1f}",
                    height=f"{h:.1f}",
                    colour=COLOURS[s_index % len(COLOURS)],
                    dash=PATTERNS[s_index % len(PATTERNS)],
                    tip=f"{name} {periods[p_index]}: {_fmt(value)}",
                )
            )
    labels = [
        (f"{PAD_LEFT + i * group_w + group_w / 2:.1f}", HEIGHT - 10, period)
        for i, period in enumerate(periods)
        if len(periods) <= 12 or i % max(1, len(periods) // 12) == 0
    ]
    return BarChart(
        title=str(title),
        width=WIDTH,
        height=HEIGHT,
        axis_x1=PAD_LEFT,
        axis_x2=WIDTH - 8,
        axis_y=PAD_TOP + plot_h,
        peak_y=PAD_TOP + 10,
        peak=_fmt(peak),
        bars=bars,
        labels=labels,
        legend=[(COLOURS[i % len(COLOURS)], str(name)) for i, name in enumerate(series)],
    )


def _fmt(value) -> str:
    """A bar's figure in the page's language: money (Decimal) with cents, counts grouped."""
    return format_value(value)


def month_of(field: str):
    """The month of ``field`` as a group key, computed by the database.

    PostgreSQL truncates in the site's time zone. SQLite's TruncMonth is a
    Python function called per row (seconds over a million rows), so there the
    month is read from the stored UTC timestamp: an appointment in the first
    hours of a month can land in the previous one. The month is a date on
    PostgreSQL (the first of the month), so months of dates and of timestamps
    can be put together (``UNION``).
    """
    if connection.vendor == "sqlite":
        return Substr(field, 1, 7)
    return TruncMonth(field, output_field=DateField())


def month_label(value) -> str:
    """A month group key (``"2026-03"`` on SQLite, a date elsewhere) as the language writes it
    short: ``Nov. 2026`` · ``nov. 2026`` · ``Noie. 2026`` (Django's ``N Y``)."""
    if isinstance(value, str):
        year, month = (int(part) for part in value.split("-")[:2])
    else:
        year, month = value.year, value.month
    return formats.date_format(datetime.date(year, month, 1), "N Y")
