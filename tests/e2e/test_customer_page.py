"""A customer at a glance: reached from a charge, and an action taken from it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from tests import factories
from tests.e2e.conftest import ARTIFACTS
from tests.test_customer_overview_services import give_everything

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regular(customer):
    give_everything(customer)
    return customer


def test_from_a_charge_to_the_customer_then_add_credit(admin_page, live_server, regular, shot):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/charge/")
    page.locator("#result_list .lp-customer-link", has_text="Camille Dupont").first.click()

    expect(page.locator("h1")).to_have_text("Camille Dupont")
    expect(page.locator(".lp-tiles")).to_contain_text("20.00")
    shot(page, "customer", element="#content")

    page.get_by_role("link", name="Add credit or a refund").click()
    expect(page.locator("#select2-id_customer-container")).to_have_attribute(
        "title", "Camille Dupont"
    )
    page.get_by_label("Kind").select_option(label="Refund")
    page.get_by_label("Amount").fill("15")
    page.get_by_label("Reason").fill("Coloration ratée")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messagelist")).to_contain_text("Camille Dupont now has 35.00 of credit.")
    expect(page.locator("h1")).to_have_text("Camille Dupont")  # back on the customer page
    expect(page.locator("#lp-c-credit").locator("..")).to_contain_text("Coloration ratée")
    assert api.credit_balance(regular) == Decimal("35.00")


def test_apply_a_code_to_a_pending_charge_from_the_customer_page(admin_page, live_server, regular):
    factories.CouponFactory(name="Printemps", code="PRINTEMPS")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/overview/customer/{regular.pk}/")

    page.get_by_role("link", name="Apply a code").first.click()
    page.get_by_label("Code").fill("printemps")
    page.get_by_role("button", name="Apply").click()

    expect(page.locator(".messagelist")).to_contain_text("Code applied")


@pytest.mark.parametrize("language", ["en", "fr", "ro"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_customer_page_reads_well_in_each_language_and_width(
    admin_page, live_server, regular, language, width
):
    page = admin_page(language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/loyalty_promos/overview/customer/{regular.pk}/")

    expect(page.locator(".lp-tiles")).to_be_visible()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"the page scrolls sideways at {width}px ({scroll}px)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"customer-{language}-{width}.png", full_page=True)
