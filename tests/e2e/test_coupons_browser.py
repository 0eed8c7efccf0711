"""Staff tasks with promo codes, done in the real admin in Chromium as a receptionist would."""

import csv
import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from loyalty_promos.models import Coupon, CouponCode
from tests import factories
from tests.conftest import NOW
from tests.e2e.conftest import download, pick, run_action

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_coupon(page, live_server, coupon):
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/{coupon.pk}/change/")


def test_create_a_promo_code_with_restrictions(admin_page, live_server, shot):
    factories.ServiceFactory(name="Coupe femme")
    factories.ServiceFactory(name="Brushing")
    factories.StaffFactory(name="Inès")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")
    page.get_by_role("link", name="Add promo code").click()

    page.get_by_label("Name:").fill("Week-end")
    page.get_by_label("Code:").fill("weekend-10")
    page.get_by_label("Discount:", exact=True).fill("10")
    page.get_by_label("Saturday").check()
    page.get_by_label("Sunday").check()
    pick(page, "id_services", "Coupe femme")
    pick(page, "id_staff", "Inès")
    page.get_by_label("Maximum uses in total:").fill("50")
    page.get_by_label("Maximum uses per customer:").fill("1")
    shot(page, "coupon-add", element="#content")
    page.get_by_role("button", name="Save", exact=True).click()

    row = page.locator("#result_list tbody tr", has_text="Week-end")
    expect(row.locator(".lp-badge--active")).to_have_text("active")
    expect(row.locator(".lp-code")).to_have_text("weekend-10")
    shot(page, "coupon-list", element="#content")
    coupon = Coupon.objects.get(name="Week-end")
    assert coupon.weekdays == [5, 6]
    assert [str(s) for s in coupon.services.all()] == ["Coupe femme"]
    assert [str(s) for s in coupon.staff.all()] == ["Inès"]
    assert (coupon.max_uses, coupon.max_uses_per_customer) == (50, 1)


def test_generate_500_codes_and_download_them(admin_page, live_server, shot):
    coupon = factories.CouponFactory(name="Salon du mariage")
    page = admin_page()
    open_coupon(page, live_server, coupon)

    page.get_by_role("link", name="Generate codes").click()
    page.get_by_label("Number of codes:").fill("500")
    page.get_by_label("Prefix:").fill("MAR")
    shot(page, "codes-generate", element="#content")
    page.get_by_role("button", name="Generate").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "500 codes generated under “Salon du mariage”."
    )
    page.locator("#action-toggle").check()
    page.get_by_role("button", name="Select all 500 codes").click()
    run_action(page, "Export selected codes")
    page.get_by_label("Format:").select_option(label="xlsx")
    shot(page, "codes-export", element="#content")
    path = download(page, lambda: page.get_by_role("button", name="Submit").click())

    assert path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    codes = {row[0] for row in rows[1:]}
    assert len(rows) == 501
    assert codes == set(CouponCode.objects.filter(coupon=coupon).values_list("code", flat=True))
    assert all(code.startswith("MAR") for code in codes)


def test_paste_a_list_of_codes(admin_page, live_server, shot):
    coupon = factories.CouponFactory(name="Partenaire gym")
    factories.CouponFactory(code="GYM-002")  # already taken by another promo code
    page = admin_page()
    open_coupon(page, live_server, coupon)
    page.get_by_role("link", name="Paste codes").click()

    page.get_by_label("Codes:").fill("GYM-001\nGYM-002\nGYM-003")
    page.get_by_role("button", name="Add the codes").click()

    expect(page.locator(".errornote")).to_contain_text("Nothing was added.")
    expect(page.locator(".lp-errors")).to_contain_text("GYM-002")
    assert not CouponCode.objects.filter(coupon=coupon).exists()

    page.get_by_label("Codes:").fill("GYM-001\nGYM-003\ngym 004")
    shot(page, "codes-paste", element="#content")
    page.get_by_role("button", name="Add the codes").click()

    expect(page.locator(".messagelist")).to_contain_text("3 codes added to “Partenaire gym”.")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    expect(page.locator("#result_list")).to_contain_text("gym 004")


def test_delete_the_used_then_the_expired_codes(admin_page, live_server, booking, shot):
    current = factories.CouponFactory(name="Flyers", max_uses_per_customer=None)
    used = factories.CouponCodeFactory(coupon=current, code="FLY-USED", max_uses=1)
    factories.CouponCodeFactory(coupon=current, code="FLY-FREE")
    api.checkout(booking, code="FLY-USED")
    old = factories.CouponFactory(name="Noël", valid_until=NOW - datetime.timedelta(days=30))
    factories.CouponCodeFactory(coupon=old, code="NOEL-1")
    factories.CouponCodeFactory(coupon=old, code="NOEL-2")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/couponcode/")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)

    page.locator("#action-toggle").check()
    run_action(page, "Delete the used ones among the selected codes")
    expect(page.locator("#content")).to_contain_text("1 code will be deleted.")
    shot(page, "codes-delete-used", element="#content")
    page.get_by_role("button", name="Yes, I'm sure").click()
    expect(page.locator(".messagelist")).to_contain_text("1 code deleted.")

    page.locator("#action-toggle").check()
    run_action(page, "Delete the expired ones among the selected codes")
    page.get_by_role("button", name="Yes, I'm sure").click()

    expect(page.locator(".messagelist")).to_contain_text("2 codes deleted.")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert list(CouponCode.objects.values_list("code", flat=True)) == ["FLY-FREE"]
    assert not CouponCode.objects.filter(pk=used.pk).exists()
    assert booking.loyalty_promos_charges.get().discount_code == "FLY-USED"  # billing kept


def test_copy_a_code_from_the_list(admin_page, live_server):
    factories.CouponFactory(name="Summer", code="SUMMER26")
    page = admin_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")

    page.get_by_role("button", name="Copy the code SUMMER26").click()

    expect(page.get_by_role("button", name="Copy the code SUMMER26")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "SUMMER26"


def test_test_a_code_before_the_customer_is_at_the_till(admin_page, live_server, booking, shot):
    factories.CouponFactory(name="Semaine", code="SEMAINE", weekdays=[5, 6])
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")
    page.get_by_role("link", name="Test a code").click()

    page.get_by_label("Code:").fill("semaine")
    pick(page, "id_customer", "Camille")  # the customer and the day of the appointment
    page.get_by_label("Appointment day:").fill("2026-03-16")
    page.get_by_role("button", name="Test").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "This code is valid on Saturday and Sunday only."
    )
    shot(page, "code-test", element="#content")


def test_export_codes_as_csv_reads_back(admin_page, live_server):
    coupon = factories.CouponFactory(name="Rentrée")
    for code in ("RENTREE-A", "RENTREE-B"):
        factories.CouponCodeFactory(coupon=coupon, code=code)
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/couponcode/")

    page.locator("#action-toggle").check()
    run_action(page, "Export selected codes")
    page.get_by_label("Format:").select_option(label="csv")
    path = download(page, lambda: page.get_by_role("button", name="Submit").click())

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert sorted(row[0] for row in rows[1:]) == ["RENTREE-A", "RENTREE-B"]
