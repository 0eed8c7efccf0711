"""Rules in plain words: one line per rule kind, translated, numbers and dates localised."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from loyalty_promos.models import PackagePlan, PricingRule, Reward
from loyalty_promos.services import summaries
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal


def test_weekdays_read_as_runs():
    assert summaries.weekdays_text([5, 6]) == "Sat–Sun"
    assert summaries.weekdays_text([0, 1, 2, 3, 4]) == "Mon–Fri"
    assert summaries.weekdays_text([0, 2, 4]) == "Mon, Wed, Fri"
    assert summaries.weekdays_text([5, 6], full=True) == "Saturday and Sunday"


def test_coupon_summary_says_when_for_what_how_much_and_how_used():
    coupon = factories.CouponFactory(
        weekdays=[5, 6],
        discount_value=D("20"),
        max_uses=50,
        valid_until=datetime.datetime(2026, 12, 31, 23, 59, tzinfo=NOW.tzinfo),
    )
    coupon.services.set(
        [factories.ServiceFactory(name="Haircut"), factories.ServiceFactory(name="Colour")]
    )

    assert (
        summaries.coupon_summary(coupon, uses=4)
        == "Sat–Sun · Colour, Haircut · −20 % · 4/50 used · until 31 Dec"
    )


def test_coupon_summary_of_an_amount_with_a_happy_hour():
    coupon = factories.CouponFactory(
        discount_type="amount",
        discount_value=D("7.5"),
        time_from=datetime.time(10),
        time_until=datetime.time(12),
        max_uses_per_customer=1,
        first_booking_only=True,
    )

    assert (
        summaries.coupon_summary(coupon, uses=0)
        == "10:00–12:00 · −7.50 · first visit only · 0 uses · 1× per customer"
    )


def test_coupon_summary_in_french_writes_numbers_and_days_as_french_does():
    coupon = factories.CouponFactory(discount_type="amount", discount_value=D("1736"), weekdays=[5])

    with translation.override("fr"):
        text = summaries.coupon_summary(coupon)

    assert text.startswith("sam · −1") and text.endswith("736,00")  # grouping: format_money


def test_pricing_rule_summary():
    rule = factories.PricingRuleFactory(
        value=D("-10"),
        weekdays=[0, 1, 2, 3, 4],
        time_from=datetime.time(9),
        time_until=datetime.time(11),
        stacking=PricingRule.Stacking.STACK,
        date_until=datetime.date(2027, 1, 31),
    )

    assert (
        summaries.pricing_rule_summary(rule)
        == "Mon–Fri · 09:00–11:00 · every service · −10 % · on top · until 31 Jan 2027"
    )


def test_pricing_rule_summary_of_a_set_price_per_hour():
    rule = factories.PricingRuleFactory(
        kind=PricingRule.Kind.SET_PRICE, value=D("30"), per_hour=True
    )
    rule.services.set([factories.ServiceFactory(name="Studio")])

    assert summaries.pricing_rule_summary(rule) == "Studio · 30.00 per hour"


def test_earning_rule_summaries():
    per_amount = factories.EarningRuleFactory(kind="per_amount", points=1, amount_step=D("10"))
    nth = factories.EarningRuleFactory(kind="nth_visit", points=50, visit_number=5, repeat=True)

    assert summaries.earning_rule_summary(per_amount) == "1 point per 10.00 paid · every service"
    assert summaries.earning_rule_summary(nth) == "50 points every 5 visits · every service"


def test_reward_summaries():
    amount = factories.RewardFactory(points_cost=1500, value=D("10"))
    card = factories.RewardFactory(kind=Reward.Kind.GIFT_CARD, value=D("25"), valid_days=30)

    assert summaries.reward_summary(amount) == "1,500 points · −10.00"
    assert summaries.reward_summary(card) == "100 points · gift card of 25.00 · valid 30 days"


def test_package_plan_summary():
    plan = factories.PackagePlanFactory(
        visits=5, price=D("200"), validity_count=6, validity_unit="months", sellable_online=True
    )
    credit = factories.PackagePlanFactory(
        kind=PackagePlan.Kind.CREDIT_PACK, visits=None, credit=D("100"), price=D("90")
    )

    assert (
        summaries.package_plan_summary(plan)
        == "5 visits · every service · valid 6 months · 200.00 · sold online"
    )
    assert (
        summaries.package_plan_summary(credit)
        == "100.00 credit · every service · no expiry · 90.00"
    )


def test_summary_picks_the_rule_kind():
    rule = factories.PricingRuleFactory(value=D("5"))

    assert summaries.summary(rule) == "every service · +5 %"
