"""xlsx writers behind one small interface: openpyxl by default, XlsxWriter as the fast extra.

A writer takes the headers, each column's kind and rows of typed values
(already converted: text cleaned, date-times naive on the business's wall
clock) and writes one sheet, always the same way:

* a bold header row, frozen;
* column widths from the headers (or given);
* text as text, formula-like text with Excel's "quote prefix" so it stays
  text when edited; numbers as numbers; money with the currency's format;
  date-times as dates with ``yyyy-mm-dd hh:mm``; dates as ``yyyy-mm-dd``.

``LOYALTY_PROMOS["XLSX_WRITER"]`` chooses: ``"auto"`` (the default: XlsxWriter
when ``loyalty-promos[fastxlsx]`` installed it, else openpyxl), ``"openpyxl"``,
``"xlsxwriter"``, or the dotted path of a class with the same ``write`` method.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils.module_loading import import_string
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from loyalty_promos.conf import app_settings
from loyalty_promos.reports.cells import FORMULA_STARTS

TEXT = "text"
MONEY = "money"
DATETIME = "datetime"
DATE = "date"
#: Numbers, booleans: written as they are.
PLAIN = "plain"
#: Anything: the kind is read from each value (django-import-export's own rows).
ANY = "any"

DATE_FORMAT = "yyyy-mm-dd hh:mm"
DAY_FORMAT = "yyyy-mm-dd"


def kind_of(value) -> str:
    """The kind of one typed value (for ``ANY`` columns)."""
    if isinstance(value, str):
        return TEXT
    if isinstance(value, Decimal):
        return MONEY
    if isinstance(value, datetime.datetime):
        return DATETIME
    if isinstance(value, datetime.date):
        return DATE
    return PLAIN


def default_width(header) -> int:
    return max(12, min(40, len(str(header)) + 4))


class OpenpyxlWriter:
    """openpyxl's write-only mode: rows stream to disk, memory stays flat.

    openpyxl writes its XML through lxml when lxml is installed; on these
    write-only sheets that saved nothing measurable (docs/performance.md).
    """

    name = "openpyxl"

    def write(self, path, *, title, headers, kinds, rows: Iterable[list], money_format, widths):

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

        def text_cell(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
            return cell

        def needs_cell(value):  # what openpyxl would not take for plain text
            return value.startswith(FORMULA_STARTS) or value in ERROR_CODES

        header_cells = []
        for header in headers:
            cell = text_cell(str(header))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)

        # One styled cell per column, its value replaced on each row: openpyxl
        # writes a row's cells as it is appended, so a cell is never shared
        # between two rows on disk, and no cell object is made per value.
        def styled(number_format):
            cell = WriteOnlyCell(sheet)
            cell.number_format = number_format
            return cell

        formats = {MONEY: money_format, DATETIME: DATE_FORMAT, DATE: DAY_FORMAT}

        def setter(kind):
            if kind == TEXT:
                return lambda value: text_cell(value) if value and needs_cell(value) else value
            if kind in formats:
                cell = styled(formats[kind])

                def put(value):
                    if value is None:
                        return None
                    cell.value = value
                    return cell

                return put
            if kind == ANY:
                by_kind = {k: setter(k) or (lambda value: value) for k in (TEXT, *formats, PLAIN)}
                return lambda value: None if value is None else by_kind[kind_of(value)](value)
            return None

        setters = [(i, s) for i, s in enumerate(setter(kind) for kind in kinds) if s is not None]
        append = sheet.append
        for row in rows:
            for i, put in setters:
                row[i] = put(row[i])
            append(row)
        workbook.save(path)


class XlsxWriterWriter:
    """XlsxWriter in ``constant_memory`` mode: each row is written out as the next begins.

    The ``fastxlsx`` extra (``pip install loyalty-promos[fastxlsx]``);
    about three times as fast as openpyxl for the same cells.
    """

    name = "xlsxwriter"

    def write(self, path, *, title, headers, kinds, rows: Iterable[list], money_format, widths):
        import xlsxwriter

        workbook = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "strings_to_numbers": False,
                        "strings_to_formulas": False, "strings_to_urls": False}
        )  # fmt: skip
        try:
            sheet = workbook.add_worksheet(title[:31])
            bold = workbook.add_format({"bold": True})
            bold_quoted = workbook.add_format({"bold": True, "quote_prefix": True})
            quoted = workbook.add_format({"quote_prefix": True})
            formats = {
                MONEY: workbook.add_format({"num_format": money_format}),
                DATETIME: workbook.add_format({"num_format": DATE_FORMAT}),
                DATE: workbook.add_format({"num_format": DAY_FORMAT}),
            }
            for index, width in enumerate(widths):
                sheet.set_column(index, index, width)
            sheet.freeze_panes(1, 0)
            for col, header in enumerate(headers):
                header = str(header)
                style = bold_quoted if header.startswith(FORMULA_STARTS) else bold
                sheet.write_string(0, col, header, style)

            write_string = sheet.write_string
            write_number = sheet.write_number
            write_datetime = sheet.write_datetime
            write_boolean = sheet.write_boolean

            def writer(kind):
                if kind == TEXT:

                    def text(r, c, value):
                        if value:
                            style = quoted if value.startswith(FORMULA_STARTS) else None
                            write_string(r, c, value, style)

                    return text
                if kind in (DATETIME, DATE):
                    style = formats[kind]
                    return lambda r, c, value: write_datetime(r, c, value, style)
                if kind == MONEY:
                    style = formats[MONEY]
                    return lambda r, c, value: write_number(r, c, value, style)
                if kind == ANY:
                    return lambda r, c, value: writer(kind_of(value))(r, c, value)

                def plain(r, c, value):
                    if isinstance(value, bool):
                        write_boolean(r, c, value)
                    else:
                        write_number(r, c, value)

                return plain

            writers = [writer(kind) for kind in kinds]
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    if value is not None:
                        writers[c](r, c, value)
        finally:
            workbook.close()


WRITERS = {"openpyxl": OpenpyxlWriter, "xlsxwriter": XlsxWriterWriter}


def fast_writer_installed() -> bool:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


def get_writer(name: str | None = None):
    """The configured writer (``XLSX_WRITER``), an instance."""

    name = name or app_settings.XLSX_WRITER
    if name == "auto":
        name = "xlsxwriter" if fast_writer_installed() else "openpyxl"
    writer = WRITERS.get(name) or import_string(name)
    return writer()
