"""Guard rails: the impact of a rule on upcoming appointments, thresholds and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loyalty_promos import api
from loyalty_promos.models import Coupon, PricingRule
from loyalty_promos.services import impact
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal


def book(count, *, price="50.00", days=2, customer=None):
    service = factories.ServiceFactory(price=D(price))
    return [
        factories.AppointmentFactory(
            service=service,
            customer=customer or factories.CustomerFactory(),
            start=NOW + datetime.timedelta(days=days, minutes=n),
        )
        for n in range(count)
    ]


def test_a_small_cut_on_a_few_appointments_needs_no_confirmation():
    book(3)
    rule = PricingRule(name="Quiet", kind="percent", value=D("-10"), priority=0)

    found = impact.pricing_rule_impact(rule)

    assert (found.changed, found.lowest, found.highest) == (3, D("45.00"), D("45.00"))
    assert not found.needs_confirmation
    assert found.text() == ("Changes the price of 3 upcoming appointments; each becomes 45.00 EUR.")


def test_past_and_checked_out_appointments_do_not_count():
    booked = book(2)
    book(2, days=-2)
    api.checkout(booked[0])

    found = impact.pricing_rule_impact(PricingRule(kind="percent", value=D("-10"), priority=0))

    assert (found.changed, found.upcoming) == (1, 1)


def test_minus_1000_on_every_service_is_extreme_everything_becomes_free():
    book(2)

    found = impact.pricing_rule_impact(PricingRule(kind="amount", value=D("-1000"), priority=0))

    assert found.lowest == D("0.00")
    assert found.is_extreme and found.needs_confirmation
    assert found.text().endswith("Some appointments become free.")


def test_plus_500_percent_is_extreme_even_with_nothing_booked():
    found = impact.pricing_rule_impact(PricingRule(kind="percent", value=D("500"), priority=0))

    assert found.changed == 0
    assert found.reasons == ["A rise of 500 % is extreme."]


def test_a_rule_for_another_service_changes_nothing():
    book(3)
    other = factories.ServiceFactory(name="Other")

    found = impact.pricing_rule_impact(
        PricingRule(kind="percent", value=D("-10"), priority=0), services=[other]
    )

    assert found.changed == 0


def test_editing_a_rule_compares_with_its_saved_version():
    book(2)
    rule = factories.PricingRuleFactory(value=D("-10"))
    rule.value = D("-20")

    found = impact.pricing_rule_impact(rule)

    assert (found.changed, found.lowest) == (2, D("40.00"))


def test_broad_from_the_threshold(monkeypatch):
    monkeypatch.setattr(impact, "BROAD_COUNT", 3)
    book(3)

    found = impact.pricing_rule_impact(PricingRule(kind="percent", value=D("-10"), priority=0))

    assert found.is_broad and not found.is_extreme


def test_capped_sample_says_at_least_and_queries_stay_constant(monkeypatch):
    monkeypatch.setattr(impact, "SAMPLE", 3)
    book(3)
    rule = PricingRule(kind="percent", value=D("-10"), priority=0)

    with CaptureQueriesContext(connection) as few:
        impact.pricing_rule_impact(rule)
    book(6)
    with CaptureQueriesContext(connection) as many:
        found = impact.pricing_rule_impact(rule)

    assert len(few) == len(many)
    assert found.capped and found.changed == 3
    assert found.text().startswith("Changes the price of at least 3 upcoming appointments")


def test_a_full_discount_coupon_is_extreme():
    book(2)
    coupon = Coupon(name="Free", discount_type="percent", discount_value=D("100"))

    found = impact.coupon_impact(coupon)

    assert (found.changed, found.lowest) == (2, D("0.00"))
    assert found.needs_confirmation


def test_a_weekend_coupon_counts_weekend_appointments_only():
    book(2, days=2)  # Monday 16 March
    book(1, days=0)  # Saturday 14 March, later today
    coupon = Coupon(discount_type="amount", discount_value=D("5"), weekdays=[5, 6])

    found = impact.coupon_impact(coupon)

    assert (found.changed, found.lowest) == (1, D("45.00"))


def test_a_permanent_discount_counts_the_customers_appointments(customer):
    book(2, customer=customer)
    book(2)

    found = impact.permanent_discount_impact(customer, D("10"))

    assert (found.changed, found.lowest, found.needs_confirmation) == (2, D("45.00"), False)
