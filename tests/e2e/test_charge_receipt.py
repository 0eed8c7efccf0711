"""The charge page as a till receipt, its buttons, and the guard rail before a rule is saved."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from loyalty_promos.models import Charge, PricingRule
from tests import factories
from tests.conftest import NOW

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal
PHONE = {"width": 390, "height": 844}


def charge_url(live_server, charge):
    return f"{live_server.url}/admin/loyalty_promos/charge/{charge.pk}/change/"


def both_widths(page, shot, name):
    shot(page, name, element="#content")
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_apply_and_remove_a_code_then_mark_paid_with_one_click(
    admin_page, live_server, booking, shot
):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    charge = api.checkout(booking)
    page = admin_page()
    page.goto(charge_url(live_server, charge))

    page.get_by_label("Promo code").fill("spring")
    page.get_by_role("button", name="Apply code").click()
    expect(page.locator(".messagelist")).to_contain_text("Code applied: 40.50 EUR now due.")
    expect(page.locator(".lp-receipt-lines")).to_contain_text("Printemps (SPRING)")
    both_widths(page, shot, "charge-receipt")

    page.get_by_role("button", name="Remove code SPRING").click()
    expect(page.locator(".messagelist")).to_contain_text("Code SPRING removed: 45.00 EUR now due.")

    page.get_by_role("button", name="Cash").click()
    expect(page.locator(".messagelist")).to_contain_text("Paid: 45.00 EUR by Cash.")
    charge.refresh_from_db()
    assert (charge.status, charge.method.code, charge.amount_due) == ("paid", "cash", D("45.00"))


def test_void_lists_what_comes_back_before_voiding(admin_page, live_server, booking, shot):
    api.add_credit(booking.customer, D("20.00"), description="Top-up")
    factories.CouponFactory(code="SPRING", discount_value=D("10"))
    charge = api.checkout(booking, code="SPRING", use_credits=True)
    page = admin_page()
    page.goto(charge_url(live_server, charge))

    page.get_by_role("link", name="Void…").click()
    releases = page.locator(".lp-releases")
    expect(releases).to_contain_text("The use of code SPRING (it can be used again).")
    expect(releases).to_contain_text("20.00 EUR back to the customer's credit")
    both_widths(page, shot, "charge-void")
    page.get_by_role("button", name="Yes, void it").click()

    expect(page.locator(".messagelist")).to_contain_text("The charge is void")
    assert Charge.objects.get(pk=charge.pk).status == "void"
    assert api.credit_balance(booking.customer) == D("20.00")


def test_a_pricing_rule_that_makes_everything_free_asks_first(admin_page, live_server, shot):
    for days in (1, 2, 3):
        factories.AppointmentFactory(start=NOW + datetime.timedelta(days=days))
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/pricingrule/add/")
    page.get_by_label("Name:").fill("Typo")
    page.get_by_label("Change:").select_option("amount")
    page.get_by_label("Value:").fill("-1000")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("#content")).to_contain_text(
        "Changes the price of 3 upcoming appointments; each becomes 0.00 EUR"
    )
    both_widths(page, shot, "pricing-rule-guard")
    assert not PricingRule.objects.exists()
    page.get_by_label("Save anyway").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("Changes the price of 3 upcoming")
    assert PricingRule.objects.get().value == D("-1000")


@pytest.mark.parametrize("language", ["fr", "ro"])
def test_the_receipt_in_other_languages(admin_page, live_server, booking, shot, language):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    charge = api.checkout(booking, code="SPRING")
    page = admin_page(language)
    page.goto(charge_url(live_server, charge))

    expect(page.locator(".lp-receipt-lines")).to_contain_text("40,50")
    both_widths(page, shot, f"{language}-charge-receipt")
