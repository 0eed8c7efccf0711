"""The optional JSON API: the logged-in customer's own data, same rules as the pages."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from loyalty_promos import api
from loyalty_promos.models import LoyaltyProgram, Reward
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle_left_over():
    cache.clear()  # the code-check throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    return program


def login_as(customer, username="ana"):
    user = get_user_model().objects.create_user(username, password="x")
    customer.user = user
    customer.save(update_fields=["user"])
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def ana(db):
    return factories.CustomerFactory(first_name="Ana")


@pytest.fixture
def client(ana):
    return login_as(ana)


def url(name, *args):
    return reverse(f"loyalty_promos_rest:{name}", args=args)


def test_anonymous_callers_and_users_who_are_no_customer_are_refused(ana):
    assert APIClient().get(url("me")).status_code == 403
    stranger = APIClient()
    stranger.force_login(get_user_model().objects.create_user("bob", password="x"))

    response = stranger.get(url("points"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your account is not linked to a customer of this business."
    }


def test_me_gives_the_balances(client, ana, program):
    api.adjust_points(ana, 120, "welcome")
    api.add_credit(ana, Decimal("15.50"), "refund")
    api.issue_gift_card(Decimal("30.00"), owner=ana)
    api.assign_package(ana, factories.PackagePlanFactory())

    assert client.get(url("me")).json() == {
        "currency": "EUR",
        "points": 120,
        "pending_points": 0,
        "expiring": [],
        "credits": "15.50",
        "packages": 1,
        "gift_cards": 1,
        "gift_card_balance": "30.00",
    }


def test_points_history_is_paginated_newest_first(client, ana, program):
    for n in range(1, 4):
        api.adjust_points(ana, n, f"bonus {n}")

    page = client.get(url("points"), {"page_size": 2}).json()

    assert page["count"] == 3
    assert [(e["points"], e["balance_after"], e["description"]) for e in page["results"]] == [
        (3, 6, "bonus 3"),
        (2, 3, "bonus 2"),
    ]
    assert page["results"][0]["kind_display"] == "adjusted"
    assert page["next"].endswith("page=2&page_size=2")
    french = client.get(url("points"), HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["results"][0]["kind_display"] == "ajustés"


def test_rewards_say_which_are_affordable(client, ana, program):
    api.adjust_points(ana, 100, "welcome")
    factories.RewardFactory(name="Ten off", points_cost=100)
    factories.RewardFactory(name="Free cut", points_cost=300)
    factories.RewardFactory(name="Retired", points_cost=1, is_active=False)

    rewards = client.get(url("rewards")).json()

    assert [(r["name"], r["affordable"], r["missing"]) for r in rewards] == [
        ("Ten off", True, 0),
        ("Free cut", False, 200),
    ]


def test_redeeming_a_gift_card_reward_spends_points_and_returns_the_card(client, ana, program):
    api.adjust_points(ana, 150, "welcome")
    reward = factories.RewardFactory(
        kind=Reward.Kind.GIFT_CARD, points_cost=100, value=Decimal("25.00")
    )

    response = client.post(url("redeem", reward.pk))

    assert response.status_code == 201
    body = response.json()
    assert (body["points_spent"], body["points"], body["code"]) == (100, 50, None)
    assert (body["gift_card"]["balance"], body["gift_card"]["initial_value"]) == ("25.00", "25.00")
    cards = client.get(url("gift-cards")).json()["results"]
    assert [c["code"] for c in cards] == [body["gift_card"]["code"]]


def test_a_discount_reward_gives_a_personal_code(client, ana, program):
    api.adjust_points(ana, 100, "welcome")
    reward = factories.RewardFactory(points_cost=100)

    body = client.post(url("redeem", reward.pk)).json()

    assert body["code"].startswith("R") and body["gift_card"] is None
    assert api.points_balance(ana) == 0


def test_a_reward_the_customer_cannot_afford_is_refused_with_its_code(client, ana, program):
    reward = factories.RewardFactory(points_cost=100)

    response = client.post(url("redeem", reward.pk))

    assert response.status_code == 400
    assert response.json()["code"] == "insufficient_points"
    assert response.json()["detail"] == f"You do not have enough points for “{reward.name}”."
    assert api.points_balance(ana) == 0


def test_reading_the_api_never_redeems(client, program):
    reward = factories.RewardFactory(points_cost=0)

    assert client.get(url("redeem", reward.pk)).status_code == 405


def test_a_customer_sees_only_their_own_rows(client, ana, program):
    other = factories.CustomerFactory()
    api.adjust_points(other, 50, "theirs")
    api.add_credit(other, Decimal("9.00"), "theirs")
    api.issue_gift_card(Decimal("30.00"), owner=other)
    api.assign_package(other, factories.PackagePlanFactory())
    inactive = factories.RewardFactory(is_active=False, points_cost=0)

    for name in ("points", "gift-cards", "packages", "credits"):
        assert client.get(url(name)).json()["results"] == [], name
    assert client.post(url("redeem", inactive.pk)).status_code == 404
    assert client.get(url("me")).json()["points"] == 0


def test_lists_read_a_constant_number_of_queries(client, ana, program):
    def grow():
        api.issue_gift_card(Decimal("10.00"), owner=ana)
        api.assign_package(ana, factories.PackagePlanFactory())
        api.add_credit(ana, Decimal("1.00"), "top-up")
        api.adjust_points(ana, 1, "bonus")

    grow()
    counts = {}
    for name in ("points", "gift-cards", "packages", "credits", "rewards", "me"):
        with CaptureQueriesContext(connection) as small:
            client.get(url(name))
        for _ in range(5):
            grow()
        with CaptureQueriesContext(connection) as large:
            client.get(url(name))
        counts[name] = (len(small), len(large))
    assert all(small == large for small, large in counts.values()), counts


def test_redeeming_a_gift_card_reward_emails_the_card(
    client, ana, program, mailoutbox, django_capture_on_commit_callbacks
):
    api.adjust_points(ana, 100, "welcome")
    reward = factories.RewardFactory(kind=Reward.Kind.GIFT_CARD, points_cost=100)

    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(url("redeem", reward.pk)).json()

    assert [m.to for m in mailoutbox] == [[ana.email]]
    assert body["gift_card"]["code"] in mailoutbox[0].body


def test_the_quote_is_the_booking_forms_with_the_same_throttle(client, ana, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "CODE_CHECK_RATE": "2/10m"}
    service = factories.ServiceFactory(price="40.00")
    factories.CouponFactory(code="SPRING", discount_type="percent", discount_value=25)
    params = {"service": service.pk, "start": "2030-03-16T10:00"}

    body = client.get(url("quote"), {**params, "code": "SPRING"}).json()

    assert (body["price"]["amount"], body["amount_due"]["amount"]) == ("40.00", "30.00")
    assert client.get(url("quote"), {**params, "code": "GUESS1"}).status_code == 200
    throttled = client.get(url("quote"), {**params, "code": "GUESS2"})
    assert throttled.status_code == 429 and throttled.json()["code"] == "throttled"
    assert "Retry-After" in throttled.headers
    assert client.get(url("quote"), {"service": "x"}).status_code == 400


# Shop and purchases ------------------------------------------------------------------------


@pytest.fixture
def visit_pack(db):
    return factories.PackagePlanFactory(
        name="5 visits", price=Decimal("200.00"), visits=5, sellable_online=True
    )


def test_anyone_may_read_the_shop(visit_pack, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["25"]}
    factories.PackagePlanFactory(name="Hidden", sellable_online=False)
    factories.CreditPackFactory(name="Ten for nine", sellable_online=True)

    shop = APIClient().get(url("shop")).json()

    assert [(p["item"], p["name"], p["price"], p["visits"]) for p in shop["packages"]] == [
        (f"plan:{visit_pack.pk}", "5 visits", "200.00", 5)
    ]
    assert [(p["name"], p["price"], p["value"]) for p in shop["credit_packs"]] == [
        ("Ten for nine", "90.00", "100.00")
    ]
    assert shop["gift_cards"] == [{"item": "gift:25.00", "amount": "25.00"}]


def test_buying_at_the_desk_leaves_it_pending_and_gives_nothing(client, ana, visit_pack):
    response = client.post(url("purchases"), {"item": f"plan:{visit_pack.pk}"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["price"], body["payment_url"]) == ("pending", "200.00", None)
    assert client.get(url("purchase", body["reference"])).json()["status"] == "pending"
    assert client.get(url("packages")).json()["results"] == []


def test_buying_with_a_provider_that_pays_at_once_delivers(client, ana, visit_pack, settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "loyalty_promos.payments.backends.TestBackend",
    }

    body = client.post(url("purchases"), {"item": f"plan:{visit_pack.pk}"}).json()

    assert body["status"] == "paid"
    assert [
        (p["name"], p["visits_left"]) for p in client.get(url("packages")).json()["results"]
    ] == [("5 visits", 5)]
    assert [p["reference"] for p in client.get(url("purchases")).json()["results"]] == [
        body["reference"]
    ]


def test_what_is_not_for_sale_cannot_be_bought(client, visit_pack):
    hidden = factories.PackagePlanFactory(sellable_online=False)

    for item in (f"plan:{hidden.pk}", "plan:999", "nonsense", ""):
        response = client.post(url("purchases"), {"item": item})
        assert response.status_code == 400, item
        assert response.json()["code"] == "not_on_sale"
    gift = client.post(url("purchases"), {"item": "gift:10"})  # not one of the amounts sold
    assert (gift.status_code, gift.json()) == (
        400,
        {
            "code": "invalid_value",
            "detail": "Gift cards are sold online only for the amounts offered.",
        },
    )
    assert client.get(url("purchases")).json()["count"] == 0


def test_another_customers_purchase_is_not_found(client, visit_pack):
    other = factories.CustomerFactory()
    theirs = api.start_purchase(other, visit_pack)

    assert client.get(url("purchase", theirs.reference)).status_code == 404
    assert client.get(url("purchases")).json()["results"] == []
