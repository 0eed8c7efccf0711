"""The shop and purchase pages: anonymous browsing, buying as a customer, owners only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import CustomerPackage, Purchase
from loyalty_promos.portal.shop import validity_text
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal
SHOP = "/loyalty/shop/"
BUY = "/loyalty/shop/buy/"


@pytest.fixture
def plan():
    plan = factories.PackagePlanFactory(
        name="5 visits", price=D("200.00"), visits=5, sellable_online=True
    )
    plan.services.add(factories.ServiceFactory(name="Coupe femme"))
    return plan


@pytest.fixture
def buyer(db):
    return factories.CustomerFactory(user=factories.UserFactory(username="camille"))


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer.user)
    return client


@pytest.fixture
def test_backend(settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "loyalty_promos.payments.backends.TestBackend",
    }


def test_the_urls_are_named():
    assert reverse("loyalty_promos:shop") == SHOP
    assert reverse("loyalty_promos:buy") == BUY
    assert reverse("loyalty_promos:purchase", kwargs={"reference": "abc"}) == (
        "/loyalty/purchases/abc/"
    )


def test_anyone_may_browse_what_is_sold_online(client, plan):
    factories.PackagePlanFactory(name="Hidden plan", sellable_online=False)
    factories.CreditPackFactory(name="Ten for nine", sellable_online=True)

    page = client.get(SHOP).content.decode()

    assert "5 visits" in page
    assert "Coupe femme" in page
    assert "200.00\xa0€" in page
    assert "Ten for nine" in page
    assert "Hidden plan" not in page
    assert "Log in to buy" in page


def test_gift_cards_on_sale_are_listed(client, settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["50"]}

    page = client.get(SHOP).content.decode()

    assert "Gift card of 50.00\xa0€" in page
    assert 'value="gift:50.00"' in page


def test_an_empty_shop_says_so(client):
    assert "Nothing is on sale online at the moment." in client.get(SHOP).content.decode()


def test_buying_needs_a_login(client, plan):
    response = client.post(BUY, {"item": f"plan:{plan.pk}"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/") or "login" in response.url
    assert not Purchase.objects.exists()


def test_a_user_who_is_no_customer_cannot_buy(client, plan):
    client.force_login(factories.UserFactory(username="not-a-customer"))

    response = client.post(BUY, {"item": f"plan:{plan.pk}"})

    assert response.status_code == 403
    assert not Purchase.objects.exists()


def test_buying_at_the_desk_leaves_the_purchase_pending(buyer_client, buyer, plan):
    response = buyer_client.post(BUY, {"item": f"plan:{plan.pk}"})

    purchase = Purchase.objects.get()
    assert (purchase.customer, purchase.status) == (buyer, Purchase.Status.PENDING)
    assert response.url == f"/loyalty/purchases/{purchase.reference}/"
    page = buyer_client.get(response.url).content.decode()
    assert "Pay at the desk" in page
    assert purchase.reference in page
    assert not CustomerPackage.objects.exists()


def test_buying_with_the_test_backend_assigns_the_package(buyer_client, buyer, plan, test_backend):
    response = buyer_client.post(BUY, {"item": f"plan:{plan.pk}"})

    page = buyer_client.get(response.url).content.decode()
    assert "Thank you: your payment is confirmed." in page
    assert CustomerPackage.objects.get(customer=buyer).plan == plan


def test_buying_a_gift_card_shows_its_code(buyer_client, buyer, settings, test_backend):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["50"]}

    response = buyer_client.post(BUY, {"item": "gift:50.00"})

    card = Purchase.objects.get().gift_card
    assert card.owner == buyer
    assert card.code in buyer_client.get(response.url).content.decode()


@pytest.mark.parametrize(
    "item", ["plan:999", "plan:x", "pack:1", "gift:30", "gift:x", "other:1", ""]
)
def test_an_item_not_for_sale_is_refused_with_a_message(buyer_client, item):
    response = buyer_client.post(BUY, {"item": item})

    assert response.status_code == 302
    assert response.url == SHOP
    assert not Purchase.objects.exists()
    page = buyer_client.get(SHOP).content.decode()
    assert 'class="lp-message lp-message--error"' in page


def test_a_plan_no_longer_sold_online_is_refused(buyer_client, plan):
    plan.sellable_online = False
    plan.save()

    buyer_client.post(BUY, {"item": f"plan:{plan.pk}"})

    assert not Purchase.objects.exists()


def test_get_on_buy_goes_back_to_the_shop(buyer_client):
    response = buyer_client.get(BUY)

    assert (response.status_code, response.url) == (302, SHOP)


def test_another_customers_purchase_is_a_404(buyer_client, plan):
    someone_else = factories.CustomerFactory()
    theirs = api.start_purchase(someone_else, plan)

    response = buyer_client.get(reverse("loyalty_promos:purchase", args=[theirs.reference]))

    assert response.status_code == 404


def test_an_unknown_reference_is_a_404(buyer_client):
    assert buyer_client.get("/loyalty/purchases/nope/").status_code == 404


def test_the_purchase_page_needs_a_login(client, buyer, plan):
    purchase = api.start_purchase(buyer, plan)

    response = client.get(reverse("loyalty_promos:purchase", args=[purchase.reference]))

    assert response.status_code == 302


def test_the_shop_lists_only_the_customers_own_purchases(buyer_client, buyer, plan):
    mine = api.start_purchase(buyer, plan)
    theirs = api.start_purchase(factories.CustomerFactory(), plan)

    page = buyer_client.get(SHOP).content.decode()

    assert mine.reference in page
    assert theirs.reference not in page


def test_a_failed_purchase_says_nothing_was_charged(buyer_client, buyer, plan):
    purchase = api.start_purchase(buyer, plan)
    api.fail_purchase(purchase.reference, reason="declined")

    page = buyer_client.get(f"/loyalty/purchases/{purchase.reference}/").content.decode()

    assert "The payment did not go through" in page


def _catalogue(size):
    for n in range(size):
        plan = factories.PackagePlanFactory(name=f"Plan {n}", sellable_online=True)
        plan.services.add(factories.ServiceFactory())
        factories.CreditPackFactory(name=f"Pack {n}", sellable_online=True)


@pytest.mark.parametrize("size", [1, 6])
def test_the_shop_takes_the_same_queries_whatever_its_size(
    buyer_client, buyer, size, django_assert_num_queries
):
    _catalogue(size)
    for _ in range(size):
        api.start_purchase(buyer, factories.PackagePlanFactory(sellable_online=True))

    # session + user + customer, plans + their services, credit packs, purchases
    with django_assert_num_queries(7):
        response = buyer_client.get(SHOP)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_anonymous_shop_queries_do_not_grow(client, size, django_assert_num_queries):
    _catalogue(size)

    with django_assert_num_queries(3):
        assert client.get(SHOP).status_code == 200


def test_the_purchase_page_takes_a_fixed_number_of_queries(
    buyer_client, buyer, plan, django_assert_num_queries
):
    purchase = api.complete_purchase(api.start_purchase(buyer, plan))

    # session + user + customer + the purchase with what it delivered
    with django_assert_num_queries(4):
        buyer_client.get(f"/loyalty/purchases/{purchase.reference}/")


@pytest.mark.parametrize(
    ("count", "unit", "text"),
    [
        (1, "days", "Valid for 1 day"),
        (30, "days", "Valid for 30 days"),
        (1, "months", "Valid for 1 month"),
        (6, "months", "Valid for 6 months"),
        (2, "years", "Valid for 2 years"),
        (None, "", "No expiry"),
    ],
)
def test_a_plans_validity_reads_as_a_sentence(count, unit, text):
    plan = factories.PackagePlanFactory.build(validity_count=count, validity_unit=unit)

    assert validity_text(plan) == text


def test_a_user_who_is_no_customer_sees_no_buy_button(client, plan):
    client.force_login(factories.UserFactory(username="staff-only"))

    page = client.get(SHOP).content.decode()

    assert "Your account is not linked to a customer of this business." in page
    assert 'name="item"' not in page
    assert "5 visits" in page


def test_each_button_names_what_it_buys(client, buyer, plan):
    assert 'aria-label="Log in to buy 5 visits"' in client.get(SHOP).content.decode()
    client.force_login(buyer.user)
    assert 'aria-label="Buy 5 visits"' in client.get(SHOP).content.decode()


class BrokenBackend:
    """A provider that is down: starting a payment raises."""

    label = "broken"

    def start(self, request, purchase):
        raise ConnectionError("provider unreachable")


@pytest.fixture
def broken_backend(settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "tests.test_shop_pages.BrokenBackend",
    }


def test_a_payment_that_cannot_start_says_so_and_charges_nothing(
    buyer_client, buyer, plan, broken_backend, caplog
):
    response = buyer_client.post(BUY, {"item": f"plan:{plan.pk}"}, follow=True)

    assert response.redirect_chain[-1][0] == SHOP
    page = response.content.decode()
    assert "The payment could not be started and nothing was charged." in page
    purchase = Purchase.objects.get()
    assert purchase.status == Purchase.Status.FAILED
    assert not CustomerPackage.objects.exists()
    assert "provider unreachable" in caplog.text  # logged for the developer


def test_the_api_says_the_payment_is_unavailable(buyer_client, plan, broken_backend):
    pytest.importorskip("rest_framework")
    response = buyer_client.post(
        reverse("loyalty_promos_rest:purchases"),
        {"item": f"plan:{plan.pk}"},
        content_type="application/json",
    )

    assert response.status_code == 503
    assert response.json()["code"] == "payment_unavailable"
    assert Purchase.objects.get().status == Purchase.Status.FAILED


class PaysThenFails:
    """A backend that completes the purchase, then fails building its response."""

    label = "pays then fails"

    def start(self, request, purchase):
        api.complete_purchase(purchase.reference, provider_reference="x")
        raise ConnectionError("redirect failed")


def test_a_backend_that_paid_before_failing_shows_the_paid_purchase(
    buyer_client, buyer, plan, settings
):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "tests.test_shop_pages.PaysThenFails",
    }

    response = buyer_client.post(BUY, {"item": f"plan:{plan.pk}"})

    purchase = Purchase.objects.get()
    assert purchase.status == Purchase.Status.PAID
    assert response.url == f"/loyalty/purchases/{purchase.reference}/"
    page = buyer_client.get(response.url).content.decode()
    assert "nothing was charged" not in page
    assert CustomerPackage.objects.get(customer=buyer).plan == plan


@pytest.mark.parametrize(
    "data",
    [
        {"item": "gift:1e999999999"},
        {"item": "gift:-1e999999999"},
        {"item": "gift:50", "price": "1e999999999"},
        {"item": "plan:1", "price": "9e9999999"},
    ],
)
def test_an_amount_beyond_any_number_is_refused_with_a_message(buyer_client, data):
    response = buyer_client.post(BUY, data, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == SHOP
    assert not Purchase.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/loyalty/purchases/%00/", "/loyalty/purchases/a%00b/", "/loyalty/purchases/a%20b/"],
)
def test_a_reference_that_cannot_be_one_is_a_404_without_a_query(
    buyer_client, path, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert buyer_client.get(path).status_code == 404
