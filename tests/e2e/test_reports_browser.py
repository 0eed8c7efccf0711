"""Staff tasks in the reports: points from the report, filtered exports, a background export."""

import csv
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from loyalty_promos.compat import DUMMY_TASK_BACKEND
from loyalty_promos.models import ExportJob
from loyalty_promos.reports.tasks import run_export
from tests import factories
from tests.e2e.conftest import download, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal


def report_url(live_server, code):
    return f"{live_server.url}/admin/loyalty_promos/report/{code}/"


def test_add_points_from_the_report_button(admin_page, live_server, customer, shot):
    page = admin_page()
    page.goto(report_url(live_server, "points"))
    page.get_by_role("link", name="Add points").click()

    pick(page, "id_customer", "Camille")
    page.get_by_label("Points:").fill("30")
    page.get_by_label("Description:").fill("Parrainage de Léa")
    shot(page, "points-add", element="#content")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messagelist")).to_contain_text("Camille Dupont now has 30 points.")
    expect(page).to_have_url(report_url(live_server, "points"))
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Parrainage de Léa")


def test_add_a_bonus_from_a_row_of_the_report(admin_page, live_server, customer, shot):
    api.adjust_points(customer, 20, "Bienvenue")
    page = admin_page()
    page.goto(report_url(live_server, "points"))
    shot(page, "points-report", element="#content")

    page.locator("#result_list tbody tr", has_text="Bienvenue").get_by_role(
        "link", name="Add bonus"
    ).click()
    expect(page.locator("#select2-id_customer-container")).to_have_attribute(
        "title", "Camille Dupont"
    )
    page.get_by_label("Points:").fill("10")
    page.get_by_label("Description:").fill("Anniversaire")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messagelist")).to_contain_text("Camille Dupont now has 30 points.")
    assert api.points_balance(customer) == 30


def charges_with_codes():
    spring = factories.CouponFactory(name="Printemps", code="PRINTEMPS", discount_value=D("10"))
    factories.CouponFactory(name="Été", code="ETE", discount_value=D("20"))
    for name, code in [("Ana Pop", "PRINTEMPS"), ("Luc Martin", "PRINTEMPS"), ("Zoé Roy", "ETE")]:
        first, last = name.split()
        customer = factories.CustomerFactory(first_name=first, last_name=last)
        api.checkout(factories.AppointmentFactory(customer=customer), code=code)
    api.checkout(factories.AppointmentFactory())
    return spring


def column(rows, header):
    index = list(rows[0]).index(header)
    return sorted(row[index] for row in rows[1:])


def test_filter_the_billing_report_by_a_code_and_export_it(admin_page, live_server, shot):
    charges_with_codes()
    page = admin_page()
    page.goto(report_url(live_server, "billing"))
    expect(page.locator("#result_list tbody tr")).to_have_count(4)

    pick(page, "id_coupons", "Printemps")  # a search box, not a list of every code
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    shot(page, "report-billing", element="#content")

    xlsx = download(page, lambda: page.get_by_role("link", name="Export to Excel (.xlsx)").click())
    rows = list(openpyxl.load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True))
    assert column(rows, "customer") == ["Ana Pop", "Luc Martin"]
    assert column(rows, "promo code") == ["PRINTEMPS", "PRINTEMPS"]

    text = download(page, lambda: page.get_by_role("link", name="Export to CSV").click())
    with text.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert column(rows, "customer") == ["Ana Pop", "Luc Martin"]
    assert column(rows, "amount due") == ["45.00", "45.00"]  # 50.00 less 10 %


def test_a_large_export_runs_in_the_background_with_its_progress(
    admin_page, live_server, settings, tmp_path, shot
):
    settings.MEDIA_ROOT = tmp_path
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "EXPORT_BACKGROUND_THRESHOLD": 2}
    # A queue that keeps tasks for a worker; this test is the worker.
    settings.TASKS = {"default": {"BACKEND": DUMMY_TASK_BACKEND}}
    charges_with_codes()
    page = admin_page()
    page.goto(report_url(live_server, "billing"))

    page.get_by_role("link", name="Export to Excel (.xlsx)").click()

    expect(page.locator("#content-main")).to_contain_text("0 of 4 rows written.")
    expect(page.get_by_role("progressbar", name="Progress")).to_have_attribute("value", "0")
    expect(page.locator("#content-main")).to_contain_text("This page refreshes by itself")
    shot(page, "export-progress", element="#content")
    run_export.call(ExportJob.objects.get().pk)  # the worker picks the task up

    link = page.get_by_role("link", name="Download")
    expect(link).to_be_visible(timeout=10_000)  # the page refreshed by itself
    expect(page.locator("#content-main")).to_contain_text("4 of 4 rows written.")
    path = download(page, link.click)
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 5


BOX = "(el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom, r.height]; }"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_export_buttons_sit_on_their_own_row_above_the_totals(admin_page, live_server, width):
    charges_with_codes()
    page = admin_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(report_url(live_server, "billing"))

    _top, exports_bottom, height = page.locator(".lp-exports").evaluate(BOX)
    totals_top, _bottom, _height = page.locator(".lp-totals").evaluate(BOX)
    assert height > 0  # the row holds its buttons (not floated out of it)
    assert exports_bottom <= totals_top  # the totals read on full lines below, not squeezed
    labels = page.locator(".lp-chart svg text").all_text_contents()
    assert not any(" 20" in label for label in labels)  # month and year on separate lines
