"""A customer buys a visit pack in the shop with the test backend and sees it (headless Chromium).

Screenshots of the shop and of the purchase page at 1280 px and 390 px, in
English, French and Romanian, go to ``test-artifacts/shop-*.png``.
"""

from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import expect

from loyalty_promos import api
from loyalty_promos.models import CustomerPackage, Purchase
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
UNLABELLED_BUTTONS = """() => [...document.querySelectorAll('button')]
  .filter(b => !(b.getAttribute('aria-label') || b.textContent.trim()))
  .map(b => b.outerHTML.slice(0, 80))"""


@pytest.fixture
def shop(db, settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "loyalty_promos.payments.backends.TestBackend",
        "SHOP_GIFT_CARD_AMOUNTS": ["50"],
    }
    plan = factories.PackagePlanFactory(
        name="5 coupes", price=D("200.00"), visits=5, sellable_online=True,
        validity_count=6, validity_unit="months",
    )  # fmt: skip
    plan.services.add(factories.ServiceFactory(name="Coupe femme"))
    factories.PackagePlanFactory(name="Mois illimité", kind="time_pass", price=D("99.00"),
                                 visits=None, validity_count=1, validity_unit="months",
                                 sellable_online=True)  # fmt: skip
    factories.CreditPackFactory(name="100 pour 90", sellable_online=True)
    return plan


@pytest.fixture
def buyer(db):
    return factories.CustomerFactory(
        first_name="Camille", last_name="Dupont", user=factories.UserFactory(username="camille")
    )


def log_in(page, live_server, user):
    """Give the browser the session of a logged-in ``user`` (the host owns its login page)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_customer_buys_a_visit_pack_and_sees_it(new_page, live_server, shop, buyer):
    page = new_page("en")
    page.goto(f"{live_server.url}/loyalty/shop/")
    expect(page.get_by_role("heading", name="Shop", exact=True)).to_be_visible()
    expect(
        page.get_by_text("Log in to buy: you can browse everything on sale below.")
    ).to_be_visible()
    expect(page.locator(".lp-shop-item", has_text="5 coupes")).to_contain_text("Coupe femme")

    log_in(page, live_server, buyer.user)
    page.goto(f"{live_server.url}/loyalty/shop/")
    page.get_by_role("button", name="Buy 5 coupes").click()

    expect(page.get_by_role("heading", name="Your purchase")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Thank you: your payment is confirmed.")
    expect(page.locator("main")).to_contain_text("The package is in your account")
    package = CustomerPackage.objects.get(customer=buyer)
    assert (package.plan, package.visits_left, package.price_paid) == (shop, 5, D("200.00"))
    assert Purchase.objects.get().status == Purchase.Status.PAID

    page.get_by_role("link", name="Back to the shop").click()
    expect(page.locator(".lp-shop-table")).to_contain_text("5 coupes")
    expect(page.locator(".lp-shop-table")).to_contain_text("Paid")


@pytest.mark.parametrize("language", ["en", "fr", "ro"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_shop_and_a_purchase_fit_the_screen(
    new_page, live_server, shop, buyer, language, width
):
    page = new_page(language)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, buyer.user)

    page.goto(f"{live_server.url}/loyalty/shop/")
    assert page.evaluate(OVERFLOW) <= 0
    assert page.evaluate(UNLABELLED_BUTTONS) == []
    assert page.locator("html").get_attribute("lang") == language
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in {"BUTTON", "A"}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"shop-{language}-{width}.png", full_page=True)

    page.locator(".lp-shop-item", has_text="5 coupes").get_by_role("button").click()
    page.wait_for_url("**/loyalty/purchases/**")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=ARTIFACTS / f"purchase-{language}-{width}.png", full_page=True)


def test_staff_confirm_a_payment_at_the_desk(admin_page, live_server, buyer, shot):
    plan = factories.PackagePlanFactory(name="5 coupes", visits=5, sellable_online=True)
    purchase = api.start_purchase(buyer, plan)  # the desk backend: pending
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/purchase/")
    page.get_by_role("searchbox").fill(purchase.reference)
    page.keyboard.press("Enter")
    expect(page.locator("#result_list")).to_contain_text("Camille Dupont")
    page.locator("#result_list tbody tr a").first.click()

    shot(page, "purchase-pending", element="#content")
    page.get_by_role("button", name="Confirm payment").click()
    expect(page.locator("#content")).to_contain_text("1 pending purchase will be marked paid.")
    page.get_by_role("button", name="Yes, I'm sure").click()

    expect(page.locator(".messagelist")).to_contain_text("1 purchase confirmed.")
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    assert CustomerPackage.objects.get(customer=buyer).plan == plan
