"""Choosing a booking by customer and day (never a raw id), on test-a-code and checkout."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos import api
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
TEST_CODE = reverse("admin:loyalty_promos_coupon_test")
PICK = reverse("admin:loyalty_promos_charge_checkout_pick")
MONDAY = "2026-03-16"  # the conftest booking: Monday 16 March 2026, 10:00 in Paris


def appointment(customer, hour, service="Brushing", day=2):
    start = NOW.replace(hour=hour) + datetime.timedelta(days=day)
    return factories.AppointmentFactory(
        customer=customer, start=start, service=factories.ServiceFactory(name=service, price="30")
    )


def test_a_code_is_tested_on_the_customers_only_appointment_that_day(admin_client, booking):
    factories.CouponFactory(code="WELCOME", discount_value=20)
    appointment(booking.customer, 11, day=3)  # another day: not a choice

    response = admin_client.post(
        TEST_CODE, {"code": "welcome", "customer": booking.customer.pk, "day": MONDAY}
    )

    assert response.context["form"].cleaned_data["booking"] == booking
    assert f'<option value="{booking.pk}" selected>' in response.text  # shown chosen
    assert response.context["outcome"].total == 36
    assert "The code WELCOME applies" in response.text


def test_two_appointments_that_day_are_offered_to_choose(admin_client, booking):
    factories.CouponFactory(code="WELCOME")
    other = appointment(booking.customer, 16)
    appointment(factories.CustomerFactory(), 12)  # someone else's: never offered

    response = admin_client.post(
        TEST_CODE, {"code": "welcome", "customer": booking.customer.pk, "day": MONDAY}
    )

    form = response.context["form"]
    assert form.errors["booking"] == ["This customer has 2 appointments that day: choose one."]
    choices = [(value, label) for value, label in form.fields["booking"].widget.choices][1:]
    assert choices == [
        (booking.pk, "10 a.m. · Coupe femme · Inès"),  # the language's TIME_FORMAT
        (other.pk, "4 p.m. · Brushing · " + str(other.staff)),
    ]
    response = admin_client.post(
        TEST_CODE,
        {"code": "welcome", "customer": booking.customer.pk, "day": MONDAY, "booking": other.pk},
    )
    assert response.context["outcome"].price == 30


def test_a_day_without_appointment_says_so(admin_client, customer):
    response = admin_client.post(
        TEST_CODE, {"code": "X", "customer": customer.pk, "day": "2026-03-20"}
    )

    assert response.context["form"].errors == {
        "day": ["This customer has no appointment on that day."]
    }


def test_the_test_page_has_no_raw_booking_id_box(admin_client):
    response = admin_client.get(TEST_CODE)

    assert "vForeignKeyRawIdAdminField" not in response.text
    assert 'name="day"' in response.text


def test_the_checkout_picker_lists_the_days_appointments(admin_client, booking):
    done = appointment(booking.customer, 15)
    charge = api.checkout(done)

    response = admin_client.get(PICK, {"customer": booking.customer.pk, "day": MONDAY})

    assert response.status_code == 200
    assert "10 a.m. · Coupe femme · Inès" in response.text
    assert reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk]) in response.text
    assert reverse("admin:loyalty_promos_charge_change", args=[charge.pk]) in response.text
    assert reverse("admin:loyalty_promos_charge_checkout", args=[done.pk]) not in response.text


def test_the_charges_list_links_the_checkout_picker(admin_client):
    response = admin_client.get(reverse("admin:loyalty_promos_charge_changelist"))

    assert PICK in response.text


def test_the_checkout_picker_needs_the_checkout_permission(client, staff_user):
    client.force_login(staff_user)

    assert client.get(PICK).status_code == 403


def test_the_checkout_picker_reads_a_constant_number_of_queries(admin_client, customer):
    def queries(count):
        for hour in range(9, 9 + count):
            api.checkout(appointment(customer, hour, day=count))
            appointment(customer, hour + 1, day=count)
        day = (NOW + datetime.timedelta(days=count)).date().isoformat()
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(PICK, {"customer": customer.pk, "day": day})
        assert response.status_code == 200
        return len(captured)

    assert queries(1) == queries(6)


def test_appointments_are_named_in_the_staff_language(admin_client, booking):
    response = admin_client.get(
        PICK, {"customer": booking.customer.pk, "day": "16/03/2026"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "10:00 · Coupe femme · Inès" in response.text
