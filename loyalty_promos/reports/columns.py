"""Export columns read as values: each column's converter is built once per export.

A report declares its columns once, in its django-import-export resource
(``reports/resources.py``); the page shows them from objects, through the
resource. An export of thousands of rows does not build objects: it reads
``values_list`` of exactly the exported columns and turns each value into its
cell with a converter chosen once per column, from the column's model field,
annotation or widget:

* ``get_<field>_display`` or a :class:`LabelField` — the choice's label, from
  a dict built once per export in the active language;
* a decimal — money with two places (``45.00``); an .xlsx number with the
  money format;
* a date-time — the business's wall clock (``services.clock.local``), to the
  minute in CSV, without microseconds in .xlsx;
* a foreign key, or an :class:`ObjectField` (the row itself) — the object's
  ``str()``, loaded in bulk once per chunk of rows, never one query per row;
* text — formula-like text escaped (``cells.escape_formula``).

A resource with a ``dehydrate_<column>`` method, or a column this module
cannot place, is exported from objects as before (``exporters.row_reader``):
nothing a host declares is ever lost, only the faster path.

The same conversions exist as SQL (:func:`sql_expression`), so that on
PostgreSQL a CSV can be written by the database itself (``COPY … TO STDOUT``,
see ``exporters.copy_csv``), byte for byte the file the Python path writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from django.db import models
from django.db.models import Expression
from import_export import fields, widgets
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loyalty_promos.conf import business_tz
from loyalty_promos.reports.cells import FORMULA_STARTS, csv_value, escape_formula, xlsx_value

TEXT = "text"
LABEL = "label"
MONEY = "money"
DATETIME = "datetime"
DATE = "date"
INTEGER = "integer"
BOOLEAN = "boolean"
OBJECT = "object"
NATIVE = "native"

#: Column kinds PostgreSQL can write itself (:func:`sql_expression`).
SQL_KINDS = {TEXT, LABEL, MONEY, DATETIME, DATE, INTEGER, BOOLEAN}

CHUNK = 2000
_DISPLAY = re.compile(r"get_(\w+)_display")


class LabelField(fields.Field):
    """A choice field's label; ``blank`` is written for an empty value (``""`` by default).

    ``get_<field>_display`` gives the label of the empty choice ("none"); a
    report usually wants an empty cell there.
    """

    def __init__(self, *args, blank="", **kwargs):
        super().__init__(*args, **kwargs)
        self.blank = blank

    def labels(self, model) -> dict:
        choices = model._meta.get_field(self.attribute).flatchoices
        table = {value: str(label) for value, label in choices}
        table[""] = self.blank
        return table

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return None
        return self.labels(type(instance)).get(value, value)


class ObjectField(fields.Field):
    """The row's object itself, as its ``str()`` (a batch's or a customer's name)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attribute", "pk")
        super().__init__(*args, **kwargs)

    def get_value(self, instance):
        return instance


@dataclass
class Column:
    """One exported column: where its value comes from and what kind of cell it makes."""

    header: str
    path: str
    kind: str
    #: LABEL: stored value → label.
    labels: dict | None = None
    #: OBJECT: how to load the objects whose ``str()`` fills the column.
    objects: models.QuerySet | None = None
    _texts: dict = field(default_factory=dict, repr=False)

    def load(self, keys) -> None:
        """Read the ``str()`` of the objects of one chunk of rows, in one query.

        The cache is emptied when it grows past a few chunks: memory stays flat
        whatever the number of rows.
        """
        missing = {key for key in keys if key is not None and key not in self._texts}
        if not missing:
            return
        if len(self._texts) > 4 * CHUNK:
            self._texts.clear()
        for key, obj in self.objects.in_bulk(missing).items():
            self._texts[key] = str(obj)


def columns_of(resource, queryset) -> list[Column] | None:
    """The resource's export columns over ``queryset``, or None when one needs objects."""
    model = queryset.model
    annotations = queryset.query.annotations
    columns = []
    for export_field in resource.get_export_fields():
        name = resource.get_field_name(export_field)
        method = export_field.get_dehydrate_method(name)
        if callable(method) or hasattr(resource, method):
            return None  # a host's or our own code per object: keep the object path
        column = _column(export_field, model, annotations, queryset)
        if column is None:
            return None
        columns.append(column)
    return columns


def _column(export_field, model, annotations, queryset) -> Column | None:
    header = str(export_field.column_name)
    attribute = export_field.attribute
    if isinstance(export_field, ObjectField):
        return Column(header, "pk", OBJECT, objects=_objects_of(model, queryset, ()))
    if not attribute:
        return None
    if isinstance(export_field, LabelField):
        return Column(header, attribute, LABEL, labels=export_field.labels(model))
    display = _DISPLAY.fullmatch(attribute)
    if display:
        try:
            model_field = model._meta.get_field(display[1])
        except models.FieldDoesNotExist:
            return None
        if not model_field.choices:
            return None
        table = {value: str(label) for value, label in model_field.flatchoices}
        return Column(header, display[1], LABEL, labels=table)
    if attribute in annotations:
        return Column(header, attribute, _annotation_kind(export_field, annotations[attribute]))
    model_field, parts = _resolve(model, attribute)
    if model_field is None:
        return None
    if model_field.is_relation:
        if not (model_field.many_to_one or model_field.one_to_one) or model_field.auto_created:
            return None
        return Column(
            header,
            attribute,
            OBJECT,
            objects=_objects_of(model_field.related_model, queryset, parts),
        )
    return Column(header, attribute, _field_kind(model_field))


def _resolve(model, path):
    """The model field at the end of ``a__b__c``, and the relation names leading to it."""
    parts = path.split("__")
    current = model
    for index, part in enumerate(parts):
        try:
            model_field = current._meta.get_field(part)
        except models.FieldDoesNotExist:
            return None, ()
        if index < len(parts) - 1:
            if not model_field.is_relation or model_field.related_model is None:
                return None, ()
            current = model_field.related_model
    return model_field, parts


def _objects_of(model, queryset, parts) -> models.QuerySet:
    """The related objects' queryset, joining what the report's queryset joins under them."""
    objects = model._default_manager.all()
    related = queryset.query.select_related
    if isinstance(related, dict):
        for part in parts:
            related = related.get(part, {}) if isinstance(related, dict) else {}
        paths = list(_flatten(related))
        if paths:
            objects = objects.select_related(*paths)
    return objects


def _flatten(tree: dict, prefix="") -> Iterator[str]:
    for name, sub in tree.items():
        path = f"{prefix}{name}"
        yield path
        if sub:
            yield from _flatten(sub, f"{path}__")


def _field_kind(model_field) -> str:
    if isinstance(model_field, models.DecimalField):
        return MONEY
    if isinstance(model_field, models.DateTimeField):
        return DATETIME
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, models.BooleanField):
        return BOOLEAN
    if isinstance(model_field, (models.IntegerField, models.AutoField)):
        return INTEGER
    if isinstance(model_field, (models.CharField, models.TextField)):
        return TEXT
    return NATIVE


def _annotation_kind(export_field, annotation) -> str:
    widget = export_field.widget
    if isinstance(widget, widgets.DecimalWidget):
        return MONEY
    if isinstance(widget, widgets.IntegerWidget):
        return INTEGER
    if isinstance(widget, widgets.DateTimeWidget):
        return DATETIME
    if isinstance(widget, widgets.BooleanWidget):
        return BOOLEAN
    try:
        return _field_kind(annotation.output_field)
    except Exception:
        return NATIVE


# Converters: one function per column, built once per export.


def csv_converter(column: Column, *, decimal_comma=False):
    """``value → text`` of a CSV cell (None for an empty cell); amounts ``45,00`` on request."""

    kind = column.kind
    if kind == TEXT:

        def text(value):
            if value is None:
                return None
            if not isinstance(value, str):
                return escape_formula(value)
            return "'" + value if value.startswith(FORMULA_STARTS) else value

        return text
    if kind == LABEL:
        table = {value: escape_formula(label) for value, label in column.labels.items()}
        table[None] = None
        return lambda value: table[value] if value in table else escape_formula(value)
    if kind == MONEY:
        if decimal_comma:
            return lambda value: None if value is None else f"{value:.2f}".replace(".", ",")
        return lambda value: None if value is None else f"{value:.2f}"
    if kind == DATETIME:
        zone = business_tz()

        def when(value):
            if value is None:
                return None
            if value.tzinfo is not None:
                value = value.astimezone(zone).replace(tzinfo=None)
            return value.isoformat(" ", "minutes")

        return when
    if kind == BOOLEAN:
        return lambda value: None if value is None else ("1" if value else "0")
    if kind == INTEGER:
        return None  # as read
    if kind == DATE:
        return None  # csv writes str(date): its ISO form
    if kind == OBJECT:
        texts = column._texts
        return lambda value: None if value is None else escape_formula(texts[value])
    return partial(csv_value, decimal_comma=decimal_comma)


def xlsx_converter(column: Column):
    """``value → typed cell value`` for .xlsx (None for an empty cell)."""

    kind = column.kind
    if kind == TEXT:

        def text(value):
            if not value and value != 0:  # None or "": an empty cell
                return None
            return clean_text(value if isinstance(value, str) else str(value))

        return text
    if kind == LABEL:
        table = {value: clean_text(label) or None for value, label in column.labels.items()}
        table[None] = None
        return lambda value: table[value] if value in table else clean_text(str(value))
    if kind == DATETIME:
        zone = business_tz()

        def when(value):
            if value is None:
                return None
            if value.tzinfo is not None:
                value = value.astimezone(zone).replace(tzinfo=None)
            return value.replace(microsecond=0)

        return when
    if kind in (MONEY, INTEGER, BOOLEAN, DATE):
        return None
    if kind == OBJECT:
        texts = column._texts
        return lambda value: None if value is None else (clean_text(texts[value]) or None)
    return xlsx_value


def clean_text(text: str) -> str:
    """Text an .xlsx can hold: characters XML cannot carry become U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def value_rows(columns: list[Column], queryset, converters) -> Iterator[list]:
    """Converted rows of ``values_list`` of exactly the columns, read in chunks."""
    rows = queryset.values_list(*[c.path for c in columns]).iterator(chunk_size=CHUNK)
    pairs = list(enumerate(converters))
    plain = [i for i, convert in pairs if convert is None]
    converting = [(i, convert) for i, convert in pairs if convert is not None]
    objects = [(i, c) for i, c in enumerate(columns) if c.kind == OBJECT]

    def convert_row(row):
        out = list(row)
        for i, convert in converting:
            out[i] = convert(row[i])
        return out

    if len(plain) == len(columns):
        yield from (list(row) for row in rows)
        return
    while True:
        chunk = list(islice(rows, CHUNK))
        if not chunk:
            return
        for i, column in objects:
            column.load({row[i] for row in chunk})
        for row in chunk:
            yield convert_row(row)


# The same conversions in SQL (PostgreSQL), for COPY.


class _Sql(Expression):
    """SQL around one column, written as pieces: text, ``X`` (the column), or a parameter."""

    X = object()

    def __init__(self, expression, pieces, output_field=None):
        super().__init__(output_field=output_field or models.TextField())
        self.expression = expression
        self.pieces = pieces

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, exprs):
        (self.expression,) = exprs

    def as_sql(self, compiler, connection):
        inner, inner_params = compiler.compile(self.expression)
        sql, params = [], []
        for piece in self.pieces:
            if piece is self.X:
                sql.append(f"({inner})")
                params.extend(inner_params)
            elif isinstance(piece, _Param):
                sql.append("%s")
                params.append(piece.value)
            else:
                sql.append(piece)
        return "".join(sql), params


@dataclass(frozen=True)
class _Param:
    value: object


def _escaped_text(x) -> list:
    """Formula-like text gets a leading apostrophe; an empty text is an empty cell."""

    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    return [
        "CASE WHEN left(", x, f"::text, 1) IN ({starts}) THEN '''' || ", x,
        "::text ELSE NULLIF(", x, "::text, '') END",
    ]  # fmt: skip


def sql_expression(column: Column, expression, *, decimal_comma=False):
    """The column's CSV text computed by PostgreSQL (NULL for an empty cell)."""

    x = _Sql.X
    kind = column.kind
    if kind == TEXT:
        pieces = _escaped_text(x)
    elif kind == LABEL:
        pieces = ["CASE ", x, "::text"]
        for value, label in column.labels.items():
            label = escape_formula(label)
            pieces += [" WHEN ", _Param(str(value)), " THEN "]
            pieces += ["NULL"] if label == "" else [_Param(label), "::text"]
        pieces += [" ELSE ", *_escaped_text(x), " END"]
    elif kind == MONEY:
        pieces = ["CAST(CAST(", x, " AS numeric(65, 2)) AS text)"]
        if decimal_comma:
            pieces = ["replace(", *pieces, ", '.', ',')"]
    elif kind == DATETIME:
        pieces = ["to_char(", x, " AT TIME ZONE ", _Param(business_tz().key), ", ",
                  "'YYYY-MM-DD HH24:MI')"]  # fmt: skip
    elif kind == DATE:
        pieces = ["to_char(", x, ", 'YYYY-MM-DD')"]
    elif kind == INTEGER:
        pieces = ["CAST(", x, " AS text)"]
    elif kind == BOOLEAN:
        pieces = ["CASE WHEN ", x, " THEN '1' WHEN NOT ", x, " THEN '0' END"]
    else:
        raise ValueError(f"{kind} columns are written by Python")
    return _Sql(expression, pieces)


def can_copy(columns: list[Column] | None) -> bool:
    return columns is not None and all(c.kind in SQL_KINDS for c in columns)
