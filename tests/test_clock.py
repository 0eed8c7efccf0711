"""Time is the business's, not the request's: rules, hours and expiry in its time zone.

Both daylight-saving change days of 2026, in Paris (CET/CEST, clocks change at
02:00/03:00) and Bucharest (EET/EEST, at 03:00/04:00), each checked with
another time zone activated (a host with per-user time zones).
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from loyalty_promos import api
from loyalty_promos.exceptions import CouponError
from loyalty_promos.integration import DefaultBookingAdapter
from loyalty_promos.models import LoyaltyProgram, PackagePlan, PricingRule
from loyalty_promos.services import clock
from loyalty_promos.services.points import awards_for
from loyalty_promos.services.pricing import apply_rule, price_booking
from tests import factories

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")
UTC = datetime.UTC
SPRING_FORWARD = datetime.date(2026, 3, 29)
FALL_BACK = datetime.date(2026, 10, 25)
ZONES = {"Europe/Paris": PARIS, "Europe/Bucharest": BUCHAREST}


@pytest.fixture(params=[None, "America/New_York"], ids=["no-active-zone", "new-york-active"])
def active_zone(request):
    """Run each test as is, and again with a request that activated New York."""
    if request.param:
        timezone.activate(zoneinfo.ZoneInfo(request.param))
    yield request.param
    timezone.deactivate()


@pytest.fixture(params=list(ZONES))
def business(request, settings):
    """The business runs in Paris (TIME_ZONE) or in Bucharest (LOYALTY_PROMOS["TIME_ZONE"])."""
    if request.param == "Europe/Bucharest":
        settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "TIME_ZONE": "Europe/Bucharest"}
    return ZONES[request.param]


def at(zone, day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


# The option ------------------------------------------------------------------------------


def test_the_business_time_zone_defaults_to_the_sites(settings):
    assert clock.business_tz() == PARIS
    settings.TIME_ZONE = "Europe/Bucharest"
    assert clock.business_tz() == BUCHAREST


def test_the_option_wins_over_the_sites_and_the_active_time_zone(settings, active_zone):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "TIME_ZONE": "Europe/Bucharest"}

    assert clock.business_tz() == BUCHAREST
    assert clock.local(datetime.datetime(2026, 3, 16, 22, 30, tzinfo=UTC)) == at(
        BUCHAREST, datetime.date(2026, 3, 17), 0, 30
    )
    assert clock.today() == datetime.date(2026, 3, 14)


def test_naive_booking_times_are_read_on_the_business_clock(business, active_zone):
    class Booking:
        start = datetime.datetime(2026, 7, 1, 9, 30)

    start = DefaultBookingAdapter().get_start(Booking())

    assert start == at(business, datetime.date(2026, 7, 1), 9, 30)
    assert DefaultBookingAdapter.combine(SPRING_FORWARD, datetime.time(14, 30)).utcoffset() == (
        datetime.timedelta(hours=3 if business is BUCHAREST else 2)
    )


# Real hours across a change ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "hours"),
    [(SPRING_FORWARD, Decimal(3)), (FALL_BACK, Decimal(5))],
    ids=["spring", "fall"],
)
def test_per_hour_prices_count_real_hours_across_a_change(business, active_zone, day, hours):
    """01:00–05:00 on the night clocks go forward lasts 3 hours; going back, 5 hours."""
    rule = PricingRule(kind="set_price", value=Decimal("50"), per_hour=True)
    start, end = at(business, day, 1), at(business, day, 5)

    assert clock.elapsed_hours(start, end) == hours
    assert apply_rule(rule, Decimal("0"), start=start, end=end) == 50 * hours
    # Given in another zone (as an adapter may), the same instants cost the same.
    assert apply_rule(
        rule, Decimal("0"), start=start.astimezone(UTC), end=end.astimezone(PARIS)
    ) == (50 * hours)


# Rules read the business's weekday, time of day and date --------------------------------


@pytest.mark.django_db
def test_coupon_weekday_and_happy_hour_are_the_businesss(business, active_zone, customer):
    """Monday 00:30 at the business is still Sunday evening in New York."""
    monday = at(business, datetime.date(2026, 3, 16), 0, 30)
    booking = factories.AppointmentFactory(customer=customer, start=monday)
    factories.CouponFactory(code="MONDAY", weekdays=[0])
    factories.CouponFactory(code="NIGHT", time_from=datetime.time(0), time_until=datetime.time(1))
    factories.CouponFactory(code="SUNDAY", weekdays=[6])

    assert api.check_code("MONDAY", booking).name
    assert api.check_code("NIGHT", booking).name
    with pytest.raises(CouponError) as error:
        api.check_code("SUNDAY", booking)
    assert error.value.code == "weekday"


@pytest.mark.django_db
def test_pricing_rules_use_the_businesss_weekday_and_date(business, active_zone):
    service = factories.ServiceFactory(price=Decimal("40"))
    factories.PricingRuleFactory(name="Weekend", kind="amount", value=Decimal("10"), weekdays=[5])
    saturday_early = at(business, datetime.date(2026, 3, 21), 0, 15)
    factories.PricingRuleFactory(
        name="From the 21st", kind="amount", value=Decimal("1"), stacking="stack",
        date_from=datetime.date(2026, 3, 21),
    )  # fmt: skip

    priced = price_booking(
        Decimal("40"), service=service, staff=None, start=saturday_early, end=saturday_early
    )

    assert [rule.name for rule in priced.rules] == ["Weekend", "From the 21st"]
    assert priced.price == Decimal("51.00")


@pytest.mark.django_db
def test_earning_rules_use_the_businesss_date(business, active_zone, customer):
    april_first = at(business, datetime.date(2026, 4, 1), 0, 30)  # 31 March in New York
    booking = factories.AppointmentFactory(customer=customer, start=april_first)
    factories.EarningRuleFactory(
        name="April", kind="service", points=7, date_from=datetime.date(2026, 4, 1)
    )

    assert [(award.rule.name, award.points) for award in awards_for(booking, None)] == [
        ("April", 7)
    ]


# Expiry in the business's calendar ------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned", "unit", "count", "expires"),
    [
        # Winter time to summer time (and back): 18:44 stays 18:44 on the wall clock.
        ((2026, 3, 14), "months", 6, (2026, 9, 14)),
        ((2026, 9, 30), "months", 6, (2027, 3, 30)),
        ((2026, 8, 31), "months", 6, (2027, 2, 28)),
        ((2026, 3, 28), "days", 1, (2026, 3, 29)),
        ((2026, 10, 24), "days", 2, (2026, 10, 26)),
        ((2026, 3, 14), "years", 1, (2027, 3, 14)),
    ],
)
@pytest.mark.django_db
def test_package_expiry_keeps_the_wall_time(business, active_zone, assigned, unit, count, expires):
    plan = PackagePlan(kind="time_pass", validity_count=count, validity_unit=unit)
    start = at(business, datetime.date(*assigned), 18, 44).astimezone(UTC)  # as timezone.now()

    expiry = plan.expiry_from(start)

    assert clock.local(expiry) == at(business, datetime.date(*expires), 18, 44)
    assert clock.local(expiry).time() == datetime.time(18, 44)


@pytest.mark.django_db
def test_a_package_assigned_now_expires_at_the_same_local_time(business, active_zone, customer):
    plan = factories.PackagePlanFactory(
        kind="time_pass", validity_count=6, validity_unit="months", visits=None
    )

    package = api.assign_package(customer, plan)

    # Now is 14 March 2026, 10:00 in Paris (11:00 in Bucharest), before the clocks change.
    hour = 10 if business is PARIS else 11
    assert clock.local(package.starts_at) == at(business, datetime.date(2026, 3, 14), hour)
    assert clock.local(package.expires_at) == at(business, datetime.date(2026, 9, 14), hour)


@pytest.mark.parametrize("unit", ["months", "days"])
def test_points_expire_at_the_same_local_time(business, active_zone, unit):
    program = LoyaltyProgram(validity_count=6, validity_unit=unit)
    earned = at(business, datetime.date(2026, 3, 14), 18, 44).astimezone(UTC)

    expiry = clock.local(program.expiry_for(earned))

    day = datetime.date(2026, 9, 14) if unit == "months" else datetime.date(2026, 3, 20)
    assert expiry == at(business, day, 18, 44)
