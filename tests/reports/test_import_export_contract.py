"""What ``reports/exporters.row_reader`` relies on in django-import-export.

``row_reader`` reads a row as ``Resource.export_resource`` does, but resolves
each column's reader once per export instead of once per cell. It copies the
logic of ``Resource.export_field`` (a ``dehydrate_<name>`` method, a
``dehydrate_method`` named or callable, else ``Field.export``) and calls
``get_export_fields``, ``get_field_name``, ``Field.get_dehydrate_method`` and
``Field.export(obj, force_native_type=True)``. If a release of
django-import-export changes any of these, a test here fails before an export
silently differs from the report page.
"""

import datetime
import inspect
from decimal import Decimal

import pytest
from import_export import fields, resources, widgets
from import_export.fields import Field
from import_export.resources import Resource

from loyalty_promos import api
from loyalty_promos.models import Charge, Coupon, LoyaltyProgram
from loyalty_promos.reports import exporters
from loyalty_promos.reports.registry import REPORTS
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal


def shout(coupon):
    return coupon.name.upper()


class EveryKindOfColumn(resources.ModelResource):
    """One column of each kind ``export_field`` knows."""

    name = fields.Field(attribute="name", column_name="name")
    by_default_method = fields.Field(column_name="by default method")
    by_named_method = fields.Field(column_name="by named method", dehydrate_method="named")
    by_callable = fields.Field(column_name="by callable", dehydrate_method=shout)
    value = fields.Field(
        attribute="discount_value", column_name="value", widget=widgets.DecimalWidget()
    )
    until = fields.Field(
        attribute="valid_until", column_name="until", widget=widgets.DateTimeWidget()
    )

    class Meta:
        model = Coupon
        fields = ["name", "by_default_method", "by_named_method", "by_callable", "value", "until"]
        export_order = fields

    def dehydrate_by_default_method(self, coupon):
        return f"default:{coupon.pk}"

    def named(self, coupon):
        return f"named:{coupon.name}"


def test_export_field_still_reads_columns_the_way_row_reader_copies():
    """The method row_reader mirrors still has the shape it had when it was copied."""
    source = inspect.getsource(Resource.export_field)

    assert "field.get_dehydrate_method(field_name)" in source
    assert "callable(dehydrate_method)" in source
    assert "getattr(self, dehydrate_method, None)" in source
    assert "field.export(instance, **kwargs)" in source
    assert list(inspect.signature(Resource.export_resource).parameters) == [
        "self",
        "instance",
        "selected_fields",
        "kwargs",
    ]
    assert "kwargs" in inspect.signature(Field.export).parameters


def test_the_helpers_row_reader_calls_answer_as_expected():
    resource = EveryKindOfColumn()
    columns = resource.get_export_fields()

    names = [resource.get_field_name(field) for field in columns]
    assert names == ["name", "by_default_method", "by_named_method", "by_callable", "value",
                     "until"]  # fmt: skip
    assert [field.get_dehydrate_method(name) for field, name in zip(columns, names, strict=True)][
        :4
    ] == ["dehydrate_name", "dehydrate_by_default_method", "named", shout]


@pytest.mark.parametrize("native", [True, False])
def test_row_reader_gives_export_resource_values_for_every_kind_of_column(native):
    coupon = factories.CouponFactory(
        name="Printemps",
        code="SPRING",
        discount_value=D("12.50"),
        valid_until=datetime.datetime(2026, 6, 30, 18, 0, tzinfo=datetime.UTC),
    )
    resource = EveryKindOfColumn()
    kwargs = {"force_native_type": True} if native else {}

    row = exporters.row_reader(resource, native=native)(coupon)

    assert row == resource.export_resource(coupon, **kwargs)
    assert row[:4] == ["Printemps", f"default:{coupon.pk}", "named:Printemps", "PRINTEMPS"]
    if native:  # numbers and dates stay typed, for .xlsx cells (local time, as Excel has none)
        assert row[4:] == [D("12.50"), datetime.datetime(2026, 6, 30, 20, 0)]
    else:
        assert all(isinstance(value, str) for value in row[4:])


def test_row_reader_gives_export_resource_values_for_every_report(customer, program_enabled):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    charge = api.checkout(factories.AppointmentFactory(customer=customer), code="SPRING")
    api.pay(charge, method="card")
    api.adjust_points(customer, 20, "Welcome")
    api.add_credit(customer, D("15"), "Top-up")

    compared = {}
    for code, report in REPORTS.items():
        resource = report.resource()
        rows = list(report.rows(report.filtered({})))
        read = exporters.row_reader(resource)
        assert [read(obj) for obj in rows] == [
            resource.export_resource(obj, force_native_type=True) for obj in rows
        ], code
        compared[code] = len(rows)

    assert compared == {
        "billing": 1,
        "points": 1,
        "coupons": 1,
        "batches": 0,
        "packages": 0,
        "balances": 1,
    }
    assert Charge.objects.get().status == "paid"


@pytest.fixture
def program_enabled(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    return program
