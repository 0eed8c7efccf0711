"""The new back-office pages as careless and hostile use finds them: walk-ins (no customer),
cancelled bookings, a staff user who may only view."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.services.overview import overview
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
APP_PAGE = reverse("admin:app_list", kwargs={"app_label": "loyalty_promos"})


@pytest.fixture
def walk_in():
    service = factories.ServiceFactory(name="Brushing", price="30.00")
    return factories.AppointmentFactory(customer=None, service=service, start=NOW)


def test_a_walk_ins_charge_opens_as_a_receipt_and_in_every_list(admin_client, walk_in):
    factories.CouponFactory(code="TEN", discount_value=D("10"))
    charge = api.checkout(walk_in, code="TEN")

    receipt = admin_client.get(reverse("admin:loyalty_promos_charge_change", args=[charge.pk]))
    charges = admin_client.get(reverse("admin:loyalty_promos_charge_changelist"))
    report = admin_client.get(reverse("admin:loyalty_promos_report", args=["billing"]))

    assert [r.status_code for r in (receipt, charges, report)] == [200, 200, 200]
    assert "27.00" in receipt.text
    assert "walk-in" in receipt.text
    customer_pages = reverse("admin:loyalty_promos_customer", args=[1]).rsplit("/", 2)[0]
    assert customer_pages not in receipt.text  # nobody to link to
    paid = admin_client.post(
        reverse("admin:loyalty_promos_charge_pay", args=[charge.pk]), {"method": "cash"}
    )
    assert paid.status_code == 302
    charge.refresh_from_db()
    assert (charge.status, charge.method.code) == ("paid", "cash")


def test_the_overview_lists_a_walk_in_to_check_out_and_never_a_cancelled_booking(
    admin_client, walk_in
):
    cancelled = factories.AppointmentFactory(start=NOW, status="cancelled")

    figures = overview(NOW)
    page = admin_client.get(APP_PAGE)

    assert page.status_code == 200
    listed = {booking.pk for booking in figures.to_check_out}
    assert walk_in.pk in listed and cancelled.pk not in listed


def test_a_viewer_reads_the_overview_and_a_customer_page_but_changes_nothing(client, customer):
    api.add_credit(customer, D("20.00"), "refund")
    viewer = factories.StaffUserFactory()
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_charge", "view_creditentry"])
    )
    client.force_login(viewer)
    customer_page = reverse("admin:loyalty_promos_customer", args=[customer.pk])

    assert client.get(APP_PAGE).status_code == 200
    text = client.get(customer_page).text
    assert "20.00" in text
    assert reverse("admin:loyalty_promos_credit_add") not in text
    refused = client.post(
        reverse("admin:loyalty_promos_credit_add"),
        {"customer": customer.pk, "amount": "100.00", "description": "forged"},
    )
    assert refused.status_code == 403
    assert api.credit_balance(customer) == D("20.00")
