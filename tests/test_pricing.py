import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from example_project.salon import models as salon
from loyalty_promos.models import PricingRule
from loyalty_promos.services import pricing
from loyalty_promos.services.pricing import (
    apply_rule,
    load_rules,
    matching_rules,
    price_booking,
)
from tests import factories

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=PARIS)
SATURDAY = datetime.datetime(2026, 3, 21, 10, 0, tzinfo=PARIS)


def price_of(service, start, hours=1, staff=None, list_price=None):
    end = start + datetime.timedelta(hours=hours)
    list_price = service.price * hours if list_price is None else list_price
    return price_booking(
        Decimal(list_price), service=service, staff=staff, start=start, end=end
    ).price


@pytest.fixture
def rooms():
    """The help article's example: room 1 at 75/h on weekdays and 100/h at weekends;
    rooms 2 and 3 at 50/h, 10 % off at weekends."""
    room1 = factories.ServiceFactory(name="Room 1", price=Decimal("75"))
    room2 = factories.ServiceFactory(name="Room 2", price=Decimal("50"))
    room3 = factories.ServiceFactory(name="Room 3", price=Decimal("50"))
    factories.PricingRuleFactory(
        name="Room 1 weekdays", kind="set_price", value=Decimal("75"), per_hour=True,
        weekdays=[0, 1, 2, 3, 4], services=[room1],
    )  # fmt: skip
    factories.PricingRuleFactory(
        name="Room 1 weekend", kind="set_price", value=Decimal("100"), per_hour=True,
        weekdays=[5, 6], services=[room1],
    )  # fmt: skip
    factories.PricingRuleFactory(
        name="Rooms 2-3 weekend", kind="percent", value=Decimal("-10"), weekdays=[5, 6],
        services=[room2, room3],
    )  # fmt: skip
    return room1, room2, room3


def test_the_room_example_of_the_help_article(rooms):
    room1, room2, room3 = rooms

    assert price_of(room1, MONDAY, hours=2) == Decimal("150.00")
    assert price_of(room1, SATURDAY, hours=2) == Decimal("200.00")
    assert price_of(room1, SATURDAY, hours=1.5, list_price="112.50") == Decimal("150.00")
    assert price_of(room2, MONDAY, hours=3) == Decimal("150.00")
    assert price_of(room2, SATURDAY, hours=3) == Decimal("135.00")
    assert price_of(room3, SATURDAY, hours=1) == Decimal("45.00")


def test_the_highest_priority_rule_alone_applies():
    service = factories.ServiceFactory(price=Decimal("40"))
    factories.PricingRuleFactory(name="Sale", value=Decimal("-20"), priority=1)
    factories.PricingRuleFactory(name="Peak", kind="amount", value=Decimal("5"), priority=5)

    assert price_of(service, MONDAY) == Decimal("45.00")


def test_ties_go_to_the_newest_rule():
    service = factories.ServiceFactory(price=Decimal("40"))
    factories.PricingRuleFactory(name="Old", value=Decimal("-20"))
    factories.PricingRuleFactory(name="New", value=Decimal("-50"))

    assert price_of(service, MONDAY) == Decimal("20.00")


@pytest.mark.parametrize(
    ("rule", "applies"),
    [
        ({"time_from": datetime.time(10), "time_until": datetime.time(12)}, True),
        ({"time_from": datetime.time(8), "time_until": datetime.time(10)}, False),
        ({"date_from": datetime.date(2026, 3, 16)}, True),
        ({"date_until": datetime.date(2026, 3, 15)}, False),
        ({"date_from": datetime.date(2026, 3, 17)}, False),
        ({"weekdays": [0]}, True),
        ({"weekdays": [1]}, False),
        ({"is_active": False}, False),
    ],
)
def test_each_condition_of_a_rule(rule, applies):
    service = factories.ServiceFactory(price=Decimal("40"))
    factories.PricingRuleFactory(value=Decimal("-25"), **rule)

    assert price_of(service, MONDAY) == (Decimal("30.00") if applies else Decimal("40.00"))


def test_rules_for_a_staff_member_only():
    service = factories.ServiceFactory(price=Decimal("40"))
    senior = factories.StaffFactory(name="Senior")
    rule = factories.PricingRuleFactory(kind="amount", value=Decimal("10"))
    rule.staff.set([senior])

    assert price_of(service, MONDAY, staff=senior) == Decimal("50.00")
    assert price_of(service, MONDAY, staff=factories.StaffFactory()) == Decimal("40.00")


def test_a_price_never_goes_below_zero():
    service = factories.ServiceFactory(price=Decimal("10"))
    factories.PricingRuleFactory(kind="amount", value=Decimal("-15"))

    assert price_of(service, MONDAY) == Decimal("0.00")


def test_loading_rules_is_three_queries_whatever_their_number(django_assert_num_queries):
    for n in range(12):
        factories.PricingRuleFactory(services=[factories.ServiceFactory(name=f"S{n}")])

    with django_assert_num_queries(3):
        load_rules()


@given(
    price=st.decimals(min_value=0, max_value=10_000, places=2),
    percent=st.decimals(min_value=-100, max_value=300, places=2),
)
def test_percentage_changes_round_half_up_and_stay_non_negative(price, percent):
    rule = PricingRule(kind="percent", value=percent)

    result = apply_rule(rule, price, start=MONDAY, end=MONDAY)

    assert result >= 0
    assert result == (price * (1 + percent / 100)).quantize(Decimal("0.01"), "ROUND_HALF_UP")


def test_the_rule_form_refuses_nonsense():
    rule = PricingRule(name="x", kind="percent", value=Decimal("-120"), per_hour=True)

    with pytest.raises(Exception) as error:
        rule.full_clean()

    assert set(error.value.message_dict) == {"value", "per_hour"}


# Stacking: a rule alone, then rules on top ------------------------------------------


def test_the_room_example_with_a_weekend_percentage_on_top_of_the_hourly_rate():
    """Room 2 at 50/h; at weekends −10 % on that rate: Saturday 10:00–12:00 = 2 × 50 × 0.9."""
    room2 = factories.ServiceFactory(name="Room 2", price=Decimal("30"))
    factories.PricingRuleFactory(
        name="Room 2 hourly", kind="set_price", value=Decimal("50"), per_hour=True,
        services=[room2],
    )  # fmt: skip
    factories.PricingRuleFactory(
        name="Weekend", kind="percent", value=Decimal("-10"), weekdays=[5, 6], stacking="stack",
        services=[room2],
    )  # fmt: skip

    saturday = price_of(room2, SATURDAY, hours=2, list_price="30")
    monday = price_of(room2, MONDAY, hours=2, list_price="30")

    assert saturday == Decimal("90.00")
    assert monday == Decimal("100.00")


def test_rules_on_top_apply_after_the_rule_alone_whatever_their_priority():
    service = factories.ServiceFactory(price=Decimal("40"))
    alone = factories.PricingRuleFactory(name="Set 100", kind="set_price", value=Decimal("100"))
    plus = factories.PricingRuleFactory(
        name="+5", kind="amount", value=Decimal("5"), stacking="stack", priority=9
    )
    off = factories.PricingRuleFactory(
        name="-10 %", kind="percent", value=Decimal("-10"), stacking="stack", priority=3
    )

    found = matching_rules(load_rules(), service=service, staff=None, start=MONDAY)
    priced = price_booking(
        Decimal("40"), service=service, staff=None, start=MONDAY, end=MONDAY, rules=load_rules()
    )

    assert found == [alone, plus, off]
    # 40 → set 100 → +5 = 105 → −10 % = 94.50
    assert priced.price == Decimal("94.50")
    assert priced.steps == [
        (alone, Decimal("60.00")),
        (plus, Decimal("5.00")),
        (off, Decimal("-10.50")),
    ]


def test_only_the_best_rule_alone_applies_and_rules_on_top_without_one_change_the_list_price():
    service = factories.ServiceFactory(price=Decimal("40"))
    factories.PricingRuleFactory(name="Low", kind="amount", value=Decimal("1"), priority=1)
    best = factories.PricingRuleFactory(name="High", kind="amount", value=Decimal("2"), priority=2)
    on_top = factories.PricingRuleFactory(
        name="Top", kind="percent", value=Decimal("50"), stacking="stack", weekdays=[5]
    )

    assert matching_rules(load_rules(), service=service, staff=None, start=MONDAY) == [best]
    assert price_of(service, MONDAY) == Decimal("42.00")
    assert matching_rules(load_rules(), service=service, staff=None, start=SATURDAY) == [
        best,
        on_top,
    ]
    assert price_of(service, SATURDAY) == Decimal("63.00")  # (40 + 2) × 1.5

    PricingRule.objects.filter(stacking="exclusive").update(is_active=False)
    assert price_of(service, SATURDAY) == Decimal("60.00")  # 40 × 1.5


def test_each_step_never_goes_below_zero():
    service = factories.ServiceFactory(price=Decimal("10"))
    factories.PricingRuleFactory(kind="amount", value=Decimal("-15"))
    factories.PricingRuleFactory(kind="amount", value=Decimal("4"), stacking="stack")

    assert price_of(service, MONDAY) == Decimal("4.00")  # 10 − 15 → 0, then + 4


def test_a_set_price_cannot_stack():
    rule = PricingRule(name="x", kind="set_price", value=Decimal("50"), stacking="stack")

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert error.value.message_dict == {
        "stacking": [
            "A set price replaces the price, so it applies alone; use a percentage or an "
            "amount on top."
        ]
    }


def test_the_database_refuses_a_set_price_on_top():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PricingRuleFactory(kind="set_price", value=Decimal("5"), stacking="stack")


# Property tests: no database, rules with no service or staff restriction ------------


def _unsaved(pk, kind, value, per_hour, priority, weekdays, stacking):
    rule = PricingRule(
        pk=pk, name=f"r{pk}", kind=kind, value=value, per_hour=per_hour and kind == "set_price",
        priority=priority, weekdays=weekdays, stacking=stacking,
    )  # fmt: skip
    rule._prefetched_objects_cache = {
        "services": salon.Service.objects.none(),
        "staff": salon.Staff.objects.none(),
    }
    return rule


rule_specs = st.lists(
    st.tuples(
        st.sampled_from(["percent", "amount", "set_price"]),
        st.decimals(min_value=-100, max_value=500, places=2),
        st.booleans(),
        st.integers(min_value=-3, max_value=3),
        st.lists(st.integers(min_value=0, max_value=6), max_size=3, unique=True),
        st.sampled_from(["exclusive", "stack"]),
    ),
    max_size=6,
)


def _rules(specs, *, all_exclusive=False):
    rules = []
    for pk, (kind, value, per_hour, priority, weekdays, stacking) in enumerate(specs, 1):
        if kind == "set_price":
            value, stacking = abs(value), "exclusive"
        if all_exclusive:
            stacking = "exclusive"
        rules.append(_unsaved(pk, kind, value, per_hour, priority, weekdays, stacking))
    # The model's ordering: highest priority first, then the newest (here: highest pk).
    return sorted(rules, key=lambda rule: (-rule.priority, -rule.pk))


def _old_price(rules, list_price, start, end):
    """Pricing before stacking existed: the first matching rule alone, on the list price."""
    day = start.astimezone(PARIS).weekday()
    rule = next((r for r in rules if not r.weekdays or day in r.weekdays), None)
    if rule is None:
        return list_price.quantize(Decimal("0.01"), "ROUND_HALF_UP")
    if rule.kind == "set_price":
        hours = Decimal((end - start).total_seconds()) / 3600
        price = rule.value * hours if rule.per_hour else rule.value
    elif rule.kind == "percent":
        price = list_price * (1 + rule.value / 100)
    else:
        price = list_price + rule.value
    return max(price.quantize(Decimal("0.01"), "ROUND_HALF_UP"), Decimal("0.00"))


starts = st.sampled_from([MONDAY, SATURDAY, SATURDAY + datetime.timedelta(days=1)])


@given(
    specs=rule_specs,
    list_price=st.decimals(min_value=0, max_value=10_000, places=2),
    start=starts,
    minutes=st.integers(min_value=0, max_value=600),
)
def test_rules_applying_alone_price_exactly_as_before(specs, list_price, start, minutes):
    rules = _rules(specs, all_exclusive=True)
    end = start + datetime.timedelta(minutes=minutes)

    priced = price_booking(list_price, service=None, staff=None, start=start, end=end, rules=rules)

    assert priced.price == _old_price(rules, list_price, start, end)
    assert len(priced.steps) <= 1


@given(
    specs=rule_specs,
    list_price=st.decimals(min_value=0, max_value=10_000, places=2),
    start=starts,
    minutes=st.integers(min_value=0, max_value=600),
)
def test_stacked_prices_are_never_negative_and_the_lines_add_up(specs, list_price, start, minutes):
    rules = _rules(specs)
    end = start + datetime.timedelta(minutes=minutes)

    priced = price_booking(list_price, service=None, staff=None, start=start, end=end, rules=rules)

    assert priced.price >= 0
    assert priced.price == priced.list_price + sum(change for _rule, change in priced.steps)
    applied = priced.rules
    assert all(rule.stacking == "stack" for rule in applied[1:])
    assert sum(rule.stacking == "exclusive" for rule in applied) <= 1


# the rules are kept per process; every change is seen at once ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_cached_rules_see_every_change_at_once(django_assert_num_queries):
    rule = factories.PricingRuleFactory(name="A", kind="amount", value=Decimal("-1"))
    assert [r.name for r in pricing.load_rules()] == ["A"]
    with django_assert_num_queries(0):
        assert [r.name for r in pricing.load_rules()] == ["A"]

    rule.name = "B"
    rule.save()
    assert [r.name for r in pricing.load_rules()] == ["B"]
    service = factories.ServiceFactory()
    rule.services.add(service)
    assert [s.pk for s in pricing.load_rules()[0].services.all()] == [service.pk]
    rule.staff.add(factories.StaffFactory())
    assert len(pricing.load_rules()[0].staff.all()) == 1
    rule.delete()
    assert pricing.load_rules() == []


@pytest.mark.django_db(transaction=True)
def test_a_rule_change_rolled_back_leaves_no_rule_in_the_cache():
    assert pricing.load_rules() == []
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.PricingRuleFactory(name="Gone")
        assert [r.name for r in pricing.load_rules()] == ["Gone"]  # seen in its transaction
        raise RuntimeError
    assert pricing.load_rules() == []


def test_rules_are_read_every_time_with_the_cache_off(settings, django_assert_num_queries):
    settings.LOYALTY_PROMOS = {"PRICING_RULES_CACHE_SECONDS": 0}
    pricing.load_rules()
    with django_assert_num_queries(1):  # no rule: nothing to prefetch
        pricing.load_rules()
