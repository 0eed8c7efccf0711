"""Codes checked and bookings priced before the booking row exists (a booking form)."""

import datetime
from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.exceptions import CouponError
from loyalty_promos.integration import get_adapter
from loyalty_promos.models import Coupon
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal
MONDAY = NOW + datetime.timedelta(days=2)  # Monday 16 March 2026, 10:00 in Paris


@pytest.fixture
def service():
    return factories.ServiceFactory(name="Coupe brushing", price=D("50.00"), duration_minutes=45)


def unsaved(customer, service, start=MONDAY, staff=None):
    return get_adapter().build_booking(customer, service, staff, start)


def test_build_booking_gives_an_unsaved_booking_the_adapter_reads(customer, service):
    staff = factories.StaffFactory()
    booking = get_adapter().build_booking(customer, service, staff, MONDAY)

    assert booking.pk is None
    assert (booking.customer, booking.service, booking.staff) == (customer, service, staff)
    assert (booking.start, booking.end) == (MONDAY, MONDAY + datetime.timedelta(minutes=45))


def test_build_booking_reads_a_naive_start_in_the_business_time_zone(customer, service):
    booking = get_adapter().build_booking(
        customer, service, None, datetime.datetime(2026, 3, 16, 10)
    )

    assert booking.start == MONDAY


def test_quote_of_an_unsaved_booking(customer, service):
    factories.CouponFactory(code="TEN", discount_value=D("10"))

    result = api.quote(unsaved(customer, service), code="TEN")

    assert (result.list_price, result.discount, result.amount_due) == (
        D("50.00"),
        D("5.00"),
        D("45.00"),
    )


def test_check_code_of_an_unsaved_booking(customer, service):
    coupon = factories.CouponFactory(code="TEN")

    assert api.check_code("ten", unsaved(customer, service)) == coupon


def test_first_booking_rule_counts_every_saved_booking_of_the_customer(customer, service):
    factories.CouponFactory(code="WELCOME", first_booking_only=True)
    assert api.check_code("WELCOME", unsaved(customer, service))

    factories.AppointmentFactory(customer=customer, service=service, start=NOW)

    with pytest.raises(CouponError) as refused:
        api.check_code("WELCOME", unsaved(customer, service))
    assert refused.value.code == "first_booking_only"


def test_per_customer_limit_applies_to_an_unsaved_booking(customer, service):
    factories.CouponFactory(code="ONCE", max_uses_per_customer=1)
    api.checkout(factories.AppointmentFactory(customer=customer, service=service), code="ONCE")

    with pytest.raises(CouponError) as refused:
        api.check_code("ONCE", unsaved(customer, service))
    assert refused.value.code == "customer_limit"


def test_total_limit_is_not_skipped_for_an_unsaved_booking(customer, service):
    factories.CouponFactory(code="ONE", max_uses=1)
    api.checkout(factories.AppointmentFactory(service=service), code="ONE")

    with pytest.raises(CouponError) as refused:
        api.check_code("ONE", unsaved(customer, service))
    assert refused.value.code == "usage_limit"


def test_series_already_covered_needs_no_new_use(customer, service):
    series = factories.RecurringSeriesFactory()
    factories.CouponFactory(code="SERIES", max_uses=1, series_mode=Coupon.SeriesMode.PER_BOOKING)
    first = factories.AppointmentFactory(customer=customer, service=service, series=series)
    api.checkout(first, code="SERIES")
    booking = unsaved(customer, service, start=MONDAY + datetime.timedelta(days=7))
    booking.series = series

    assert api.check_code("SERIES", booking).name


def test_unsaved_booking_is_priced_with_the_customers_package(customer, service):
    plan = factories.PackagePlanFactory(kind="visit_pack", visits=5)
    api.assign_package(customer, plan)

    result = api.quote(unsaved(customer, service))

    assert (result.package_amount, result.amount_due) == (D("50.00"), D("0.00"))
