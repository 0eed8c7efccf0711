import datetime
import zoneinfo
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyalty_promos.models import PricingRule
from loyalty_promos.services.pricing import apply_rule, load_rules, matching_rule
from tests import factories

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=PARIS)
SATURDAY = datetime.datetime(2026, 3, 21, 10, 0, tzinfo=PARIS)


def price_of(service, start, hours=1, staff=None, list_price=None):
    end = start + datetime.timedelta(hours=hours)
    rule = matching_rule(load_rules(), service=service, staff=staff, start=start)
    list_price = service.price * hours if list_price is None else list_price
    return apply_rule(rule, Decimal(list_price), start=start, end=end)


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
