"""A customer books on the salon's public side: a code changes the price without a
reload, credits pay the rest, the confirmation says "Paid with credits"."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from loyalty_promos import api
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The live server counts code checks in this process's cache: none counted yet."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def salon(customer):
    """Camille has a login and 100 € of credits; a 10 % code is on."""
    user = factories.UserFactory(username="camille")
    customer.user = user
    customer.save(update_fields=["user"])
    api.add_credit(customer, D("100.00"), "top-up")
    factories.ServiceFactory(name="Coupe brushing", price=D("50.00"), duration_minutes=45)
    factories.StaffFactory(name="Inès")
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    return customer


def log_in(new_page, live_server, language="en", width=1280):
    page = new_page(language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "secret")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/book/")
    return page


def fill_booking(page):
    page.select_option("#id_service", label="Coupe brushing")
    page.select_option("#id_staff", label="Inès")
    page.fill("#id_start", "2026-03-16T10:00")
    page.locator("#id_start").dispatch_event("change")


def due(page):
    return page.locator(".loyalty-price-amount_due td")


def test_book_with_a_code_and_credits_without_reload(new_page, live_server, salon):
    page = log_in(new_page, live_server)
    page.evaluate("window.stillTheSamePage = true")

    fill_booking(page)
    page.wait_for_selector(".loyalty-price-amount_due")
    assert due(page).inner_text() == "50.00\xa0€"

    page.fill("#id_promo_code", "spring")
    page.keyboard.press("Enter")  # prices the booking, does not send the form
    page.wait_for_selector(".loyalty-price-coupon")
    assert page.locator(".loyalty-price-coupon").inner_text().split("\t") == [
        "Printemps (SPRING)",
        "-5.00\xa0€",
    ]
    assert due(page).inner_text() == "45.00\xa0€"

    page.check("#id_use_credits")
    page.wait_for_selector(".loyalty-price-credits")
    assert due(page).inner_text() == "0.00\xa0€"
    assert page.evaluate("window.stillTheSamePage") is True  # no reload all along

    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_url(f"{live_server.url}/bookings/*/")
    assert page.locator("[data-payment-state]").inner_text() == "Paid with credits"
    assert api.credit_balance(salon) == D("55.00")


def test_a_refused_code_is_explained_live(new_page, live_server, salon):
    page = log_in(new_page, live_server)
    fill_booking(page)
    page.fill("#id_promo_code", "NOPE")
    page.locator("#id_promo_code").press("Tab")

    error = page.locator("[data-loyalty-price-error]")
    error.wait_for()
    assert error.inner_text() == "This code does not exist. Check the spelling."
    assert due(page).inner_text() == "50.00\xa0€"


def test_without_javascript_update_price_reloads_with_the_price(browser, live_server, salon):
    context = browser.new_context(java_script_enabled=False, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "secret")
    page.locator("main button[type=submit]").click()
    page.select_option("#id_service", label="Coupe brushing")
    page.fill("#id_start", "2026-03-16T10:00")
    page.fill("#id_promo_code", "SPRING")
    page.get_by_role("button", name="Update price").click()

    assert due(page).inner_text() == "45.00\xa0€"
    context.close()


@pytest.mark.parametrize("language", ["en", "fr", "ro"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(new_page, live_server, salon, language, width):
    page = log_in(new_page, live_server, language, width)
    fill_booking(page)
    page.fill("#id_promo_code", "SPRING")
    page.locator("#id_promo_code").press("Tab")
    page.wait_for_selector(".loyalty-price-coupon")
    ARTIFACTS.mkdir(exist_ok=True)
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=ARTIFACTS / f"booking-{language}-{width}.png", full_page=True)

    page.check("#id_use_credits")
    page.wait_for_selector(".loyalty-price-credits")
    page.locator("button[name=book]").click()
    page.wait_for_url(f"{live_server.url}/bookings/*/")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=ARTIFACTS / f"booked-{language}-{width}.png", full_page=True)


UNLABELLED = """() => [...document.querySelectorAll('main input, main select, main textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !el.title)
  .map(el => el.name || el.id)"""
FOCUSED = "() => document.activeElement.name || document.activeElement.id"


def test_every_field_is_labelled_and_reached_by_keyboard(new_page, live_server, salon):
    page = log_in(new_page, live_server)
    assert page.evaluate(UNLABELLED) == []
    fields = page.evaluate(
        "() => [...document.querySelectorAll('main form :is(input, select, button)')]"
        ".filter(el => el.type !== 'hidden').map(el => el.name || el.id)"
    )
    reached = set()
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(FOCUSED))

    assert set(fields) - reached == set()
    assert {"promo_code", "use_credits", "update_price", "book"} <= set(fields)


def test_login_fields_are_labelled(new_page, live_server, salon):
    page = new_page("fr")
    page.goto(f"{live_server.url}/login/")

    assert page.evaluate(UNLABELLED) == []
    assert page.get_by_label("Nom d’utilisateur").is_visible()
