"""A booking's payment state in the customer's words."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from loyalty_promos import api
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def booking(customer):
    service = factories.ServiceFactory(name="Coupe", price=D("40.00"))
    return factories.AppointmentFactory(customer=customer, service=service)


def test_nothing_before_checkout(booking):
    assert api.payment_state(booking) == ""


def test_to_pay_with_the_amount_due_in_the_language(booking):
    factories.CouponFactory(code="SIX", discount_type="fixed", discount_value=D("26"))
    api.checkout(booking, code="SIX")

    assert api.payment_state(booking) == "To pay: 14.00\xa0€"
    with translation.override("fr"):
        assert api.payment_state(booking).endswith(" 14,00\xa0€")


def test_paid_with_a_coupon(booking):
    factories.CouponFactory(code="FREE", discount_value=D("100"))
    api.checkout(booking, code="FREE")

    assert api.payment_state(booking) == "Paid with a coupon"


def test_paid_with_credits(booking, customer):
    api.add_credit(customer, D("50.00"), "top-up")
    api.checkout(booking, use_credits=True)

    assert api.payment_state(booking) == "Paid with credits"


def test_half_coupon_and_the_rest_in_credits_reads_credits(booking, customer):
    factories.CouponFactory(code="HALF", discount_value=D("50"))
    api.add_credit(customer, D("50.00"), "top-up")
    api.checkout(booking, code="HALF", use_credits=True)

    assert api.payment_state(booking) == "Paid with credits"


def test_paid_with_your_package(booking, customer):
    api.assign_package(
        customer,
        factories.PackagePlanFactory(kind="visit_pack", visits=5),
        include_existing=True,
    )
    api.checkout(booking)

    assert api.payment_state(booking) == "Paid with your package"


def test_paid_with_a_gift_card(booking):
    card = api.issue_gift_card(D("100.00"))
    api.checkout(booking, gift_card=card.code)

    assert api.payment_state(booking) == "Paid with a gift card"


def test_paid_later_reads_paid(booking):
    charge = api.checkout(booking)
    api.pay(charge, method="card")

    assert api.payment_state(booking) == "Paid"


def test_voided_reads_nothing(booking):
    api.void(api.checkout(booking))

    assert api.payment_state(booking) == ""


def test_template_tag(booking, django_assert_num_queries):
    api.pay(api.checkout(booking), method="cash")
    template = Template("{% load loyalty_booking %}[{% payment_state booking %}]")

    with django_assert_num_queries(1):
        assert template.render(Context({"booking": booking})) == "[Paid]"


def test_price_filter_formats_for_the_language():
    template = Template("{% load loyalty_booking %}{{ amount|price:'EUR' }}")

    with translation.override("fr"):
        assert template.render(Context({"amount": D("1234.5")})) == "1\xa0234,50\xa0€"
    with translation.override("en"):
        assert template.render(Context({"amount": D("14")})) == "14.00\xa0€"
