import pytest
from playwright.sync_api import expect

from loyalty_promos.models import Charge
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_and_open_the_billing_records(admin_page):
    factories.ChargeFactory(customer_name="Ioana Popescu", status=Charge.Status.PENDING)

    page = admin_page()
    page.get_by_role("link", name="Promotions and loyalty").click()
    page.get_by_role("link", name="Charges").first.click()

    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("Ioana Popescu")
    expect(row.locator(".lp-badge--pending")).to_have_text("pending")


@pytest.mark.parametrize(
    ("language", "app_name", "help_text"),
    [
        ("fr", "Promotions et fidélité", "Tout ce qui concerne les promotions et la fidélité"),
        ("ro", "Promoții și fidelizare", "Aici găsiți tot ce ține de promoții și fidelizare"),
    ],
    ids=["fr", "ro"],
)
def test_the_admin_speaks_the_staff_language(admin_page, language, app_name, help_text):
    page = admin_page(language)

    page.get_by_role("link", name=app_name).click()

    expect(page.get_by_text(help_text)).to_be_visible()
