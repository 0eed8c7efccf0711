import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.test.utils import override_settings

from example_project.salon import models as salon
from loyalty_promos import api, integration
from loyalty_promos.exceptions import CouponError
from loyalty_promos.integration import DefaultBookingAdapter
from tests import factories
from tests.projects.other_host.spa import models as spa
from tests.projects.other_host.spa.adapter import SpaAdapter

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_model_accessors_follow_the_settings():
    assert integration.get_customer_model() is salon.Customer
    assert integration.get_service_model() is salon.Service
    assert integration.get_staff_model() is salon.Staff
    assert integration.get_booking_model() is salon.Appointment


@override_settings(LOYALTY_PROMOS_BOOKING_MODEL="spa.Reservation")
def test_model_accessors_read_settings_at_call_time():
    assert integration.get_booking_model() is spa.Reservation


@override_settings(LOYALTY_PROMOS_SERVICE_MODEL="salon.Nope")
def test_accessor_for_a_missing_model_raises_a_clear_error():
    with pytest.raises(
        ImproperlyConfigured,
        match=r"LOYALTY_PROMOS_SERVICE_MODEL refers to model 'salon.Nope' that has not been "
        r"installed",
    ):
        integration.get_service_model()


@override_settings(LOYALTY_PROMOS_STAFF_MODEL="Staff")
def test_accessor_for_a_malformed_label_raises_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match=r"must be of the form 'app_label\.ModelName'"):
        integration.get_staff_model()


def test_get_adapter_builds_the_configured_class_once():
    adapter = integration.get_adapter()

    assert type(adapter).__name__ == "SalonAdapter"
    assert integration.get_adapter() is adapter


def test_get_adapter_follows_a_settings_change(settings):
    settings.LOYALTY_PROMOS = {
        "BOOKING_ADAPTER": "tests.projects.other_host.spa.adapter.SpaAdapter"
    }

    assert isinstance(integration.get_adapter(), SpaAdapter)


def test_get_adapter_with_a_bad_path_raises_a_clear_error(settings):
    settings.LOYALTY_PROMOS = {"BOOKING_ADAPTER": "nowhere.Adapter"}

    with pytest.raises(ImproperlyConfigured, match=r"'nowhere\.Adapter' cannot be imported"):
        integration.get_adapter()


# The default adapter on the example salon ---------------------------------------


@pytest.fixture
def adapter():
    return DefaultBookingAdapter()


def test_default_adapter_reads_conventional_fields(adapter, booking):
    assert adapter.get_customer(booking) == booking.customer
    assert adapter.get_service(booking) == booking.service
    assert adapter.get_staff(booking) == booking.staff
    assert adapter.get_start(booking) == datetime.datetime(2026, 3, 16, 10, 0, tzinfo=PARIS)
    assert adapter.get_end(booking) == datetime.datetime(2026, 3, 16, 10, 45, tzinfo=PARIS)
    assert adapter.get_price(booking) == Decimal("45.00")
    assert adapter.get_currency(booking) == "EUR"
    assert adapter.get_series_key(booking) is None
    assert adapter.is_cancelled(booking) is False


def test_default_adapter_uses_the_booking_price_when_it_has_one(adapter, booking):
    booking.price = Decimal("39.90")

    assert adapter.get_price(booking) == Decimal("39.90")


def test_series_key_is_shared_by_the_occurrences_of_a_series(adapter, customer):
    series = factories.RecurringSeriesFactory()
    first, second = factories.AppointmentFactory.create_batch(2, customer=customer, series=series)

    assert adapter.get_series_key(first) == str(series.pk)
    assert adapter.get_series_key(second) == adapter.get_series_key(first)


def test_currency_comes_from_the_options(adapter, booking, settings):
    settings.LOYALTY_PROMOS = {"CURRENCY": "RON"}

    assert adapter.get_currency(booking) == "RON"


def test_naive_datetimes_are_made_aware_in_the_current_time_zone(adapter):
    class Booking:
        start = datetime.datetime(2026, 7, 1, 9, 30)

    assert adapter.get_start(Booking()) == datetime.datetime(2026, 7, 1, 9, 30, tzinfo=PARIS)


def test_customer_contact_details(adapter, customer):
    assert adapter.get_customer_name(customer) == "Camille Dupont"
    assert adapter.get_customer_email(customer) == "camille.dupont@example.com"
    assert adapter.get_customer_phone(customer) == customer.phone


def test_customer_without_a_name_method_is_shown_as_text(adapter):
    class Walkin:
        def __str__(self):
            return "Walk-in"

    assert adapter.get_customer_name(Walkin()) == "Walk-in"
    assert adapter.get_customer_email(Walkin()) == ""
    assert adapter.get_customer_phone(Walkin()) == ""


def test_salon_adapter_lists_bookings_oldest_first_without_cancellations(customer):
    later = factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 5, 2, 9, tzinfo=PARIS)
    )
    earlier = factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 1, 10, 9, tzinfo=PARIS)
    )
    factories.AppointmentFactory(
        customer=customer, start=datetime.datetime(2026, 2, 1, 9, tzinfo=PARIS), status="cancelled"
    )
    factories.AppointmentFactory()  # someone else's

    bookings = integration.get_adapter().get_customer_bookings(customer)

    assert list(bookings) == [earlier, later]


def test_salon_adapter_knows_which_status_is_a_cancellation(booking):
    adapter = integration.get_adapter()
    booking.status = "cancelled"
    assert adapter.is_cancelled(booking) is True
    booking.status = "no_show"
    assert adapter.is_cancelled(booking) is False


# An unusual host: customer = user model, date and times on a related slot -------


@pytest.fixture
def reservation(db):
    return factories.ReservationFactory(
        user=factories.UserFactory(username="ioana", first_name="Ioana", last_name="Popescu"),
        treatment=factories.TreatmentFactory(title="Masaj", price=Decimal("180.00")),
        slot=factories.SlotFactory(
            therapist=factories.TherapistFactory(display_name="Andrei"),
            day=datetime.date(2026, 3, 29),  # the night clocks go forward in Europe
            starts_at=datetime.time(14, 30),
            ends_at=datetime.time(15, 45),
        ),
    )


def test_adapter_for_date_and_time_stored_apart_on_a_related_object(reservation):
    adapter = SpaAdapter()

    assert adapter.get_customer(reservation) == reservation.user
    assert isinstance(adapter.get_customer(reservation), get_user_model())
    assert adapter.get_service(reservation).title == "Masaj"
    assert adapter.get_staff(reservation).display_name == "Andrei"
    assert adapter.get_start(reservation) == datetime.datetime(2026, 3, 29, 14, 30, tzinfo=PARIS)
    assert adapter.get_start(reservation).utcoffset() == datetime.timedelta(hours=2)
    assert adapter.get_end(reservation) == datetime.datetime(2026, 3, 29, 15, 45, tzinfo=PARIS)
    assert adapter.get_price(reservation) == Decimal("180.00")
    assert adapter.get_series_key(reservation) is None
    assert adapter.get_customer_name(reservation.user) == "Ioana Popescu"
    assert adapter.get_customer_email(reservation.user) == "ioana@example.com"


@override_settings(LOYALTY_PROMOS_BOOKING_MODEL="spa.Reservation")
def test_adapter_for_unusual_host_orders_bookings_by_day_and_time(reservation):
    user = reservation.user
    slot = reservation.slot
    same_day_earlier = factories.ReservationFactory(
        user=user,
        slot=factories.SlotFactory(
            therapist=slot.therapist,
            day=slot.day,
            starts_at=datetime.time(9, 0),
            ends_at=datetime.time(10, 0),
        ),
    )

    assert list(SpaAdapter().get_customer_bookings(user)) == [same_day_earlier, reservation]


def test_adapter_for_unusual_host_reads_its_own_cancellation_flag(reservation):
    reservation.cancelled = True

    assert SpaAdapter().is_cancelled(reservation) is True


# An adapter written the README's way: only the fields renamed, start read elsewhere ------


class ReadmeSpaAdapter(DefaultBookingAdapter):
    customer_field = "user"
    service_field = "treatment"
    start_lookup = "slot__day"  # what check E007 asks for

    def get_start(self, booking):
        return self.combine(booking.slot.day, booking.slot.starts_at)

    def get_end(self, booking):
        return self.combine(booking.slot.day, booking.slot.ends_at)


@override_settings(
    LOYALTY_PROMOS_BOOKING_MODEL="spa.Reservation",
    LOYALTY_PROMOS={"BOOKING_ADAPTER": "tests.test_integration.ReadmeSpaAdapter"},
)
def test_the_customer_lookup_follows_the_renamed_customer_field(reservation):
    """Before: FieldError "Cannot resolve keyword 'customer'" on every code check."""
    user = reservation.user
    factories.ReservationFactory()  # someone else's

    assert ReadmeSpaAdapter().customer_lookup == "user"
    assert list(ReadmeSpaAdapter().get_customer_bookings(user)) == [reservation]


@override_settings(
    LOYALTY_PROMOS_BOOKING_MODEL="spa.Reservation",
    LOYALTY_PROMOS={"BOOKING_ADAPTER": "tests.test_integration.ReadmeSpaAdapter"},
)
def test_a_first_booking_code_on_the_unusual_host(reservation):
    promo = factories.CouponFactory(code="WELCOME", first_booking_only=True)
    later = factories.ReservationFactory(
        user=reservation.user,
        slot=factories.SlotFactory(day=datetime.date(2026, 4, 2), starts_at=datetime.time(9)),
    )

    assert api.check_code("WELCOME", reservation) == promo
    with pytest.raises(CouponError) as error:
        api.check_code("WELCOME", later)
    assert error.value.code == "first_booking_only"


@pytest.mark.django_db
def test_customer_for_user_is_the_linked_customer_and_none_for_anyone_else():
    linked = get_user_model().objects.create_user("ana", password="x")
    stranger = get_user_model().objects.create_user("bob", password="x")
    customer = factories.CustomerFactory(user=linked)
    factories.CustomerFactory()

    assert integration.customer_for_user(linked) == customer
    assert integration.customer_for_user(stranger) is None
    assert integration.customer_for_user(AnonymousUser()) is None
    assert integration.customer_for_user(None) is None


@pytest.mark.django_db
def test_default_adapter_maps_a_user_to_itself_only_when_customers_are_users(settings):
    user = get_user_model().objects.create_user("ana", password="x")

    assert DefaultBookingAdapter().get_customer_for_user(user) is None  # customers: salon.Customer
    settings.LOYALTY_PROMOS_CUSTOMER_MODEL = settings.AUTH_USER_MODEL
    assert DefaultBookingAdapter().get_customer_for_user(user) == user
