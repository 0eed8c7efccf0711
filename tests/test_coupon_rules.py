"""check_code: one test per rule and per boundary, in the documented order."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.exceptions import CouponError
from loyalty_promos.models import Coupon
from loyalty_promos.services.coupons import redeem, release_booking, used_up
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The `booking` fixture: Monday 16 March 2026, 10:00–10:45 in Paris, "Coupe femme" at 45.00.
MONDAY_10 = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=PARIS)


def refused(code, booking, **kwargs) -> str:
    with pytest.raises(CouponError) as error:
        api.check_code(code, booking, **kwargs)
    return error.value.code


def coupon(code="SUMMER", **rules):
    return factories.CouponFactory(code=code, **rules)


# Finding the code -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["SUMMER-26", "summer 26", "  Summer_26 ", "SUM-MER26"])
def test_case_spaces_and_separators_are_ignored(booking, typed):
    promo = coupon(code="Summer 26")

    assert api.check_code(typed, booking) == promo


def test_unknown_code(booking):
    coupon()
    assert refused("WINTER", booking) == "unknown"
    assert refused("", booking) == "unknown"


def test_inactive_code(booking):
    promo = coupon()
    promo.codes.update(is_active=False)

    assert refused("SUMMER", booking) == "inactive"


def test_inactive_promo_code(booking):
    coupon(is_active=False)

    assert refused("SUMMER", booking) == "inactive"


def test_the_active_one_of_two_codes_sharing_a_value_is_used(booking):
    old = coupon(name="Summer 2025")
    old.codes.update(is_active=False)
    new = coupon(name="Summer 2026")

    assert api.check_code("summer", booking) == new


def test_the_message_names_the_rule_in_plain_words(booking):
    coupon(valid_until=NOW - datetime.timedelta(days=1))

    with pytest.raises(CouponError) as error:
        api.check_code("SUMMER", booking)

    assert str(error.value) == "This code has expired."
    assert error.value.code == "expired"


def test_messages_are_translated(booking):
    from django.utils import translation

    coupon(valid_until=NOW - datetime.timedelta(days=1))
    with pytest.raises(CouponError) as error:
        api.check_code("SUMMER", booking)

    with translation.override("fr"):
        assert str(error.value) == "Ce code a expiré."
    with translation.override("ro"):
        assert str(error.value) == "Acest cod a expirat."


# Validity window (when the code is used), both ends included ----------------------


def test_valid_from_is_included(booking):
    promo = coupon(valid_from=NOW)

    assert api.check_code("SUMMER", booking) == promo


def test_before_valid_from_is_not_started(booking):
    coupon(valid_from=NOW + datetime.timedelta(seconds=1))

    assert refused("SUMMER", booking) == "not_started"


def test_valid_until_is_included(booking):
    promo = coupon(valid_until=NOW)

    assert api.check_code("SUMMER", booking) == promo


def test_after_valid_until_is_expired(booking):
    coupon(valid_until=NOW - datetime.timedelta(seconds=1))

    assert refused("SUMMER", booking) == "expired"


# Staff only ------------------------------------------------------------------------


def test_staff_only_refuses_a_customer_and_accepts_staff(booking, staff_user):
    promo = coupon(staff_only=True)

    assert refused("SUMMER", booking) == "staff_only"
    assert refused("SUMMER", booking, user=factories.UserFactory()) == "staff_only"
    assert api.check_code("SUMMER", booking, user=staff_user) == promo


# The appointment's own window ------------------------------------------------------


def test_appointment_window_edges_are_included(booking):
    promo = coupon(appointment_from=MONDAY_10, appointment_until=MONDAY_10)

    assert api.check_code("SUMMER", booking) == promo


@pytest.mark.parametrize(
    "window",
    [
        {"appointment_from": MONDAY_10 + datetime.timedelta(minutes=1)},
        {"appointment_until": MONDAY_10 - datetime.timedelta(minutes=1)},
    ],
)
def test_appointment_outside_its_window(booking, window):
    coupon(**window)

    assert refused("SUMMER", booking) == "appointment_window"


def test_appointment_window_is_not_the_validity_window(booking):
    """A code used today for an appointment next week: only the appointment window counts."""
    promo = coupon(
        valid_until=NOW + datetime.timedelta(hours=1),
        appointment_from=MONDAY_10 - datetime.timedelta(days=1),
    )

    assert api.check_code("SUMMER", booking) == promo


# Weekdays, in the site's time zone ---------------------------------------------------


def test_allowed_weekday(booking):
    promo = coupon(weekdays=[0])  # Monday

    assert api.check_code("SUMMER", booking) == promo


def test_weekend_only_refuses_a_monday(booking):
    coupon(weekdays=[5, 6])

    assert refused("SUMMER", booking) == "weekday"


def test_weekday_is_the_local_day_not_utc(customer):
    """Saturday 00:30 in Paris is still Friday in UTC: a weekend code applies."""
    saturday_night = factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 3, 21, 0, 30, tzinfo=PARIS)
    )
    promo = coupon(weekdays=[5, 6])

    assert api.check_code("SUMMER", saturday_night) == promo


# Daily window: start included, end excluded ----------------------------------------------


def test_happy_hour_start_is_included(booking):
    promo = coupon(time_from=datetime.time(10, 0), time_until=datetime.time(12, 0))

    assert api.check_code("SUMMER", booking) == promo


def test_happy_hour_end_is_excluded(booking):
    coupon(time_from=datetime.time(8, 0), time_until=datetime.time(10, 0))

    assert refused("SUMMER", booking) == "time_of_day"


def test_daily_window_past_midnight(customer):
    late = factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 3, 17, 23, 30, tzinfo=PARIS)
    )
    early = factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 3, 18, 1, 0, tzinfo=PARIS)
    )
    noon = factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 3, 18, 12, 0, tzinfo=PARIS)
    )
    promo = coupon(time_from=datetime.time(22, 0), time_until=datetime.time(2, 0))

    assert api.check_code("SUMMER", late) == promo
    assert api.check_code("SUMMER", early) == promo
    assert refused("SUMMER", noon) == "time_of_day"


# Services and staff --------------------------------------------------------------------


def test_restricted_to_the_booked_service(booking):
    promo = coupon()
    promo.services.set([booking.service])

    assert api.check_code("SUMMER", booking) == promo


def test_restricted_to_another_service(booking):
    coupon().services.set([factories.ServiceFactory(name="Balayage")])

    assert refused("SUMMER", booking) == "service"


def test_restricted_to_another_staff_member(booking):
    coupon().staff.set([factories.StaffFactory(name="Mihai")])

    assert refused("SUMMER", booking) == "staff"


def test_staff_restriction_refuses_a_booking_without_staff(booking):
    coupon().staff.set([booking.staff])
    booking.staff = None

    assert refused("SUMMER", booking) == "staff"


def test_whom_a_code_is_for_is_read_with_the_code(booking, django_assert_num_queries):
    promo = coupon()
    promo.services.set([booking.service, factories.ServiceFactory(name="Balayage")])
    promo.staff.set([booking.staff])

    with django_assert_num_queries(2):  # the code with its services and staff; its limits
        assert api.check_code("SUMMER", booking) == promo


def test_a_code_read_for_one_booking_is_checked_afresh_for_another(booking):
    from loyalty_promos.services.coupons import BookingFacts, check_rules, find_code

    coupon().services.set([booking.service])
    other = factories.AppointmentFactory(service=factories.ServiceFactory(name="Balayage"))
    found = find_code("SUMMER", facts=BookingFacts.of(booking))

    with pytest.raises(CouponError) as error:
        check_rules(found, BookingFacts.of(other))
    assert error.value.code == "service"


# First booking ----------------------------------------------------------------------------


def test_first_booking_only_accepts_a_new_customer(booking):
    later = factories.AppointmentFactory(
        customer=booking.customer, start=booking.start + datetime.timedelta(days=7)
    )
    promo = coupon(first_booking_only=True)

    assert api.check_code("SUMMER", booking) == promo
    assert refused("SUMMER", later) == "first_booking_only"


def test_a_cancelled_earlier_booking_does_not_count(booking):
    factories.AppointmentFactory(
        customer=booking.customer,
        start=booking.start - datetime.timedelta(days=30),
        status="cancelled",
    )

    promo = coupon(first_booking_only=True)

    assert api.check_code("SUMMER", booking) == promo


def _booking_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "salon_appointment" in q["sql"]]


def test_redeem_reads_no_earlier_bookings_unless_a_rule_needs_them(
    booking, django_assert_num_queries
):
    coupon(code="ANYONE", max_uses_per_customer=None)

    # savepoint, the code, the booking's live use, services and staff (one), this use, insert,
    # release
    with django_assert_num_queries(7) as captured:
        use = redeem("ANYONE", booking)

    assert _booking_queries(captured.captured_queries) == []
    assert use.first_booking is False


def test_redeem_reads_earlier_bookings_once_for_a_first_booking_code(
    booking, django_assert_num_queries
):
    coupon(code="WELCOME", first_booking_only=True, max_uses_per_customer=None)

    with django_assert_num_queries(8) as captured:  # the same and one for earlier bookings
        use = redeem("WELCOME", booking)

    assert len(_booking_queries(captured.captured_queries)) == 1
    assert use.first_booking is True


# Limits --------------------------------------------------------------------------------------


def booking_for(customer=None, **kwargs):
    return factories.AppointmentFactory(
        customer=customer or factories.CustomerFactory(), start=MONDAY_10, **kwargs
    )


def test_the_last_allowed_use_passes_and_the_next_is_refused():
    coupon(max_uses=2)
    first, second, third = booking_for(), booking_for(), booking_for()
    redeem("SUMMER", first)

    assert api.check_code("SUMMER", second).name
    redeem("SUMMER", second)
    assert refused("SUMMER", third) == "usage_limit"


def test_total_limit_counts_uses_of_every_code_of_the_promo_code():
    promo = coupon(code="ALPHA", max_uses=2)
    factories.CouponCodeFactory(coupon=promo, code="BRAVO")
    factories.CouponCodeFactory(coupon=promo, code="CHARLIE")
    redeem("ALPHA", booking_for())
    redeem("BRAVO", booking_for())

    assert refused("CHARLIE", booking_for()) == "usage_limit"


def test_a_code_limit_of_one_is_per_code_not_per_promo_code():
    promo = coupon(code="ALPHA")
    promo.codes.update(max_uses=1)
    factories.CouponCodeFactory(coupon=promo, code="BRAVO", max_uses=1)
    redeem("ALPHA", booking_for())

    assert refused("ALPHA", booking_for()) == "usage_limit"
    assert api.check_code("BRAVO", booking_for()) == promo


def test_per_customer_limit_is_not_the_total_limit(customer):
    coupon(max_uses=10, max_uses_per_customer=1)
    redeem("SUMMER", booking_for(customer))

    assert refused("SUMMER", booking_for(customer)) == "customer_limit"
    assert api.check_code("SUMMER", booking_for()).max_uses == 10  # another customer may


def test_per_customer_limit_blank_is_unlimited(customer):
    coupon(max_uses_per_customer=None)
    for _ in range(3):
        redeem("SUMMER", booking_for(customer))

    assert api.check_code("SUMMER", booking_for(customer)).max_uses_per_customer is None


def test_a_released_use_is_given_back():
    coupon(max_uses=1)
    first = booking_for()
    redeem("SUMMER", first)

    release_booking(first)

    assert api.check_code("SUMMER", booking_for()).max_uses == 1


# Recurring series ----------------------------------------------------------------------------


def series_of(n, customer=None):
    series = factories.RecurringSeriesFactory()
    customer = customer or factories.CustomerFactory()
    return [
        factories.AppointmentFactory(
            customer=customer, series=series, start=MONDAY_10 + datetime.timedelta(weeks=week)
        )
        for week in range(n)
    ]


def test_per_booking_covers_every_occurrence_as_one_use():
    coupon(max_uses=1, max_uses_per_customer=1, series_mode=Coupon.SeriesMode.PER_BOOKING)
    occurrences = series_of(4)

    for occurrence in occurrences:
        redeem("SUMMER", occurrence)

    assert refused("SUMMER", booking_for()) == "usage_limit"


def test_per_occurrence_valid_once_covers_only_the_first_occurrence():
    coupon(max_uses=None, max_uses_per_customer=1, series_mode=Coupon.SeriesMode.PER_OCCURRENCE)
    first, second, _third = series_of(3)
    redeem("SUMMER", first)

    assert refused("SUMMER", second) == "customer_limit"


def test_per_occurrence_counts_each_occurrence_against_the_total():
    coupon(max_uses=2, series_mode=Coupon.SeriesMode.PER_OCCURRENCE)
    first, second, third = series_of(3)
    redeem("SUMMER", first)
    redeem("SUMMER", second)

    assert refused("SUMMER", third) == "usage_limit"


# Order of checks ---------------------------------------------------------------------------


def test_the_first_failing_rule_in_the_documented_order_is_reported(booking):
    coupon(
        valid_until=NOW - datetime.timedelta(days=1),  # 3. expired
        weekdays=[5],  # 6. weekday
        staff_only=True,  # 4. staff only
    )

    assert refused("SUMMER", booking) == "expired"


def test_discount_amount_never_exceeds_the_price(booking):
    promo = coupon(discount_type="amount", discount_value=Decimal("60"))

    redemption = redeem("SUMMER", booking)

    assert promo.discount_display == "60.00"
    assert redemption.amount == Decimal("45.00")


# Releasing uses -----------------------------------------------------------------------------


def test_cancelling_a_booking_releases_its_use_and_keeps_the_record(booking):
    coupon(max_uses=1)
    redemption = redeem("SUMMER", booking)

    booking.status = "cancelled"
    booking.save()

    redemption.refresh_from_db()
    assert redemption.voided_at == NOW
    assert api.check_code("SUMMER", booking_for()).max_uses == 1


def test_deleting_a_booking_releases_its_use_and_keeps_the_snapshot(booking):
    coupon(max_uses=1, discount_value=Decimal("15"))
    redemption = redeem("SUMMER", booking)
    booking_pk = booking.pk

    booking.delete()

    redemption.refresh_from_db()
    assert redemption.voided_at == NOW
    assert redemption.booking is None
    assert (redemption.booking_ref, redemption.code_text, redemption.discount_value) == (
        str(booking_pk),
        "SUMMER",
        Decimal("15.00"),
    )


def test_deleting_the_coupon_keeps_past_uses_readable(booking):
    promo = coupon(discount_value=Decimal("20"))
    redemption = redeem("SUMMER", booking)

    promo.delete()

    redemption.refresh_from_db()
    assert (redemption.coupon, redemption.code) == (None, None)
    assert (redemption.coupon_name, redemption.code_text, redemption.amount) == (
        promo.name,
        "SUMMER",
        Decimal("9.00"),
    )


def test_redeeming_twice_for_one_booking_is_one_use_and_another_code_replaces_it(booking):
    coupon(code="FIRST")
    coupon(code="SECOND")
    first = redeem("FIRST", booking)

    assert redeem("first", booking) == first
    second = redeem("SECOND", booking)

    first.refresh_from_db()
    assert first.voided_at == NOW
    assert second.voided_at is None


def test_a_used_up_code_names_its_limit_in_the_right_number():
    assert used_up("usage_limit", 1).messages == [
        "This code has already been used 1 time, its maximum."
    ]
    assert used_up("customer_limit", 1000).messages == [
        "This customer has already used this code 1,000 times, the maximum."
    ]
    assert used_up("usage_limit", 3).code == "usage_limit"
