"""PromoCodeField and PromoCodeFormMixin in a host's booking ModelForm."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from example_project.salon.models import Appointment
from loyalty_promos import api
from loyalty_promos.exceptions import CouponError
from loyalty_promos.models import Charge
from loyalty_promos.portal.forms import PromoCodeField, PromoCodeFormMixin
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal
MONDAY = NOW + datetime.timedelta(days=2)  # Monday 16 March 2026, 10:00 in Paris


class BookingForm(PromoCodeFormMixin, forms.ModelForm):
    promo_code = PromoCodeField()

    class Meta:
        model = Appointment
        fields = ["service", "staff", "start"]


class StaffBookingForm(PromoCodeFormMixin, forms.ModelForm):
    """A desk form: the customer is one of the form's fields."""

    promo_code = PromoCodeField()

    class Meta:
        model = Appointment
        fields = ["customer", "service", "staff", "start"]


@pytest.fixture
def service():
    return factories.ServiceFactory(name="Coupe brushing", price=D("50.00"))


@pytest.fixture
def staff():
    return factories.StaffFactory(name="Inès")


def request_of(user=None, address="203.0.113.5"):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


def form_for(customer_user, service, staff=None, code="", start=MONDAY, **kwargs):
    data = {
        "service": service.pk,
        "staff": staff.pk if staff else "",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "promo_code": code,
    }
    return BookingForm(data, request=request_of(customer_user), **kwargs)


def test_field_is_an_optional_code_box():
    field = PromoCodeField()
    assert (field.required, field.max_length, str(field.label)) == (False, 80, "Promo code")
    assert field.widget_attrs(field.widget)["autocomplete"] == "off"


def test_valid_code_gives_the_coupon_and_the_quote(customer_user, service):
    coupon = factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    form = form_for(customer_user, service, code=" spring ")

    assert form.is_valid(), form.errors
    assert form.coupon == coupon
    assert (form.quote.discount, form.quote.amount_due) == (D("5.00"), D("45.00"))
    assert form.unsaved_booking.pk is None
    assert form.get_checkout_options() == {"code": "spring"}
    assert not Charge.objects.exists()


def test_no_code_still_prices_the_booking(customer_user, service):
    form = form_for(customer_user, service)

    assert form.is_valid(), form.errors
    assert (form.coupon, form.quote.amount_due) == (None, D("50.00"))


def test_incomplete_booking_is_not_priced(customer_user, service):
    data = {"service": service.pk, "promo_code": "X"}
    form = BookingForm(data, request=request_of(customer_user))

    assert not form.is_valid()
    assert form.quote is None
    assert "promo_code" not in form.errors


def refusal(code, *, customer, service, staff):
    """A promo code ``code`` refused for the booking Monday 10:00 with ``service``/``staff``."""
    yesterday, tomorrow = NOW - datetime.timedelta(days=1), NOW + datetime.timedelta(days=1)
    other_service = factories.ServiceFactory(name="Autre")
    rules = {
        "inactive": {"is_active": False},
        "not_started": {"valid_from": tomorrow},
        "expired": {"valid_until": yesterday},
        "staff_only": {"staff_only": True},
        "appointment_window": {"appointment_until": tomorrow},
        "weekday": {"weekdays": [5, 6]},
        "time_of_day": {"time_from": datetime.time(14), "time_until": datetime.time(16)},
        "usage_limit": {"max_uses": 1},
        "customer_limit": {"max_uses_per_customer": 1},
        "first_booking_only": {"first_booking_only": True},
    }
    if code == "unknown":
        return
    coupon = factories.CouponFactory(code="REFUSED", **rules.get(code, {}))
    if code == "service":
        coupon.services.set([other_service])
    if code == "staff":
        coupon.staff.set([factories.StaffFactory()])
    if code == "usage_limit":
        api.checkout(factories.AppointmentFactory(service=service), code="REFUSED")
    if code in {"customer_limit", "first_booking_only"}:
        earlier = factories.AppointmentFactory(customer=customer, service=service, start=NOW)
        api.checkout(earlier, code="REFUSED" if code == "customer_limit" else None)


@pytest.mark.parametrize("code", list(CouponError.code_messages))
def test_each_refusal_puts_checkouts_message_on_the_field(
    code, customer, customer_user, service, staff
):
    refusal(code, customer=customer, service=service, staff=staff)
    form = form_for(customer_user, service, staff=staff, code="REFUSED")

    assert not form.is_valid()
    with pytest.raises(CouponError) as checkout_says:  # what checkout says of the same booking
        api.check_code("REFUSED", form.unsaved_booking)
    assert form.errors == {"promo_code": checkout_says.value.messages}
    assert form.errors.as_data()["promo_code"][0].code == code == checkout_says.value.code
    assert form.quote.amount_due == D("50.00")  # the price without the code


def test_refusal_message_is_translated(customer_user, service):
    form = form_for(customer_user, service, code="NOPE")

    with translation.override("fr"):
        assert not form.is_valid()
        message = form.errors["promo_code"][0]
    assert message == str(CouponError.code_messages["unknown"]) or message.startswith("Ce code")


def test_customer_is_the_logged_in_one_even_if_the_form_names_another(customer, customer_user):
    service = factories.ServiceFactory(price=D("50.00"))
    factories.CouponFactory(code="ONCE", max_uses_per_customer=1)
    api.checkout(factories.AppointmentFactory(customer=customer, service=service), code="ONCE")
    data = {
        "customer": factories.CustomerFactory().pk,
        "service": service.pk,
        "start": MONDAY.strftime("%Y-%m-%d %H:%M"),
        "promo_code": "ONCE",
    }

    form = StaffBookingForm(data, request=request_of(customer_user))

    assert not form.is_valid()
    assert form.errors.as_data()["promo_code"][0].code == "customer_limit"


def test_staff_form_checks_for_the_customer_of_the_form(customer, staff_user):
    service = factories.ServiceFactory(price=D("50.00"))
    factories.CouponFactory(code="ONCE", max_uses_per_customer=1)
    api.checkout(factories.AppointmentFactory(customer=customer, service=service), code="ONCE")
    data = {
        "customer": customer.pk,
        "service": service.pk,
        "start": MONDAY.strftime("%Y-%m-%d %H:%M"),
        "promo_code": "ONCE",
    }

    form = StaffBookingForm(data, request=request_of(staff_user))

    assert form.errors.as_data()["promo_code"][0].code == "customer_limit"
    assert form.quote.customer == customer


def test_code_checks_are_throttled(customer_user, service, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "2/m"}
    for guess in ("NOPE1", "NOPE2"):
        assert form_for(customer_user, service, code=guess).errors["promo_code"] == [
            "This code does not exist. Check the spelling."
        ]

    form = form_for(customer_user, service, code="NOPE3")

    assert form.errors.as_data()["promo_code"][0].code == "throttled"
    assert form.errors["promo_code"] == [
        "Too many codes tried. Please wait a few minutes and try again."
    ]


def test_booking_without_a_code_is_not_throttled(customer_user, service, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "1/m"}

    for _ in range(3):
        assert form_for(customer_user, service).is_valid()
