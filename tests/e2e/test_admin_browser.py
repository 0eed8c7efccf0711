import pytest
from playwright.sync_api import expect

from loyalty_promos.models import Charge
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_and_open_the_billing_records(admin_page):
    factories.ChargeFactory(customer_name="Ioana Popescu", status=Charge.Status.PENDING)

    page = admin_page()
    page.get_by_role("link", name="Billing").first.click()  # our models, grouped
    expect(page.locator("h1")).to_have_text("Overview")
    page.get_by_role("link", name="Charges").first.click()

    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("Ioana Popescu")
    expect(row.locator(".lp-badge--pending")).to_have_text("pending")


@pytest.mark.parametrize(
    ("language", "help_text"),
    [
        ("fr", "Tout ce qui concerne les promotions et la fidélité"),
        ("ro", "Aici găsiți tot ce ține de promoții și fidelizare"),
    ],
    ids=["fr", "ro"],
)
def test_the_admin_speaks_the_staff_language(admin_page, language, help_text):
    page = admin_page(language)

    page.locator('a.section[href$="/admin/loyalty_promos/"]').first.click()  # a group's caption

    expect(page.get_by_text(help_text)).to_be_visible()
