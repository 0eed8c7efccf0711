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
import io
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import F
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import OrderBy, RawSQL
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loyalty_promos.conf import app_settings
from loyalty_promos.reports import columns, xlsx
from loyalty_promos.reports.cells import (
    csv_value,
    escape_formula,
    xlsx_value,
)

CHUNK = 2000
SYMBOLS = {"EUR": "€", "RON": "lei", "USD": "$", "GBP": "£", "CHF": "CHF"}
DATE_FORMAT = xlsx.DATE_FORMAT


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
        yield writer.writerow([csv_value(v) for v in row])


def money_format() -> str:
    """Excel's number format for amounts: two decimals and the currency's symbol."""
    symbol = SYMBOLS.get(app_settings.CURRENCY, app_settings.CURRENCY)
    return f'#,##0.00\\ "{symbol}"'


def write_xlsx(headers, rows: Iterable[list], *, title="Report", widths=None, kinds=None,
               writer=None):  # fmt: skip
    """An .xlsx in a temporary file: typed cells, bold frozen header, sized columns.

    ``rows`` hold values of any type unless ``kinds`` (one per column, see
    :mod:`loyalty_promos.reports.xlsx`) says they are already typed cells.
    Memory stays flat: every writer streams rows to disk.
    """
    headers = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(h)) for h in headers]
    if kinds is None:
        kinds = [xlsx.ANY] * len(headers)
        rows = ([xlsx_value(v) for v in row] for row in rows)
    widths = [(widths or {}).get(i, xlsx.default_width(h)) for i, h in enumerate(headers, 1)]
    target = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open
    (writer or xlsx.get_writer()).write(
        target.name,
        title=title,
        headers=headers,
        kinds=kinds,
        rows=rows,
        money_format=money_format(),
        widths=widths,
    )
    target.seek(0)
    return target


def csv_file(headers, rows, *, delimiter=",", bom=False):
    """The CSV in a temporary file (for background exports)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - returned open
    for line in csv_stream(headers, rows, delimiter=delimiter, bom=bom):
        target.write(line.encode("utf-8"))
    target.seek(0)
    return target


# A report's export: its columns read as values (reports/columns.py).

#: Rows per chunk of a CSV response (and between two progress reports).
CSV_BATCH = 1000


class ReportExport:
    """One report's export, CSV or .xlsx, from the rows of its filtered queryset.

    Rows are read as ``values_list`` of exactly the exported columns, each
    column's converter built once (:mod:`loyalty_promos.reports.columns`);
    a resource whose columns need objects (a ``dehydrate_*`` method) is read
    through django-import-export, one object at a time, as before. On
    PostgreSQL (psycopg 3) a CSV whose columns SQL can write is written by
    the database: ``COPY (SELECT …) TO STDOUT`` (:func:`copy_csv`).
    """

    def __init__(self, resource, queryset):
        self.resource = resource
        self.queryset = _without_distinct(queryset)
        self.headers = resource.get_export_headers()
        self.columns = columns.columns_of(resource, self.queryset)

    @property
    def uses_copy(self) -> bool:
        return (
            app_settings.EXPORT_POSTGRES_COPY
            and columns.can_copy(self.columns)
            and copy_available(self.queryset.db)
        )

    def csv_rows(self, *, decimal_comma=False) -> Iterator[list]:
        """Rows of CSV cell texts (None for an empty cell)."""
        if self.columns is None:
            return (
                [csv_value(v, decimal_comma=decimal_comma) for v in row]
                for row in rows_of(self.resource, self.queryset)
            )
        converters = [columns.csv_converter(c, decimal_comma=decimal_comma) for c in self.columns]
        return columns.value_rows(self.columns, self.queryset, converters)

    def csv_chunks(
        self, *, delimiter=",", bom=False, decimal_comma=False, progress=None
    ) -> Iterator[bytes]:
        """The CSV file in chunks of UTF-8 bytes: BOM (on request), header, rows.

        ``decimal_comma`` writes amounts as ``45,00``: with ``;`` between cells
        and a BOM, the file French Excel and LibreOffice open with numbers
        read as numbers (:data:`FRENCH_EXCEL`).
        """
        head = io.StringIO()
        if bom:
            head.write("\ufeff")
        csv.writer(head, delimiter=delimiter).writerow([escape_formula(h) for h in self.headers])
        yield head.getvalue().encode("utf-8")
        if self.uses_copy:
            yield from copy_csv(self.columns, self.queryset, delimiter=delimiter,
                                decimal_comma=decimal_comma, progress=progress)  # fmt: skip
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        rows, done = iter(self.csv_rows(decimal_comma=decimal_comma)), 0
        while batch := list(islice(rows, CSV_BATCH)):
            writer.writerows(batch)
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            done += len(batch)
            if progress:
                progress(done)

    def xlsx_file(self, *, title="Report", progress=None, writer=None):
        """The .xlsx in a temporary file (see :func:`write_xlsx`)."""
        if self.columns is None:
            rows, kinds = rows_of(self.resource, self.queryset), None
        else:
            converters = [columns.xlsx_converter(c) for c in self.columns]
            rows = columns.value_rows(self.columns, self.queryset, converters)
            kinds = [XLSX_KINDS.get(c.kind, xlsx.ANY) for c in self.columns]
        if progress:
            rows = _counted(rows, progress)
        return write_xlsx(self.headers, rows, title=title, kinds=kinds, writer=writer)


XLSX_KINDS = {
    columns.TEXT: xlsx.TEXT,
    columns.LABEL: xlsx.TEXT,
    columns.OBJECT: xlsx.TEXT,
    columns.MONEY: xlsx.MONEY,
    columns.DATETIME: xlsx.DATETIME,
    columns.DATE: xlsx.DATE,
    columns.INTEGER: xlsx.PLAIN,
    columns.BOOLEAN: xlsx.PLAIN,
}


def _counted(rows, progress, every=CSV_BATCH):
    done = 0
    for done, row in enumerate(rows, start=1):
        if done % every == 0:
            progress(done)
        yield row
    progress(done)


def _without_distinct(queryset):
    """The same rows without ``DISTINCT``: ``pk IN (…)``, in the same order.

    A DISTINCT query selects its ORDER BY columns too (PostgreSQL requires it),
    which a ``values_list`` or a ``COPY`` of exactly the exported columns cannot
    carry.
    """
    query = queryset.query
    if not query.distinct or query.distinct_fields or query.annotations or query.combinator:
        return queryset
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    rows = queryset.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
    select_related = queryset.query.select_related
    rows = rows.order_by(*ordering)
    rows.query.select_related = select_related
    return rows


def copy_available(alias="default") -> bool:
    """Whether ``COPY … TO STDOUT`` can be streamed: PostgreSQL through psycopg 3."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _names_a_relation(queryset, name: str) -> bool:
    """Whether ordering by ``name`` means the related model's own ordering (Django expands
    ``order_by("service")`` into the service's ``Meta.ordering``), or cannot be told."""
    if name in queryset.query.annotations:
        return False
    opts, field = queryset.model._meta, None
    try:
        for part in name.split(LOOKUP_SEP):
            field = opts.pk if part == "pk" else opts.get_field(part)
            if field.is_relation and field.related_model is not None:
                opts = field.related_model._meta
    except FieldDoesNotExist:
        return True
    return field is None or field.is_relation


def _ordering(queryset) -> list[OrderBy] | None:
    """The queryset's ORDER BY as expressions (its own, else the model's default), or None
    when one cannot be repeated over the raw values: a relation (ordered by the related
    model's ordering), a random order, an ``extra`` ordering."""
    query = queryset.query
    ordering = query.order_by or (query.default_ordering and queryset.model._meta.ordering) or ()
    if query.extra_order_by:
        return None
    found = []
    for item in ordering:
        if isinstance(item, str):
            if item == "?":
                return None
            item = OrderBy(F(item.lstrip("-")), descending=item.startswith("-"))
        elif not isinstance(item, OrderBy):
            item = OrderBy(item)
        if isinstance(item.expression, F) and _names_a_relation(queryset, item.expression.name):
            return None
        found.append(item)
    return found


def copy_sql(cols, queryset, *, decimal_comma=False) -> tuple[str, tuple]:
    """The SELECT of exactly the CSV cells, computed by PostgreSQL (see columns.sql_expression).

    The rows are sorted first, on the raw values, and the cells computed from
    the sorted rows: ``SELECT cells FROM (SELECT raw values … ORDER BY … OFFSET
    0) AS raw ORDER BY <the same keys>``. ``OFFSET 0`` keeps the inner query
    whole, so the database sorts narrow rows and computes no cell before the
    sort ends (the first row leaves sooner); the outer ``ORDER BY`` is the
    inner's sort, already done, and is what promises the order.
    """
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    query = queryset.query
    ordering = _ordering(queryset)
    if query.low_mark or query.high_mark is not None or not ordering:
        # Not sortable on the raw values (or nothing to sort): one SELECT, cells and all.
        names = {
            f"_lp_cell_{i}": columns.sql_expression(c, F(c.path), decimal_comma=decimal_comma)
            for i, c in enumerate(cols)
        }
        cells = queryset.annotate(**names).values_list(*names)
        return cells.query.get_compiler(using=queryset.db).as_sql()
    raw = {f"_lp_raw_{i}": F(c.path) for i, c in enumerate(cols)}
    keys = {f"_lp_key_{i}": order.expression for i, order in enumerate(ordering)}
    inner = queryset.annotate(**raw, **keys).values_list(*raw, *keys)
    compiler = inner.query.get_compiler(using=queryset.db)
    inner_sql, inner_params = compiler.as_sql()
    selected, cell_params = [], []
    for i, column in enumerate(cols):
        reference = RawSQL(f"raw.{quote(f'_lp_raw_{i}')}", ())
        cell = columns.sql_expression(column, reference, decimal_comma=decimal_comma)
        sql, params = cell.as_sql(compiler, connection)
        selected.append(sql)
        cell_params.extend(params)
    order_by = []
    for i, order in enumerate(ordering):
        key = f"raw.{quote(f'_lp_key_{i}')}" + (" DESC" if order.descending else " ASC")
        if order.nulls_first or order.nulls_last:
            key += " NULLS FIRST" if order.nulls_first else " NULLS LAST"
        order_by.append(key)
    sql = (
        f"SELECT {', '.join(selected)} FROM ({inner_sql} OFFSET 0) AS raw "
        f"ORDER BY {', '.join(order_by)}"
    )
    return sql, (*cell_params, *inner_params)


def copy_csv(cols, queryset, *, delimiter=",", decimal_comma=False,
             progress=None) -> Iterator[bytes]:  # fmt: skip
    """The CSV rows written by PostgreSQL: ``COPY (SELECT …) TO STDOUT WITH CSV``, streamed.

    The same bytes as the Python path: NULL is an empty field, an empty text
    is NULL (``NULLIF``), fields are quoted as Python's ``csv`` quotes them,
    and every row ends with CRLF (the server ends each row, sent as one
    message, with LF).
    """
    import psycopg

    if delimiter not in (",", ";"):
        raise ValueError("delimiter must be ',' or ';'")
    sql, params = copy_sql(cols, queryset, decimal_comma=decimal_comma)
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        statement = psycopg.ClientCursor(raw.connection).mogrify(sql, params)
        command = f"COPY ({statement}) TO STDOUT WITH (FORMAT csv, DELIMITER '{delimiter}')"
        with raw.copy(command) as copy:
            # The connection is busy until the COPY ends: nothing else may run on
            # it here (a progress report does), so progress is told at the end.
            batch, done = [], 0
            for row in copy:
                batch.append(row[:-1])
                if len(batch) == CSV_BATCH:
                    yield b"\r\n".join(batch) + b"\r\n"
                    done += len(batch)
                    batch = []
            if batch:
                yield b"\r\n".join(batch) + b"\r\n"
                done += len(batch)
    if progress:
        progress(done)
