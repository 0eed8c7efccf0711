"""Staff switch the admin to French or Romanian and work in it."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from tests import factories
from tests.e2e.conftest import pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_language(page, name):
    page.locator(".lp-language").get_by_role("button", name=name).click()


def test_switch_to_french_and_add_credit(admin_page, live_server, customer, shot):
    page = admin_page()
    switch_language(page, "Français")
    expect(page.get_by_role("link", name="Facturations").first).to_be_visible()

    page.goto(f"{live_server.url}/admin/loyalty_promos/creditbalance/")
    page.get_by_role("link", name="Ajouter du crédit / rembourser").click()
    pick(page, "id_customer", "Camille")
    page.get_by_label("Type").select_option(label="Recharge (payée par le client)")
    page.get_by_label("Montant").fill("40")
    page.get_by_label("Motif").fill("Payé en espèces")
    shot(page, "fr-credit-add", element="#content")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "Camille Dupont a maintenant 40,00 de crédit."
    )
    assert api.credit_balance(customer) == Decimal("40.00")


def test_switch_to_romanian_and_test_a_code(admin_page, live_server, booking, shot):
    factories.CouponFactory(name="Weekend", code="WEEKEND", weekdays=[5, 6])
    page = admin_page()
    switch_language(page, "Română")
    expect(page.get_by_role("link", name="Încasări").first).to_be_visible()

    page.goto(f"{live_server.url}/admin/loyalty_promos/coupon/")
    page.get_by_role("link", name="Testați un cod").click()
    page.get_by_label("Cod", exact=False).first.fill("weekend")
    pick(page, "id_customer", "Camille")  # the customer and the day, never a booking id
    page.locator("#id_day").fill("16.03.2026")
    page.get_by_role("button", name="Testează").click()

    # The refusal names the days allowed, in Romanian (the days from Django's own catalogue).
    expect(page.get_by_role("alert")).to_contain_text(re.compile("sâmbătă", re.IGNORECASE))
    expect(page.get_by_role("alert")).to_contain_text(re.compile("duminică", re.IGNORECASE))
    shot(page, "ro-code-test", element="#content")
