"""What a cell of an export holds: one rule for CSV and .xlsx, text escaping included.

Apart from :mod:`~loyalty_promos.reports.exporters` so that the column
converters (:mod:`~loyalty_promos.reports.columns`) and the .xlsx writers
(:mod:`~loyalty_promos.reports.xlsx`), which the exporters use, read the same
rules without importing them back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loyalty_promos.services.clock import local

#: What makes a spreadsheet read a text cell as a formula (full-width forms
#: included: some spreadsheets convert them as the cell is read).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NATIVE_TYPES = (bool, int, float, Decimal, datetime.date, datetime.time)


def cell_value(value):
    """A value as a cell holds it: numbers, dates and booleans as they are, anything else text.

    django-import-export's native values include model instances (a
    foreign key without a widget); they become their ``str()`` here, so
    that they are escaped like any other text.
    """
    if value is None or isinstance(value, NATIVE_TYPES):
        return value
    return str(value)


def is_formula_like(value) -> bool:
    """True for a text value a spreadsheet would run as a formula (never for a number)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def escape_formula(value):
    """The CSV form of a cell: formula-like text gets a leading apostrophe."""
    value = cell_value(value)
    return "'" + value if is_formula_like(value) else value


def csv_value(value, *, decimal_comma=False):
    """A value as its CSV text; ``decimal_comma`` writes amounts ``45,00`` (French Excel)."""
    value = cell_value(value)
    if isinstance(value, bool):
        return "1" if value else "0"  # what django-import-export writes and reads back
    if isinstance(value, datetime.datetime):
        # The business's wall clock, to the minute (clock.local).
        if timezone.is_aware(value):
            value = local(value).replace(tzinfo=None)
        return value.isoformat(" ", "minutes")
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value:.2f}"  # money, with its cents (SQLite sums come back bare)
        return text.replace(".", ",") if decimal_comma else text
    return escape_formula(value)


def xlsx_value(value):
    """A value as an .xlsx cell holds it, whatever its type (rows that carry no column kinds).

    Text is cleaned of characters XML cannot hold (U+FFFD instead of failing the
    export); a date-time is read on the business's wall clock, without time
    zone or microseconds (Excel has neither).
    """
    value = cell_value(value)
    if isinstance(value, str):  # an empty text is an empty cell
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if value else None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = local(value).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return value
