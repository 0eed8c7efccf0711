"""Streaming writers for reports: CSV row by row, XLSX through openpyxl's write-only mode.

Both take the rows of a django-import-export resource, so a report's columns
are declared once. Every export — report pages, background exports, the
codes list's export action (``InertExportMixin``) — goes through these two
writers, so a file can never run anything when opened:

* a *text* cell that a spreadsheet would read as a formula (it starts with
  ``=``, ``+``, ``-``, ``@``, tab or carriage return, or their full-width
  forms) is escaped: in CSV, which has no types, with a leading apostrophe
  (``'=HYPERLINK(…)``); in .xlsx it is written as a text cell with Excel's
  "quote prefix" style, so it shows as typed (``-20% weekends``, no
  apostrophe) and stays text when edited;
* numbers, dates and booleans are never escaped: ``-5`` is a number, not a
  formula.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from loyalty_promos.conf import app_settings

#: What makes a spreadsheet read a text cell as a formula (full-width forms
#: included: some spreadsheets convert them as the cell is read).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CHUNK = 2000
SYMBOLS = {"EUR": "€", "RON": "lei", "USD": "$", "GBP": "£", "CHF": "CHF"}
DATE_FORMAT = "yyyy-mm-dd hh:mm"


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


def row_reader(resource, *, native=True):
    """A function turning one object into its row, with each column's reader resolved once.

    Same values as ``resource.export_resource`` (its fields, widgets and
    ``dehydrate_*`` methods), without re-resolving fields on every row, which
    is most of django-import-export's cost on large exports.
    """
    readers = []
    for field in resource.get_export_fields():
        name = resource.get_field_name(field)
        method = field.get_dehydrate_method(name)
        method = method if callable(method) else getattr(resource, method, None)
        if method is not None:
            readers.append(method)
        elif native:
            readers.append(lambda obj, field=field: field.export(obj, force_native_type=True))
        else:
            readers.append(field.export)
    return lambda obj: [read(obj) for read in readers]


def rows_of(resource, queryset) -> Iterator[list]:
    """Native values of each row (numbers stay numbers), read in chunks."""
    read = row_reader(resource)
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield read(obj)


class _Echo:
    """A file-like object whose write() returns what it is given (Django's streaming CSV)."""

    def write(self, value):
        return value


def csv_stream(headers, rows: Iterable[list], *, delimiter=",", bom=False) -> Iterator[str]:
    """Lines of CSV, one at a time: UTF-8 (with a BOM for Excel on request)."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    if bom:
        yield "\ufeff"
    yield writer.writerow([escape_formula(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row])


def _csv_value(value):
    value = cell_value(value)
    if isinstance(value, bool):
        return "1" if value else "0"  # what django-import-export writes and reads back
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value
        )
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # money, with its cents (SQLite sums come back bare)
    return escape_formula(value)


def money_format() -> str:
    """Excel's number format for amounts: two decimals and the currency's symbol."""
    symbol = SYMBOLS.get(app_settings.CURRENCY, app_settings.CURRENCY)
    return f'#,##0.00\\ "{symbol}"'


def write_xlsx(headers, rows: Iterable[list], *, title="Report", widths=None):
    """An .xlsx in a temporary file: typed cells, bold frozen header, sized columns.

    Memory stays flat: openpyxl's write-only mode streams rows to disk.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = (widths or {}).get(index, max(12, min(40, len(str(header)) + 4)))
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for header in headers:
        cell = _text_cell(sheet, str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    money = money_format()
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value, money) for value in row])
    target = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open
    workbook.save(target.name)
    target.seek(0)
    return target


def _text_cell(sheet, text: str):
    """A text cell, never a formula: formula-like text keeps Excel's quote prefix.

    openpyxl would store a string starting with ``=`` as a formula; the
    cell's type is set back to text, and the quote prefix (the style Excel
    gives to ``'=…`` typed by hand) keeps it text when someone edits it.
    Characters that XML cannot hold become U+FFFD instead of failing the export.
    """
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def _xlsx_cell(sheet, value, money):
    value = cell_value(value)
    if isinstance(value, str):
        return _text_cell(sheet, value)
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = money
        return cell
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def csv_file(headers, rows, *, delimiter=",", bom=False):
    """The CSV in a temporary file (for background exports)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - returned open
    for line in csv_stream(headers, rows, delimiter=delimiter, bom=bom):
        target.write(line.encode("utf-8"))
    target.seek(0)
    return target
