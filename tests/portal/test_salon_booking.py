"""The example salon's public side: log in, book with a code and a payment option, see it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from example_project import settings as example
from example_project.salon.booking import book_appointment
from example_project.salon.models import Appointment
from loyalty_promos import api
from loyalty_promos.exceptions import GiftCardError
from loyalty_promos.models import Charge
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal
BOOK = reverse("salon:book")


@pytest.fixture
def service():
    return factories.ServiceFactory(name="Coupe brushing", price=D("50.00"), duration_minutes=45)


def booking_data(service, **extra):
    return {"service": service.pk, "staff": "", "start": "2026-03-16T10:00", **extra}


def test_login_page_logs_a_customer_in(client, customer_user):
    page = client.get(reverse("salon:login"))
    assert page.status_code == 200
    assert b'name="username"' in page.content

    response = client.post(reverse("salon:login"), {"username": "camille", "password": "secret"})

    assert response.status_code == 302
    assert response["Location"] == BOOK


def test_booking_needs_a_login(client):
    response = client.get(BOOK)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("salon:login"))


def test_a_user_who_is_no_customer_is_refused(client):
    client.force_login(factories.UserFactory())

    assert client.get(BOOK).status_code == 403


def test_book_page_shows_the_form_and_the_price_box(customer_client, service):
    page = customer_client.get(BOOK)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="promo_code"' in html and "data-loyalty-price" in html
    assert reverse("loyalty_promos:quote") in html
    assert "loyalty_promos/portal/price.js" in html


def test_pay_with_my_credits_is_offered_only_with_credit_to_pay_with(
    customer_client, customer, service
):
    assert 'name="use_credits"' not in customer_client.get(BOOK).text  # 0.00: nothing to tick

    api.add_credit(customer, D("20.00"), "top-up")

    html = customer_client.get(BOOK).text
    assert 'name="use_credits"' in html and "Balance: 20.00\xa0€" in html


def test_update_price_shows_the_price_and_books_nothing(customer_client, service):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))

    page = customer_client.post(BOOK, booking_data(service, promo_code="SPRING", update_price="1"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Printemps (SPRING)" in html and "45.00\xa0€" in html
    assert not Appointment.objects.exists()


def test_book_with_a_code_and_credits(customer_client, customer, service):
    factories.CouponFactory(code="SPRING", discount_value=D("10"))
    api.add_credit(customer, D("100.00"), "top-up")

    response = customer_client.post(
        BOOK, booking_data(service, promo_code="SPRING", use_credits="on", book="1")
    )

    appointment = Appointment.objects.get()
    assert response["Location"] == reverse("salon:booked", args=[appointment.pk])
    assert (appointment.customer, appointment.service) == (customer, service)
    assert appointment.end - appointment.start == datetime.timedelta(minutes=45)
    charge = Charge.objects.get(booking=appointment)
    assert (charge.discount_amount, charge.credits_amount, charge.status) == (
        D("5.00"), D("45.00"), "paid")  # fmt: skip
    page = customer_client.get(response["Location"])
    assert "Paid with credits" in page.content.decode()


def test_book_without_anything_leaves_it_to_pay(customer_client, service):
    response = customer_client.post(BOOK, booking_data(service, book="1"))

    page = customer_client.get(response["Location"])

    assert "To pay: 50.00\xa0€" in page.content.decode()


def test_a_refused_code_books_nothing(customer_client, service):
    page = customer_client.post(BOOK, booking_data(service, promo_code="NOPE", book="1"))

    assert page.status_code == 200
    assert "This code does not exist. Check the spelling." in page.content.decode()
    assert not Appointment.objects.exists()


def test_code_and_points_together_are_refused(customer_client, customer, service):
    api.configure_program(is_enabled=True)
    reward = factories.RewardFactory(points_cost=10)
    api.adjust_points(customer, 50, "welcome")
    factories.CouponFactory(code="SPRING")

    page = customer_client.post(
        BOOK, booking_data(service, promo_code="SPRING", reward=reward.pk, book="1")
    )

    assert "Use a promo code or your points, not both." in page.content.decode()
    assert not Appointment.objects.exists()


def test_checkout_refusing_leaves_no_appointment(customer, service):
    with pytest.raises(GiftCardError):
        book_appointment(customer, service, None, NOW, gift_card="GCNOPE")

    assert not Appointment.objects.exists()


def test_a_customer_sees_only_their_own_bookings(customer_client, service):
    others = factories.AppointmentFactory(service=service)

    assert customer_client.get(reverse("salon:booked", args=[others.pk])).status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(customer, service, size):
    for n in range(size):
        appointment = factories.AppointmentFactory(
            customer=customer, service=service, start=NOW - datetime.timedelta(days=n + 1)
        )
        api.checkout(appointment)
        factories.ServiceFactory(name=f"Service {size}-{n}")
        factories.RewardFactory(points_cost=5)
    api.adjust_points(customer, 10, "welcome")


def test_pages_cost_the_same_queries_whatever_the_data(customer_client, customer, service):
    api.configure_program(is_enabled=True)
    mine = factories.AppointmentFactory(customer=customer, service=service)
    api.checkout(mine)
    booked = reverse("salon:booked", args=[mine.pk])
    grow(customer, service, 2)
    small = count_queries(customer_client, BOOK), count_queries(customer_client, booked)
    grow(customer, service, 20)
    large = count_queries(customer_client, BOOK), count_queries(customer_client, booked)

    print(f"salon pages queries (book, booked): {small} / {large}")
    assert small == large


def test_book_with_a_gift_card(customer_client, service):
    card = api.issue_gift_card(D("80.00"))

    response = customer_client.post(BOOK, booking_data(service, gift_card=card.code, book="1"))

    page = customer_client.get(response["Location"])
    assert "Paid with a gift card" in page.content.decode()
    card.refresh_from_db()
    assert card.balance == D("30.00")


def test_book_with_the_customers_package(customer_client, customer, service):
    api.assign_package(customer, factories.PackagePlanFactory(kind="visit_pack", visits=5))

    page = customer_client.post(BOOK, booking_data(service, update_price="1"))
    assert "-50.00\xa0€" in page.content.decode()  # the package line in the price
    response = customer_client.post(BOOK, booking_data(service, book="1"))

    page = customer_client.get(response["Location"])
    assert "Paid with your package" in page.content.decode()


def test_the_loyalty_pages_sit_in_the_salons_own_frame(customer_client, settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PORTAL_BASE_TEMPLATE": example.LOYALTY_PROMOS["PORTAL_BASE_TEMPLATE"],
    }

    page = customer_client.get(reverse("loyalty_promos:overview")).text

    assert '<a class="brand"' in page  # the salon's header …
    assert reverse("salon:book") in page
    assert "loyalty_promos/portal/portal.css" in page  # … with the pages' own stylesheet
    assert page.count("<main") == 1
