"""Every rule list shows its rules in plain words, at a query count that does not grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal


def make_coupon():
    coupon = factories.CouponFactory(weekdays=[5, 6], discount_value=D("20"), max_uses=50)
    coupon.services.add(factories.ServiceFactory(name="Haircut"))
    coupon.staff.add(factories.StaffFactory(name="Inès"))
    return coupon


def make_rule():
    rule = factories.PricingRuleFactory(value=D("-10"))
    rule.services.add(factories.ServiceFactory(name="Colour"))
    rule.staff.add(factories.StaffFactory(name="Marc"))
    return rule


def make_earning_rule():
    rule = factories.EarningRuleFactory(points=10)
    rule.services.add(factories.ServiceFactory(name="Colour"))
    return rule


def make_reward():
    return factories.RewardFactory(kind="free_service", service=factories.ServiceFactory())


def make_plan():
    plan = factories.PackagePlanFactory(visits=5)
    plan.services.add(factories.ServiceFactory(name="Massage"))
    return plan


CASES = {
    "coupon": (make_coupon, "Sat–Sun · Haircut · with Inès · −20 % · 0/50 used"),
    "pricingrule": (make_rule, "Colour · with Marc · −10 %"),
    "earningrule": (make_earning_rule, "10 points per visit · Colour"),
    "reward": (make_reward, "100 points · free "),
    "packageplan": (make_plan, "5 visits · Massage · no expiry · 200.00"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_list_shows_each_rule_in_plain_words_at_a_constant_query_count(admin_client, name):
    make, expected = CASES[name]
    url = reverse(f"admin:loyalty_promos_{name}_changelist")
    make()

    with CaptureQueriesContext(connection) as one:
        first = admin_client.get(url)
    for _ in range(4):
        make()
    with CaptureQueriesContext(connection) as five:
        admin_client.get(url)

    assert expected in first.text
    assert len(five) == len(one)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_form_opens_with_the_rule_in_plain_words(admin_client, name):
    make, expected = CASES[name]
    obj = make()

    page = admin_client.get(reverse(f"admin:loyalty_promos_{name}_change", args=[obj.pk]))

    assert page.status_code == 200
    assert "field-summary" in page.text
    assert expected in page.text


def test_until_reads_as_a_date_in_the_list(admin_client):
    factories.CouponFactory(valid_until=NOW + datetime.timedelta(days=30))

    page = admin_client.get(reverse("admin:loyalty_promos_coupon_changelist"))

    assert "until 13 Apr" in page.text
