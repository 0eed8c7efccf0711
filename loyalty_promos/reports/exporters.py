"""Streaming writers for reports: CSV row by row, XLSX through openpyxl's write-only mode.

Both take the rows of a django-import-export resource, so a report's columns
are declared once. Text cells that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are
prefixed with an apostrophe.
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
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
SYMBOLS = {"EUR": "€", "RON": "lei", "USD": "$", "GBP": "£", "CHF": "CHF"}
DATE_FORMAT = "yyyy-mm-dd hh:mm"


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
    from loyalty_promos.conf import app_settings

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
        cell = WriteOnlyCell(sheet, value=escape_formula(str(header)))
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


def _xlsx_cell(sheet, value, money):
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
    return escape_formula(value)


def csv_file(headers, rows, *, delimiter=",", bom=False):
    """The CSV in a temporary file (for background exports)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - returned open
    for line in csv_stream(headers, rows, delimiter=delimiter, bom=bom):
        target.write(line.encode("utf-8"))
    target.seek(0)
    return target
