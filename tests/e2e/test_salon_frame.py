"""The customer pages inside the salon's own frame (its PORTAL_BASE_TEMPLATE), as a customer
sees them: off the header and the screen's edges, in the salon's colour, every page aligned."""

from decimal import Decimal

import pytest
from django.test import Client

from example_project import settings as example
from loyalty_promos import api
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLUM = "rgb(74, 44, 64)"  # the salon's header colour (salon/site.html)
BOX = (
    "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
    " return {top: r.top, bottom: r.bottom, left: r.left}; }"
)


@pytest.fixture
def salon_frame(settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PORTAL_BASE_TEMPLATE": example.LOYALTY_PROMOS["PORTAL_BASE_TEMPLATE"],
    }


@pytest.fixture
def camille_page(new_page, live_server, salon_frame):
    user = factories.UserFactory(username="camille")
    customer = factories.CustomerFactory(first_name="Camille", user=user)
    api.adjust_points(customer, 150, "Bienvenue")
    factories.PackagePlanFactory(name="5 brushings", price=Decimal("120.00"), sellable_online=True)

    def open_page(language, width):
        client = Client()
        client.force_login(user)
        page = new_page(language)
        page.set_viewport_size({"width": width, "height": 900})
        cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
        page.context.add_cookies([{**cookie, "url": live_server.url}])
        return page

    return open_page


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr", "ro"])
def test_the_loyalty_pages_keep_off_the_header_and_wear_the_salons_colour(
    camille_page, live_server, language, width
):
    page = camille_page(language, width)
    ARTIFACTS.mkdir(exist_ok=True)
    starts = {}
    for name in ("overview", "shop"):
        page.goto(f"{live_server.url}/loyalty/{'' if name == 'overview' else 'shop/'}")
        header, nav = page.evaluate(BOX, ".site-header"), page.evaluate(BOX, ".lp-nav")
        assert nav["top"] - header["bottom"] >= 8  # the tabs do not touch the header
        assert nav["left"] >= 12  # nor the screen's edge on a phone
        current = page.locator('.lp-nav a[aria-current="page"]')
        assert current.evaluate("a => getComputedStyle(a).backgroundColor") == PLUM
        starts[name] = page.evaluate(BOX, ".lp-portal h1")["left"]
        page.screenshot(
            path=ARTIFACTS / f"salon-frame-{name}-{language}-{width}.png", full_page=True
        )

    assert starts["shop"] == starts["overview"]  # the shop is aligned with the other pages
