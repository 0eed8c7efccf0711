"""Small server-side SVG charts: no script, no network, readable without colour alone.

``bar_chart`` draws grouped bars per period (months) for a few series, with a
legend and a text alternative; the values are the chart's data table too.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models.functions import Substr, TruncMonth
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 180, 48, 28, 12
COLOURS = ("#417690", "#c2185b", "#b26a00", "#2e7d32")
PATTERNS = ("", "4 2", "1 2", "6 2 1 2")


def bar_chart(title: str, periods: list[str], series: dict[str, list]) -> SafeString:
    """Grouped bars: ``series`` maps a name to one value per period (same order)."""
    if not periods:
        return SafeString("")
    peak = max((abs(float(v)) for values in series.values() for v in values), default=0) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    group_w = plot_w / len(periods)
    bar_w = max(2.0, group_w * 0.8 / max(len(series), 1))
    bars = []
    for s_index, (name, values) in enumerate(series.items()):
        for p_index, value in enumerate(values):
            h = abs(float(value)) / peak * plot_h
            x = PAD_LEFT + p_index * group_w + group_w * 0.1 + s_index * bar_w
            y = PAD_TOP + plot_h - h
            bars.append((
                f"{x:.1f}", f"{y:.1f}", f"{bar_w - 1:.1f}", f"{h:.1f}",
                COLOURS[s_index % len(COLOURS)], PATTERNS[s_index % len(PATTERNS)],
                f"{name} {periods[p_index]}: {_fmt(value)}",
            ))  # fmt: skip
    labels = [
        (f"{PAD_LEFT + i * group_w + group_w / 2:.1f}", HEIGHT - 10, period)
        for i, period in enumerate(periods)
        if len(periods) <= 12 or i % max(1, len(periods) // 12) == 0
    ]
    legend = format_html_join(
        "",
        '<span class="lp-legend"><svg width="12" height="12" aria-hidden="true">'
        '<rect width="12" height="12" fill="{}"/></svg> {}</span>',
        ((COLOURS[i % len(COLOURS)], name) for i, name in enumerate(series)),
    )
    return format_html(
        '<figure class="lp-chart"><figcaption>{}</figcaption>'
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="1"/>'
        '<text x="4" y="{}" font-size="11" fill="currentColor">{}</text>{}{}</svg>'
        "<div>{}</div></figure>",
        title, WIDTH, HEIGHT, title,
        PAD_LEFT, PAD_TOP + plot_h, WIDTH - 8, PAD_TOP + plot_h,
        PAD_TOP + 10, _fmt(peak),
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
            'stroke-dasharray="{}"><title>{}</title></rect>',
            ((x, y, w, h, fill, fill, dash, tip) for x, y, w, h, fill, dash, tip in bars),
        ),
        format_html_join(
            "",
            '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="currentColor">{}</text>',
            labels,
        ),
        legend,
    )  # fmt: skip


def _fmt(value) -> str:
    if isinstance(value, Decimal | float):
        return f"{float(value):,.2f}"
    return f"{value:,}"


def month_of(field: str):
    """The month of ``field`` as a group key, computed by the database.

    PostgreSQL truncates in the site's time zone. SQLite's TruncMonth is a
    Python function called per row (seconds over a million rows), so there the
    month is read from the stored UTC timestamp: an appointment in the first
    hours of a month can land in the previous one.
    """
    if connection.vendor == "sqlite":
        return Substr(field, 1, 7)
    return TruncMonth(field)


def month_label(value) -> str:
    return value if isinstance(value, str) else value.strftime("%Y-%m")
