"""Staff flows for promo codes, in the real admin, in Chromium."""

import pytest
from playwright.sync_api import expect

from loyalty_promos.models import Coupon
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_a_promo_code_then_generate_a_batch(admin_page, live_server):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/add/")

    page.get_by_label("Name:").fill("Week-end")
    page.get_by_label("Code:").fill("weekend-10")
    page.get_by_label("Discount:", exact=True).fill("10")
    page.get_by_label("Saturday").check()
    page.get_by_label("Sunday").check()
    page.get_by_role("button", name="Save", exact=True).click()

    row = page.locator("#result_list tbody tr", has_text="Week-end")
    expect(row.locator(".lp-badge--active")).to_have_text("active")
    expect(row.locator(".lp-code")).to_have_text("weekend-10")
    assert Coupon.objects.get(name="Week-end").weekdays == [5, 6]

    row.get_by_role("link", name="Week-end").click()
    page.get_by_role("link", name="Generate codes").click()
    page.get_by_label("Number of codes:").fill("20")
    page.get_by_label("Prefix:").fill("WE")
    page.get_by_role("button", name="Generate").click()

    expect(page.locator(".messagelist")).to_contain_text("20 codes generated under “Week-end”.")
    expect(page.locator("#result_list tbody tr")).to_have_count(20)


def test_copy_a_code_from_the_list(admin_page, live_server):
    factories.CouponFactory(name="Summer", code="SUMMER26")
    page = admin_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")

    page.get_by_role("button", name="Copy the code SUMMER26").click()

    expect(page.get_by_role("button", name="Copy the code SUMMER26")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "SUMMER26"


def test_test_a_code_before_the_customer_is_at_the_till(admin_page, live_server, booking):
    factories.CouponFactory(name="Semaine", code="SEMAINE", weekdays=[5, 6])
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")
    page.get_by_role("link", name="Test a code").click()

    page.get_by_label("Code:").fill("semaine")
    page.get_by_label("Existing booking:").fill(str(booking.pk))
    page.get_by_role("button", name="Test").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "This code is not valid on this day of the week."
    )
