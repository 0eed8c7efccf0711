"""One voice per language: how every page, message, total and chart writes numbers and dates.

Everything staff read goes through these few functions (and the template
filters of ``{% load loyalty_promos_format %}``), so a French page never shows
``468.150000000000`` beside ``40,00``:

* :func:`format_money` — two decimals, the language's separators and grouping
  (``1,736.00`` · ``1 736,00`` with a narrow no-break space · ``1.736,00``);
* :func:`format_points` / :func:`format_number` — whole numbers grouped the
  same way (``12 500`` points);
* :func:`format_datetime` / :func:`format_date` — the language's
  ``DATETIME_FORMAT`` / ``DATE_FORMAT`` (Django's locale formats), read on the
  business's wall clock, to the minute: never microseconds;
* :func:`format_value` — any cell of a report or total, by its type.

The separators and date styles are Django's own for each language
(``django/conf/locale/<lang>/formats.py``), as the admin shows them.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from loyalty_promos.conf import business_tz
from loyalty_promos.validators import MONEY_PLACES

__all__ = [
    "CURRENCY_SYMBOLS",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_money",
    "format_number",
    "format_percent",
    "format_points",
    "format_price",
    "format_value",
]

_CENT = Decimal(1).scaleb(-MONEY_PLACES)


def format_number(value: Decimal | int | float, decimal_pos: int | None = None) -> str:
    """A number with the active language's decimal and thousands separators."""
    return formats.number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def format_decimal(value: Decimal | int) -> str:
    """A number without trailing zeros: ``10``, ``12,5`` in French (never ``1E+1``)."""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return format_number(value, places)


def format_percent(value: Decimal | int) -> str:
    """A percentage: ``10 %``, ``12,5 %`` in French; a no-break space keeps it on one line."""
    return f"{format_decimal(value)}\N{NO-BREAK SPACE}%"


def format_money(amount: Decimal | int | float | str | None, currency: str | None = None) -> str:
    """An amount with its cents: ``1 736,00 EUR`` in French, ``1,736.00`` in English.

    ``currency`` (a code) is written after the amount when given. ``None``
    is an empty text (no amount), never ``None`` on a page.
    """
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    text = format_number(value.quantize(_CENT, rounding=ROUND_HALF_UP), MONEY_PLACES)
    return f"{text} {currency}" if currency else text


#: Symbols customers read after an amount; other currencies show their ISO code.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "RON": "lei"}


def format_price(amount: Decimal | int | float | str | None, currency: str) -> str:
    """An amount as customers read it: ``1,736.00 €``, ``1 736,00 €`` in French.

    The customer-facing pages (booking form, My loyalty, shop, e-mails) write
    money this way; staff pages use :func:`format_money` with the ISO code.
    """
    text = format_money(amount if amount not in (None, "") else 0)
    return f"{text}\N{NO-BREAK SPACE}{CURRENCY_SYMBOLS.get(currency, currency)}"


def format_points(points: int | Decimal | None) -> str:
    """A number of points, grouped: ``12,500`` · ``12 500`` · ``12.500``."""
    if points is None:
        return ""
    return format_number(int(points))


#: Languages writing month names in lower case inside a date, where Django's own
#: translations capitalise them ("14 Martie 2026" in Romanian: "14 martie 2026").
LOWER_CASE_MONTHS = frozenset({"ro"})


def _dated(value: datetime.date, format_name: str) -> str:
    text = formats.date_format(value, format_name)
    if (translation.get_language() or "").split("-")[0] in LOWER_CASE_MONTHS:
        month = formats.date_format(value, "F")
        text = text.replace(month, month.lower())
    return text


def format_datetime(moment: datetime.datetime | None) -> str:
    """An instant on the business's wall clock in the language's ``DATETIME_FORMAT``."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = moment.astimezone(business_tz())
    return _dated(moment.replace(second=0, microsecond=0), "DATETIME_FORMAT")


def format_date(day: datetime.date | datetime.datetime | None) -> str:
    """A day in the language's ``DATE_FORMAT`` (an instant: its business day)."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = day.astimezone(business_tz()) if timezone.is_aware(day) else day
        day = day.date()
    return _dated(day, "DATE_FORMAT")


def format_value(value: object) -> str:
    """Any value of a report cell or total as staff read it, chosen by its type.

    A Decimal is money (every decimal column of the app is an amount); an
    int is grouped; a float gets two decimals; a boolean reads yes/no.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, float):
        return format_number(value, 2)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)
