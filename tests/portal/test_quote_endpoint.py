"""loyalty_promos:quote — the live price of the booking the logged-in customer is making."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from example_project.salon.adapter import SalonAdapter
from loyalty_promos import api
from loyalty_promos.models import Charge
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal
URL = reverse("loyalty_promos:quote")
MONDAY = "2026-03-16T10:00"


@pytest.fixture
def service():
    return factories.ServiceFactory(name="Coupe brushing", price=D("50.00"))


def params(service, **extra):
    return {"service": service.pk, "start": MONDAY, **extra}


def test_list_price_and_amount_due(customer_client, service):
    response = customer_client.get(URL, params(service))

    assert response.status_code == 200
    data = response.json()
    assert data["list_price"] == {"amount": "50.00", "display": "50.00\xa0€"}
    assert data["amount_due"] == {"amount": "50.00", "display": "50.00\xa0€"}
    assert [line["kind"] for line in data["lines"]] == ["list_price", "amount_due"]
    assert data["errors"] == {}


def test_step_by_step_with_rule_code_and_credits(customer_client, customer, service):
    factories.PricingRuleFactory(name="Lundi doux", value=D("-20"), weekdays=[0])
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    api.add_credit(customer, D("6.00"), "top-up")

    data = customer_client.get(URL, params(service, code="spring", use_credits="1")).json()

    assert data["rules"] == [{"name": "Lundi doux", "amount": "-10.00", "display": "-10.00\xa0€"}]
    assert data["price"]["amount"] == "40.00"
    assert data["discount"] == {
        "amount": "4.00", "display": "4.00\xa0€", "source": "coupon", "name": "Printemps",
        "code": "SPRING",
    }  # fmt: skip
    assert data["credits"]["amount"] == "6.00"
    assert data["amount_due"]["amount"] == "30.00"
    assert [line["amount"] for line in data["lines"]] == [
        "50.00", "-10.00", "-4.00", "-6.00", "30.00"]  # fmt: skip


def test_money_is_formatted_for_the_language(customer_client, service):
    data = customer_client.get(URL, params(service), HTTP_ACCEPT_LANGUAGE="fr").json()

    assert data["amount_due"] == {"amount": "50.00", "display": "50,00\xa0€"}


def test_package_and_gift_card(customer_client, customer, service):
    plan = factories.PackagePlanFactory(name="Carnet", kind="credit_pack", visits=None)
    plan.credit = D("20.00")
    api.assign_package(customer, plan, price=D("20.00"))
    card = api.issue_gift_card(D("100.00"))

    data = customer_client.get(URL, params(service, gift_card=card.code)).json()

    assert data["gift_card"]["amount"] == str(D("50.00") - D(data["package"]["amount"]))
    assert data["amount_due"]["amount"] == "0.00"


def test_a_refused_code_is_left_out_and_explained(customer_client, service):
    data = customer_client.get(URL, params(service, code="NOPE")).json()

    assert data["amount_due"]["amount"] == "50.00"
    assert data["errors"] == {"code": ["This code does not exist. Check the spelling."]}


def test_a_refused_gift_card_is_left_out_and_explained(customer_client, service):
    data = customer_client.get(URL, params(service, gift_card="GCNOPE")).json()

    assert data["amount_due"]["amount"] == "50.00"
    assert data["errors"] == {"gift_card": ["This gift card does not exist."]}


def test_points_pick_the_reward_costing_that_many(customer_client, customer, service):
    api.configure_program(is_enabled=True)
    factories.RewardFactory(name="10 € off", points_cost=100, value=D("10.00"))
    api.adjust_points(customer, 150, "welcome")

    data = customer_client.get(URL, params(service, points=100)).json()

    assert (data["points"], data["discount"]["source"]) == (100, "reward")
    assert data["amount_due"]["amount"] == "40.00"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "You do not have enough points for this reward."),
        ("fr", "Vous n’avez pas assez de points pour cette récompense."),
        ("ro", "Nu aveți suficiente puncte pentru această recompensă."),
    ],
)
def test_a_reward_out_of_reach_is_explained_to_the_customer_as_you(
    customer_client, customer, service, language, message
):
    api.configure_program(is_enabled=True)
    reward = factories.RewardFactory(name="10 € off", points_cost=100, value=D("10.00"))

    data = customer_client.get(
        URL, params(service, reward=reward.pk), HTTP_ACCEPT_LANGUAGE=language
    ).json()

    assert data["errors"] == {"reward": [message]}
    assert data["amount_due"]["amount"] == "50.00"


def test_the_customer_is_only_the_logged_in_one(customer_client, customer, service):
    other = factories.CustomerFactory()
    api.add_credit(other, D("50.00"), "top-up")
    api.add_credit(customer, D("5.00"), "top-up")

    data = customer_client.get(URL, params(service, use_credits="1", customer=other.pk)).json()

    assert data["credits"]["amount"] == "5.00"


def test_anonymous_visitors_and_non_customers_are_refused(client, service):
    assert client.get(URL, params(service)).status_code == 403
    client.force_login(factories.UserFactory())

    response = client.get(URL, params(service))

    assert response.status_code == 403
    assert response.json() == {"errors": {"__all__": ["Log in as a customer to see your price."]}}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"service": "", "start": MONDAY}, "service", "This field is required."),
        ({"service": "999999", "start": MONDAY}, "service", "Select a valid choice."),
        ({"service": "x", "start": MONDAY}, "service", "Select a valid choice."),
        ({"start": "tomorrow"}, "start", "Enter a valid date/time."),
        ({"start": MONDAY, "points": "-3"}, "points", "Ensure this value is greater than"),
        ({"start": MONDAY, "points": "7"}, "points", "No reward can be bought with this"),
    ],
)  # fmt: skip
def test_bad_parameters_are_400_with_a_message(customer_client, service, query, field, message):
    query = {"service": service.pk, **query}

    response = customer_client.get(URL, query)

    assert response.status_code == 400
    assert response.json()["errors"][field][0].startswith(message)


def test_only_get(customer_client, service):
    assert customer_client.post(URL, params(service)).status_code == 405


def test_nothing_is_written(customer_client, customer, service):
    factories.CouponFactory(code="SPRING")
    api.add_credit(customer, D("60.00"), "top-up")

    customer_client.get(URL, params(service, code="SPRING", use_credits="1"))

    assert not Charge.objects.exists()
    assert api.credit_balance(customer) == D("60.00")


def test_throttled_after_the_rate_with_retry_after(customer_client, service, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "2/m"}
    for guess in ("NOPE1", "NOPE2", "NOPE2", "NOPE1"):  # the same code again is free
        assert customer_client.get(URL, params(service, code=guess)).status_code == 200

    response = customer_client.get(URL, params(service, code="NOPE3"))

    assert response.status_code == 429
    assert response.json() == {
        "errors": {"__all__": ["Too many codes tried. Please wait a few minutes and try again."]},
        "code": "throttled",
    }
    assert 0 < int(response["Retry-After"]) <= 60
    # Prices without a code are not code checks: never throttled.
    assert customer_client.get(URL, params(service)).status_code == 200


def make_history(customer, service, size):
    """Bookings, charges, codes and rules in numbers: none of it may cost a query each."""
    for n in range(size):
        booking = factories.AppointmentFactory(
            customer=customer, service=service, start=NOW - datetime.timedelta(days=n + 1)
        )
        factories.CouponFactory(code=f"OLD{size}X{n}")
        factories.PricingRuleFactory(name=f"Rule {n}", value=D("-1"), weekdays=[0])
        api.checkout(booking)
    api.add_credit(customer, D("100.00"), "top-up")


def count_queries(client, service, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params(service, **query)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"code": "SPRING", "use_credits": "1"}, {"code": "NOPE"}])
def test_query_count_does_not_grow_with_data(customer_client, customer, service, query):
    factories.CouponFactory(code="SPRING", max_uses=100, max_uses_per_customer=None)
    make_history(customer, service, 2)
    small = count_queries(customer_client, service, query)
    make_history(customer, service, 20)
    large = count_queries(customer_client, service, query)

    print(f"quote queries {query}: {small} / {large}")
    assert small == large
    assert large <= 13


class OnlyListedStaffAdapter(SalonAdapter):
    """A host narrowing whom customers may name (as one whose staff are its users would)."""

    def get_bookable_staff(self):
        return super().get_bookable_staff().filter(name="Inès")


def test_only_the_staff_the_host_lets_customers_book_can_be_named(
    customer_client, service, settings
):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "BOOKING_ADAPTER": "tests.portal.test_quote_endpoint.OnlyListedStaffAdapter",
    }
    ines = factories.StaffFactory(name="Inès")
    hidden = factories.StaffFactory(name="Back office")

    assert customer_client.get(URL, params(service, staff=ines.pk)).status_code == 200
    refused = customer_client.get(URL, params(service, staff=hidden.pk))
    unknown = customer_client.get(URL, params(service, staff=999999))

    assert refused.status_code == unknown.status_code == 400
    assert refused.json() == unknown.json()  # a hidden one reads as one that does not exist
