"""Hosts script their configuration through ``api``, validated like the admin's forms."""

import datetime
from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.exceptions import ConfigError, LoyaltyPromosError
from loyalty_promos.models import EarningRule, LoyaltyProgram, PackagePlan, PricingRule, Reward
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal


def test_configure_program_changes_only_the_fields_named_and_keeps_history():
    program = api.configure_program(
        is_enabled=True, validity_count=12, validity_unit="months", award_moment="at_payment"
    )
    api.configure_program(award_delay_hours=5)

    program = LoyaltyProgram.get()
    assert (program.is_enabled, program.validity_count, program.validity_unit) == (
        True,
        12,
        "months",
    )
    assert (program.award_moment, program.award_delay_hours) == ("at_payment", 5)
    assert program.history.count() == 2


def test_configure_program_refuses_a_bad_value_and_saves_nothing():
    with pytest.raises(ConfigError) as refused:
        api.configure_program(is_enabled=True, award_moment="tomorrow")

    assert isinstance(refused.value, LoyaltyPromosError)
    assert refused.value.code == "invalid"
    assert refused.value.message_dict == {
        "award_moment": ["Value 'tomorrow' is not a valid choice."]
    }
    assert not LoyaltyProgram.objects.exists()


def test_configure_program_names_an_unknown_field():
    with pytest.raises(TypeError, match="LoyaltyProgram has no field points_per_euro"):
        api.configure_program(points_per_euro=1)


def test_create_an_earning_rule_for_some_services():
    colour = factories.ServiceFactory(name="Colour")

    rule = api.create_earning_rule(
        name="10 per 100", kind="per_amount", points=10, amount_step=D("100"), services=[colour]
    )

    rule = EarningRule.objects.get(pk=rule.pk)
    assert (rule.kind, rule.points, rule.amount_step) == ("per_amount", 10, D("100.00"))
    assert list(rule.services.all()) == [colour]


def test_an_earning_rule_per_amount_needs_its_step():
    with pytest.raises(ConfigError) as refused:
        api.create_earning_rule(name="Per amount", kind="per_amount", points=10)

    assert refused.value.message_dict == {
        "amount_step": ["Say for which amount the points are earned."]
    }
    assert not EarningRule.objects.exists()


def test_create_the_seeds_weekend_room_rate():
    room = factories.ServiceFactory(name="Room 1")

    rule = api.create_pricing_rule(
        name="Room 1 weekends",
        kind="set_price",
        value=D("100"),
        per_hour=True,
        weekdays=[5, 6],
        services=[room],
        priority=10,
    )

    rule = PricingRule.objects.get(pk=rule.pk)
    assert (rule.value, rule.per_hour, rule.weekdays, rule.priority) == (
        D("100.00"),
        True,
        [5, 6],
        10,
    )
    assert list(rule.services.all()) == [room]


def test_a_pricing_rule_is_checked_like_the_admin_form():
    with pytest.raises(ConfigError) as refused:
        api.create_pricing_rule(
            name="Too much", kind="percent", value=D("-150"), time_from=datetime.time(9)
        )

    assert refused.value.message_dict == {
        "value": ["A price cannot go down by more than 100 %."],
        "time_until": ["Give both times of the daily window, or neither."],
    }
    assert not PricingRule.objects.exists()


def test_a_relation_must_hold_host_objects():
    with pytest.raises(ConfigError) as refused:
        api.create_pricing_rule(name="Odd", kind="amount", value=D("5"), services=["Colour"])

    assert refused.value.message_dict == {"services": ["'Colour' is not a service."]}
    assert not PricingRule.objects.exists()


def test_create_a_visit_pack_plan():
    plan = api.create_package_plan(
        name="5 blow-dries", kind="visit_pack", price=D("120"), visits=5, validity_count=6,
        validity_unit="months", sellable_online=True,
    )  # fmt: skip

    plan = PackagePlan.objects.get(pk=plan.pk)
    assert (plan.kind, plan.visits, plan.price, plan.sellable_online) == (
        "visit_pack",
        5,
        D("120.00"),
        True,
    )


def test_a_plan_name_is_unique_as_in_the_admin():
    month = {"validity_count": 1, "validity_unit": "months"}
    api.create_package_plan(name="Pass", kind="time_pass", price=D("300"), **month)

    with pytest.raises(ConfigError) as refused:
        api.create_package_plan(name="Pass", kind="time_pass", price=D("100"), **month)

    assert refused.value.message_dict == {"name": ["Package plan with this Name already exists."]}
    assert PackagePlan.objects.count() == 1


def test_create_a_gift_card_reward():
    reward = api.create_reward(
        name="Gift card 20", points_cost=200, kind="gift_card", value=D("20"), valid_days=365
    )

    reward = Reward.objects.get(pk=reward.pk)
    assert (reward.kind, reward.points_cost, reward.value, reward.valid_days) == (
        "gift_card",
        200,
        D("20.00"),
        365,
    )


def test_a_reward_kind_must_be_known():
    with pytest.raises(ConfigError) as refused:
        api.create_reward(name="Spa day", points_cost=100, kind="spa", value=D("1"))

    assert refused.value.message_dict == {"kind": ["Value 'spa' is not a valid choice."]}
