"""Staff tasks at the desk: checkout, codes on pending payments, packages, credits, rewards."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from loyalty_promos import api
from loyalty_promos.models import Charge, CustomerPackage, LoyaltyProgram
from tests import factories
from tests.e2e.conftest import pick, run_action

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = Decimal


def test_apply_a_code_to_a_pending_payment(admin_page, live_server, booking, shot):
    factories.CouponFactory(name="Printemps", code="PRINTEMPS", discount_value=D("10"))
    api.checkout(booking)
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/charge/")

    page.locator("#result_list tbody tr", has_text="Camille Dupont").locator(
        ".action-select"
    ).check()
    run_action(page, "Apply a promo code to the selected pending charge")
    page.get_by_label("Code:").fill("printemps")
    shot(page, "charge-apply-code", element="#content")
    page.get_by_role("button", name="Apply").click()

    expect(page.locator(".messagelist")).to_contain_text("Code applied: 40.50 EUR now due.")
    breakdown = page.locator(".lp-breakdown")
    expect(breakdown).to_contain_text("Printemps (PRINTEMPS)")
    expect(breakdown).to_contain_text("-4.50")
    assert Charge.objects.get().amount_due == D("40.50")


def test_assign_a_package_then_check_the_appointment_out(
    admin_page, live_server, booking, customer, shot
):
    factories.PackagePlanFactory(name="5 coupes", visits=5, price=D("180"))
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/customerpackage/")
    page.get_by_role("link", name="Assign a package").click()

    pick(page, "id_customer", "Camille")
    page.get_by_label("Plan:").select_option(label="5 coupes")
    page.get_by_label("Also cover appointments already booked").check()
    page.get_by_role("button", name="Assign").click()

    preview = page.get_by_role("region", name="Appointments already booked")
    expect(preview).to_contain_text("Coupe femme")
    expect(preview).to_contain_text("not checked out yet")
    expect(preview.locator("tbody td").nth(2)).to_have_text("0.00")
    shot(page, "package-assign-preview", element="#content")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist")).to_contain_text("5 coupes assigned to Camille Dupont.")

    page.goto(f"{live_server.url}/admin/salon/appointment/")
    page.locator("#result_list tbody tr", has_text="Camille").get_by_role(
        "link", name="Check out"
    ).click()
    expect(page.locator(".lp-breakdown")).to_contain_text("5 coupes")
    shot(page, "checkout", element="#content")
    page.get_by_role("button", name="Check out").click()

    expect(page.locator(".messagelist")).to_contain_text("Checked out: 0.00 EUR to pay (paid).")
    package = CustomerPackage.objects.get()
    assert (package.visits_left, Charge.objects.get().package_amount) == (4, D("45.00"))


def test_check_out_with_a_refused_code_then_a_good_one(admin_page, live_server, booking, shot):
    factories.CouponFactory(name="Printemps", code="PRINTEMPS", discount_value=D("10"))
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/charge/checkout/{booking.pk}/")

    page.get_by_label("Promo code:").fill("PRINTEMP")
    page.get_by_role("button", name="Preview the amount").click()
    expect(page.locator(".field-code .errorlist")).to_have_text(
        "This code does not exist. Check the spelling."
    )
    page.get_by_label("Promo code:").fill("PRINTEMPS")
    page.get_by_role("radio", name="Card").check()  # one click: the methods are radio buttons
    page.get_by_role("button", name="Preview the amount").click()
    expect(page.locator(".lp-breakdown")).to_contain_text("40.50 EUR")
    shot(page, "checkout-payment-method", element="#content")
    page.get_by_role("button", name="Check out").click()

    expect(page.locator(".messagelist")).to_contain_text("Checked out: 40.50 EUR to pay (paid).")
    charge = Charge.objects.get()
    assert (charge.discount_code, charge.method.code) == ("PRINTEMPS", "card")


def test_add_credit_to_a_customer(admin_page, live_server, customer, shot):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/creditbalance/")
    page.get_by_role("link", name="Add credit / refund").click()

    pick(page, "id_customer", "Camille")
    page.get_by_label("Kind:").select_option(label="Top-up (paid by the customer)")
    page.get_by_label("Amount:").fill("50")
    page.get_by_label("Reason:").fill("Paid at the desk, card")
    shot(page, "credit-add", element="#content")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messagelist")).to_contain_text("Camille Dupont now has 50.00 of credit.")
    expect(page.locator("#result_list tbody tr", has_text="Camille Dupont")).to_contain_text(
        "50.00"
    )
    assert api.credit_balance(customer) == D("50.00")


def test_taking_back_more_credit_than_there_is_is_refused(admin_page, live_server, customer):
    api.add_credit(customer, D("10"), "Top-up")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/creditbalance/add-credit/")

    pick(page, "id_customer", "Camille")
    page.get_by_label("Kind:").select_option(label="Correction: take credit back")
    page.get_by_label("Amount:").fill("25")
    page.get_by_label("Reason:").fill("Mistake")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".field-amount .errorlist")).to_contain_text(
        "The customer does not have enough credit."
    )
    assert api.credit_balance(customer) == D("10.00")


def test_redeem_a_reward_and_use_its_code_at_checkout(
    admin_page, live_server, customer, booking, shot
):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    factories.RewardFactory(name="10 € offerts", points_cost=100, value=D("10"))
    api.adjust_points(customer, 150, "Welcome")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/loyalty_promos/pointsentry/")
    page.get_by_role("link", name="Camille Dupont").first.click()

    page.get_by_role("link", name="Redeem a reward").click()
    page.get_by_label("Reward:").select_option(label="10 € offerts — 100 points")
    shot(page, "reward-redeem", element="#content")
    page.get_by_role("button", name="Redeem").click()

    message = page.locator(".messagelist")
    expect(message).to_contain_text("10 € offerts redeemed: give Camille Dupont the code R")
    expect(page.locator(".lp-tiles")).to_contain_text("50")  # the customer page's points
    code = page.locator(".lp-reward-code").first.inner_text()
    shot(page, "points-customer", element="#content")

    page.goto(f"{live_server.url}/admin/loyalty_promos/charge/checkout/{booking.pk}/")
    page.get_by_label("Promo code:").fill(code)
    page.get_by_role("button", name="Check out").click()
    expect(page.locator(".messagelist")).to_contain_text("Checked out: 35.00 EUR to pay")
