"""The customer's pages in a browser: a customer logs in, reads their points, redeems a
gift card with points and finds it under their gift cards; every page at 1280 px and
390 px in English, French and Romanian; the redeem button reached with the keyboard."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from loyalty_promos import api
from loyalty_promos.models import GiftCard, Reward
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "overview": "/loyalty/",
    "rewards": "/loyalty/rewards/",
    "gift-cards": "/loyalty/gift-cards/",
    "packages": "/loyalty/packages/",
    "credits": "/loyalty/credits/",
}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
FOCUSED = "() => document.activeElement.outerHTML.slice(0, 120)"


@pytest.fixture
def camille(db):
    """A customer with a login, points, credit, a package and a gift card reward on offer."""
    user = factories.UserFactory(username="camille")
    customer = factories.CustomerFactory(
        first_name="Camille", last_name="Dupont", email="camille@example.com", user=user
    )
    api.configure_program(is_enabled=True, validity_count=12, validity_unit="months")
    factories.RewardFactory(
        name="Carte cadeau 20 €", points_cost=100, kind="gift_card", value=Decimal("20.00")
    )
    factories.RewardFactory(name="Soin visage offert", points_cost=400, kind="free_service")
    api.adjust_points(customer, 150, "Bienvenue")
    api.add_credit(customer, "30.00", "Geste commercial")
    api.assign_package(
        customer, factories.PackagePlanFactory(name="5 brushings", price=Decimal("120.00"))
    )
    api.issue_gift_card("50.00", owner=customer)
    return customer


@pytest.fixture
def customer_page(new_page, live_server, camille):
    """A page logged in as Camille: customer_page("fr", 390).

    The example site has no customer login form yet (``LOGIN_URL`` is the host's), so
    the session Django's login would make is made by the test client and handed over.
    """

    def open_page(language="en", width=1280):
        client = Client()
        client.force_login(camille.user)
        page = new_page(language)
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return open_page


def test_a_customer_redeems_a_gift_card_with_points_using_the_keyboard(
    customer_page, live_server, camille
):
    page = customer_page()
    page.goto(live_server.url + "/loyalty/")
    assert page.get_by_test_id("points-balance").inner_text() == "150"
    assert page.get_by_role("cell", name="Adjusted: Bienvenue").is_visible()  # the history

    page.get_by_role("link", name="Rewards").click()
    page.wait_for_url(re.compile(r"/loyalty/rewards/$"))
    assert page.get_by_role("button", name="Redeem with points").first.is_enabled()
    assert page.get_by_role("button", name="Redeem with points").nth(1).is_disabled()

    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if "lp-button" in page.evaluate(FOCUSED):
            break
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
    assert focused == f"reward-{Reward.objects.get(name='Carte cadeau 20 €').pk}"
    outline = "() => getComputedStyle(document.activeElement).outlineStyle"
    assert page.evaluate(outline) == "solid"  # the focus is visible
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/loyalty/gift-cards/$"))
    card = GiftCard.objects.filter(owner=camille, initial_value=Decimal("20.00")).get()
    assert page.get_by_role("status").inner_text().startswith("You redeemed “Carte cadeau 20 €”")
    assert page.get_by_role("heading", name=f"Gift card {card.code}").is_visible()
    assert api.points_balance(camille) == 50
    page.screenshot(path=ARTIFACTS / "portal-redeemed-en-1280.png", full_page=True)


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(customer_page, live_server):
    page = customer_page()
    page.goto(live_server.url + "/loyalty/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    assert page.evaluate("() => document.activeElement.className") == "lp-skip"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"


@pytest.mark.parametrize("language", ["en", "fr", "ro"])
@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_fits_the_screen_in_every_language(customer_page, live_server, language, width):
    page = customer_page(language, width)
    ARTIFACTS.mkdir(exist_ok=True)
    overflowing = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        if page.evaluate(OVERFLOW) > 0:
            overflowing[name] = page.evaluate(OVERFLOW)
        page.screenshot(path=ARTIFACTS / f"portal-{name}-{language}-{width}.png", full_page=True)

    assert overflowing == {}
