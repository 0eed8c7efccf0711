"""Saving a pricing rule, a promo code or a permanent discount shows its impact first."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from loyalty_promos.models import Coupon, CustomerDiscount, PricingRule
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal

RULE = {
    "name": "Oops",
    "is_active": "on",
    "priority": "0",
    "kind": "amount",
    "value": "-1000",
    "stacking": "exclusive",
}


@pytest.fixture
def upcoming(customer):
    return [
        factories.AppointmentFactory(customer=customer, start=NOW + datetime.timedelta(days=n))
        for n in (1, 2)
    ]


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_an_extreme_rule_is_saved_only_once_confirmed(admin_client, upcoming):
    url = reverse("admin:loyalty_promos_pricingrule_add")

    refused = admin_client.post(url, RULE)

    assert refused.status_code == 200
    assert not PricingRule.objects.exists()
    assert "Changes the price of 2 upcoming appointments; each becomes 0.00 EUR" in (refused.text)
    assert 'name="confirm_impact"' in refused.text

    saved = admin_client.post(url, {**RULE, "confirm_impact": "on"}, follow=True)

    assert PricingRule.objects.get().value == D("-1000")
    assert any(m.startswith("Changes the price of 2 upcoming") for m in messages_of(saved))


def test_a_modest_rule_saves_at_once_and_says_what_it_changed(admin_client, upcoming):
    response = admin_client.post(
        reverse("admin:loyalty_promos_pricingrule_add"), {**RULE, "value": "-5"}, follow=True
    )

    assert PricingRule.objects.get().value == D("-5")
    assert "Changes the price of 2 upcoming appointments; each becomes 45.00 EUR." in (
        messages_of(response)
    )


def test_the_form_shows_no_confirmation_box_before_a_save(admin_client):
    page = admin_client.get(reverse("admin:loyalty_promos_pricingrule_add"))

    assert 'name="confirm_impact"' not in page.text


def test_a_free_for_all_promo_code_asks_first(admin_client, upcoming):
    data = {
        "name": "Everything free",
        "is_active": "on",
        "discount_type": "percent",
        "discount_value": "100",
        "series_mode": "per_booking",
        "max_uses_per_customer": "1",
    }
    url = reverse("admin:loyalty_promos_coupon_add")

    refused = admin_client.post(url, data)

    assert not Coupon.objects.exists()
    assert "Some appointments become free." in refused.text
    admin_client.post(url, {**data, "confirm_impact": "on"})
    assert Coupon.objects.get().name == "Everything free"


def test_a_full_permanent_discount_asks_first(admin_client, upcoming, customer):
    url = reverse("admin:loyalty_promos_customerdiscount_add")
    data = {"customer": customer.pk, "percent": "100", "is_active": "on", "note": ""}

    refused = admin_client.post(url, data)

    assert not CustomerDiscount.objects.exists()
    assert "A cut of 100 % is extreme." in refused.text
    admin_client.post(url, {**data, "confirm_impact": "on"})
    assert CustomerDiscount.objects.get().percent == D("100")
