"""The overview, the app's landing page: what is left to do today, and how the business goes."""

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import NOW
from tests.e2e.conftest import ARTIFACTS
from tests.test_customer_overview_services import give_everything

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def overview_url(live_server):
    return f"{live_server.url}/admin/loyalty_promos/"


@pytest.fixture
def salon_day(customer):
    give_everything(customer)
    give_everything(factories.CustomerFactory(first_name="Léa", last_name="Martin"), copies=2)
    return factories.AppointmentFactory(customer=customer, start=NOW - datetime.timedelta(days=2))


def assert_legend_swatches_keep_their_size(page):
    swatches = page.locator(".lp-legend svg")
    assert swatches.count() >= 2
    for n in range(swatches.count()):
        box = swatches.nth(n).bounding_box()
        assert (round(box["width"]), round(box["height"])) == (12, 12)


def test_the_overview_lists_the_appointments_to_check_out(admin_page, live_server, salon_day, shot):
    page = admin_page()
    page.get_by_role("link", name="Overview").first.click()

    expect(page).to_have_url(overview_url(live_server))
    expect(page.locator("h1")).to_have_text("Overview")
    expect(page.locator("#lp-to-check-out")).to_contain_text("Appointments to check out")
    assert_legend_swatches_keep_their_size(page)
    shot(page, "overview", element="#content")

    page.locator(f'a.lp-checkout-link[href$="/checkout/{salon_day.pk}/"]').click()
    expect(page.locator("h1")).to_have_text("Check out an appointment")


def test_the_report_chart_legend_does_not_push_the_buttons_away(admin_page, live_server, salon_day):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/report/billing/")

    assert_legend_swatches_keep_their_size(page)
    figure = page.locator(".lp-chart").first.bounding_box()
    assert figure["height"] < 400  # the chart and its legend, not a 3,000 px gap


@pytest.mark.parametrize("language", ["en", "fr", "ro"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_overview_reads_well_in_each_language_and_width(
    admin_page, live_server, salon_day, language, width
):
    page = admin_page(language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(overview_url(live_server))

    expect(page.locator(".lp-overview")).to_be_visible()
    assert_legend_swatches_keep_their_size(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"the page scrolls sideways at {width}px ({scroll}px)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"overview-{language}-{width}.png", full_page=True)
