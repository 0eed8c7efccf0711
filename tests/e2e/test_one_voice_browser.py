"""One voice per language, imports staff can fix, pickers: as staff meet them in Chromium."""

import csv
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from tests import factories
from tests.e2e.conftest import ARTIFACTS, download, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal
NBSP = "\xa0"


def big_charges():
    """Two charges whose sums need a thousands separator: 1,736.50 + 1,200.00."""
    factories.CouponFactory(name="Printemps", code="PRINTEMPS", discount_value=D("10"))
    customer = factories.CustomerFactory(first_name="Ana", last_name="Pop")
    for name, price in (("Mariage", "1736.50"), ("Chignon", "1200.00")):
        service = factories.ServiceFactory(name=name, price=price)
        booking = factories.AppointmentFactory(customer=customer, service=service)
        api.checkout(booking, code="PRINTEMPS")


def report(live_server, code="billing"):
    return f"{live_server.url}/admin/loyalty_promos/report/{code}/"


@pytest.mark.parametrize(
    ("language", "total"),
    [("en", "2,642.85"), ("fr", f"2{NBSP}642,85"), ("ro", "2.642,85")],
)
def test_report_totals_read_in_the_staff_language(admin_page, live_server, language, total):
    big_charges()
    page = admin_page(language)
    page.goto(report(live_server))

    totals = page.locator(".lp-totals")
    expect(totals).to_contain_text(total)  # amount due: 2,936.50 less 10 %
    expect(page.locator("#result_list")).not_to_contain_text("0000")  # no raw Decimal
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=ARTIFACTS / f"one-voice-{language}-{width}.png", full_page=True)


def test_the_french_excel_csv_has_decimal_commas(admin_page, live_server):
    big_charges()
    page = admin_page("fr")
    page.goto(report(live_server))

    path = download(page, lambda: page.locator("a[href*='csv=fr-excel']").click())

    assert path.name == "billing_all-dates_fr-excel.csv"
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    amounts = {cell for row in rows[1:] for cell in row if cell.replace(",", "").isdigit()}
    assert {"1736,50", "1562,85", "1200,00", "1080,00"} <= amounts


def test_an_import_with_bad_rows_lists_them_all(admin_page, live_server, tmp_path, shot):
    factories.CouponFactory(name="Salon fair")
    upload = tmp_path / "codes.csv"
    upload.write_text(
        "code,promo code,maximum uses of this code,active\n"
        "FAIR-001,Salon fair,1,1\n"
        "FAIR-002,Salon fair,abc,1\n"
        "fair 001,Salon fair,1,1\n"
        "FAIR-004,Nope,1,1\n",
        encoding="utf-8",
    )
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/couponcode/import/")
    expect(page.get_by_role("link", name="Template (.xlsx)")).to_be_visible()

    page.locator("#id_import_file").set_input_files(str(upload))
    page.locator("#id_format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()

    problems = page.locator(".lp-import-problems")
    expect(problems).to_contain_text("3 rows to correct: nothing was imported")
    rows = problems.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("3")
    expect(rows.nth(0)).to_contain_text("maximum uses of this code: Enter a whole number")
    expect(rows.nth(1)).to_contain_text("Same code as row 2.")
    expect(rows.nth(2)).to_contain_text("No promo code is named “Nope”.")
    expect(page.locator("body")).not_to_contain_text("ConversionSyntax")
    shot(page, "import-errors", element="#content")


def test_an_import_missing_a_column_says_so_once(admin_page, live_server, tmp_path, shot):
    upload = tmp_path / "codes.csv"
    upload.write_text("code\n" + "".join(f"A-{n}\n" for n in range(200)), encoding="utf-8")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/couponcode/import/")

    page.locator("#id_import_file").set_input_files(str(upload))
    page.locator("#id_format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()

    problems = page.locator(".lp-import-problems")
    expect(problems).to_contain_text("Nothing was imported")
    expect(problems).to_contain_text("The file has no column “promo code”.")
    expect(problems.locator("tbody tr")).to_have_count(0)
    shot(page, "import-missing-column", element="#content")


def test_check_out_an_appointment_found_by_customer_and_day(admin_page, live_server, booking):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/charge/")
    page.get_by_role("link", name="Check out an appointment").click()

    pick(page, "id_customer", "Camille")
    page.get_by_label("Appointment day:").fill("2026-03-16")
    page.get_by_role("button", name="Find the appointments").click()
    page.screenshot(path=ARTIFACTS / "checkout-picker-en-1280.png", full_page=True)

    row = page.locator("tr", has_text="Coupe femme")
    row.get_by_role("link", name="Check out").click()
    expect(page.locator("h1")).to_contain_text("Check out an appointment")
    expect(page.locator("#content")).to_contain_text("45.00 EUR")
