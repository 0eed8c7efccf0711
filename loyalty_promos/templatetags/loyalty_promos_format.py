"""Template filters writing numbers and dates in the active language (``loyalty_promos.formats``).

``{% load loyalty_promos_format %}`` then ``{{ amount|money }}``,
``{{ amount|money:charge.currency }}``, ``{{ points|points }}``,
``{{ when|datetime_l10n }}``, ``{{ day|date_l10n }}`` or, for a cell of any
type, ``{{ value|cell }}``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from loyalty_promos import formats

register = template.Library()


@register.filter
def money(amount, currency=None):
    return formats.format_money(amount, currency or None)


@register.filter
def points(value):
    return formats.format_points(value)


@register.filter
def datetime_l10n(value):
    return formats.format_datetime(value)


@register.filter
def date_l10n(value):
    return formats.format_date(value)


@register.filter
def cell(value):
    return formats.format_value(value)


@register.filter
def cell_class(value) -> str:
    """``lp-num`` for a number (right-aligned, kept on one line), ``lp-when`` for a date."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, Decimal | int | float):
        return "lp-num"
    if isinstance(value, datetime.date):
        return "lp-when"
    return ""
