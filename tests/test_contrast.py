"""Badges staff read at a glance keep their white text readable (WCAG AA: 4.5:1 for small text)."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "loyalty_promos" / "static" / "loyalty_promos"
BADGE = re.compile(
    r"((?:\.lp-(?:badge|kind)--\w+(?:,\s*)?)+)\s*\{\s*background:\s*#([0-9a-fA-F]{6})"
)


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (luminance(hex_colour) + 0.05)


@pytest.mark.parametrize("sheet", ["admin.css", "portal/portal.css"])
def test_every_badge_colour_reads_white_text_at_aa_contrast(sheet):
    badges = BADGE.findall((CSS / sheet).read_text())

    assert badges  # the sheet still colours its badges this way
    weak = {names: round(contrast_with_white(colour), 2) for names, colour in badges}
    assert {names: ratio for names, ratio in weak.items() if ratio < 4.5} == {}
