"""The charge page as a till receipt: its steps, links and buttons, each behind its permission."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.admin.sites import customer_admin_url
from loyalty_promos.models import Charge, Redemption
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal


def change_url(charge):
    return reverse("admin:loyalty_promos_charge_change", args=[charge.pk])


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def coded_charge(booking):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    return api.checkout(booking, code="SPRING")


def test_the_receipt_lists_the_steps_links_the_booking_and_offers_every_button(
    admin_client, coded_charge
):
    response = admin_client.get(change_url(coded_charge))

    text = response.text
    assert 'class="module lp-receipt"' in text
    assert "Printemps (SPRING)" in text and "-4.50 EUR" in text and "40.50 EUR" in text
    booking_url = reverse("admin:salon_appointment_change", args=[coded_charge.booking_id])
    assert f'href="{booking_url}"' in text
    assert 'name="method" value="card"' in text and 'name="method" value="cash"' in text
    assert "Remove code SPRING" in text
    assert reverse("admin:loyalty_promos_charge_void", args=[coded_charge.pk]) in text


def test_a_viewer_sees_the_receipt_without_buttons(client, coded_charge):
    viewer = factories.StaffUserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_charge"))
    client.force_login(viewer)

    text = client.get(change_url(coded_charge)).text

    assert "40.50 EUR" in text
    assert 'name="method"' not in text and "Remove code" not in text and "Void…" not in text
    void = client.post(
        reverse("admin:loyalty_promos_charge_void", args=[coded_charge.pk]), {"post": "yes"}
    )
    assert void.status_code == 403


def test_the_receipt_costs_the_same_queries_whatever_the_data(admin_client, coded_charge):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(change_url(coded_charge)).status_code == 200
        return len(queries)

    count()  # the first request fills process caches (content types, session) for the others
    few = count()
    for _ in range(10):
        api.checkout(factories.AppointmentFactory(customer=coded_charge.customer))
    assert count() == few
    assert few <= 20


def test_mark_paid_with_one_click(admin_client, coded_charge):
    url = reverse("admin:loyalty_promos_charge_pay", args=[coded_charge.pk])

    response = admin_client.post(url, {"method": "cash"})

    assert response.status_code == 302
    coded_charge.refresh_from_db()
    assert (coded_charge.status, coded_charge.method.code) == ("paid", "cash")
    assert messages_of(response) == ["Paid: 40.50 EUR by Cash."]


def test_remove_code_from_the_receipt(admin_client, coded_charge):
    url = reverse("admin:loyalty_promos_charge_remove_code", args=[coded_charge.pk])

    assert admin_client.get(url).status_code == 302  # a GET changes nothing
    assert Redemption.objects.live().filter(charge=coded_charge).exists()
    response = admin_client.post(url)

    coded_charge.refresh_from_db()
    assert (coded_charge.discount_code, coded_charge.amount_due) == ("", D("45.00"))
    assert not Redemption.objects.live().filter(charge=coded_charge).exists()
    assert messages_of(response) == ["Code SPRING removed: 45.00 EUR now due."]


def test_void_asks_first_listing_what_comes_back(admin_client, booking, customer):
    api.add_credit(customer, D("20.00"), description="Refund")
    factories.CouponFactory(code="SPRING", discount_value=D("10"))
    charge = api.checkout(booking, code="SPRING", use_credits=True)
    url = reverse("admin:loyalty_promos_charge_void", args=[charge.pk])

    page = admin_client.get(url)

    assert "The use of code SPRING (it can be used again)." in page.text
    assert "20.00 EUR back to the customer&#x27;s credit" in page.text
    charge.refresh_from_db()
    assert charge.status == "pending"
    admin_client.post(url, {"post": "yes"})
    charge.refresh_from_db()
    assert charge.status == Charge.Status.VOID
    assert api.credit_balance(customer) == D("20.00")


def test_customer_link_only_when_the_customer_page_exists(customer):
    assert customer_admin_url(customer) is None
    assert customer_admin_url(None) is None
