from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import CreditEntry, GiftCard
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


# Charges -----------------------------------------------------------------------------------


def test_a_charge_shows_each_step_of_its_amount(admin_client, booking):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    charge = api.checkout(booking, code="SPRING")

    response = admin_client.get(reverse("admin:loyalty_promos_charge_change", args=[charge.pk]))

    assert "Printemps (SPRING)" in response.text
    assert "-4.50" in response.text
    assert "40.50" in response.text


def test_mark_pending_charges_paid_with_a_method(admin_client, booking):
    charge = api.checkout(booking)
    url = reverse("admin:loyalty_promos_charge_changelist")
    selection = {"action": "mark_paid", "_selected_action": [charge.pk]}

    page = admin_client.post(url, selection)
    assert "1 pending charge will be marked paid." in page.text
    response = admin_client.post(url, {**selection, "method": "card"}, follow=True)

    charge.refresh_from_db()
    assert (charge.status, charge.payment_method) == ("paid", "card")
    assert "1 charge marked paid." in response.text


def test_apply_a_code_to_a_pending_charge(admin_client, booking):
    factories.CouponFactory(code="HALF", discount_value=D("50"))
    charge = api.checkout(booking)
    url = reverse("admin:loyalty_promos_charge_apply_code", args=[charge.pk])

    response = admin_client.post(url, {"code": "half"}, follow=True)

    charge.refresh_from_db()
    assert charge.amount_due == D("22.50")
    assert "Code applied: 22.50 EUR now due." in response.text


def test_a_refused_code_is_explained_on_the_page(admin_client, booking):
    charge = api.checkout(booking)

    response = admin_client.post(
        reverse("admin:loyalty_promos_charge_apply_code", args=[charge.pk]), {"code": "NOPE"}
    )

    assert "This code does not exist. Check the spelling." in response.text
    charge.refresh_from_db()
    assert charge.amount_due == D("45.00")


def test_charge_actions_need_their_permissions(client, booking):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_charge"))
    client.force_login(user)
    charge = api.checkout(booking)

    listing = client.get(reverse("admin:loyalty_promos_charge_changelist"))
    form = listing.context["action_form"]
    actions = dict(form.fields["action"].choices) if form else {}

    assert "mark_paid" not in actions
    assert "apply_code" not in actions
    url = reverse("admin:loyalty_promos_charge_apply_code", args=[charge.pk])
    assert client.get(url).status_code == 403


# Gift cards ---------------------------------------------------------------------------------


def test_issue_a_gift_card_from_the_admin(admin_client, customer):
    response = admin_client.post(
        reverse("admin:loyalty_promos_giftcard_add"),
        {
            "code": "",
            "initial_value": "50",
            "owner": customer.pk,
            "expires_at_0": "",
            "note": "Noël",
        },
    )

    assert response.status_code == 302
    card = GiftCard.objects.get()
    assert (card.balance, card.owner, len(card.code)) == (D("50.00"), customer, 12)
    assert card.entries.get().kind == "issue"


def test_a_taken_gift_card_code_is_refused(admin_client):
    api.issue_gift_card(D("10"), code="NOEL2026")

    response = admin_client.post(
        reverse("admin:loyalty_promos_giftcard_add"),
        {"code": "noel-2026", "initial_value": "20", "expires_at_0": "", "expires_at_1": ""},
    )

    assert "A gift card with this code already exists." in response.text


# Credits ----------------------------------------------------------------------------------------


def test_add_credit_to_a_customer_with_a_reason(admin_client, customer):
    response = admin_client.post(
        reverse("admin:loyalty_promos_credit_add"),
        {"customer": customer.pk, "kind": "discount", "amount": "15", "reason": "Retard"},
        follow=True,
    )

    entry = CreditEntry.objects.get()
    assert (entry.kind, entry.amount, entry.description, entry.created_by.username) == (
        "discount", D("15.00"), "Retard", "admin")  # fmt: skip
    assert "Camille Dupont now has 15.00 of credit." in response.text


def test_taking_back_more_credit_than_the_balance_is_refused(admin_client, customer):
    api.add_credit(customer, D("5"), "")

    response = admin_client.post(
        reverse("admin:loyalty_promos_credit_add"),
        {"customer": customer.pk, "kind": "reversal", "amount": "6", "reason": "Erreur"},
    )

    assert "The customer does not have enough credit." in response.text
    assert api.credit_balance(customer) == D("5.00")


def test_add_credit_to_several_customers_at_once(admin_client):
    customers = factories.CustomerFactory.create_batch(3)
    for customer in customers:
        api.add_credit(customer, D("1"), "")
    url = reverse("admin:loyalty_promos_creditbalance_changelist")
    pks = [c.loyalty_promos_credit.pk for c in customers]

    admin_client.post(url, {"action": "add_credit", "_selected_action": pks})
    admin_client.post(url, {"action": "add_credit", "_selected_action": pks,
                            "kind": "topup", "amount": "10", "reason": "Fidélité"})  # fmt: skip

    assert [api.credit_balance(c) for c in customers] == [D("11.00")] * 3


def test_sell_a_discounted_credit_pack(admin_client, customer):
    pack = factories.CreditPackFactory(name="10 pour 9", value=D("100"), price=D("90"))

    admin_client.post(
        reverse("admin:loyalty_promos_credit_sell_pack"), {"customer": customer.pk, "pack": pack.pk}
    )

    assert sorted(CreditEntry.objects.values_list("kind", "amount")) == [
        ("pack_bonus", D("10.00")), ("pack_purchase", D("90.00"))]  # fmt: skip


def test_credit_pages_need_their_permissions(client):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_creditbalance"))
    client.force_login(user)

    assert client.get(reverse("admin:loyalty_promos_credit_add")).status_code == 403
    assert client.get(reverse("admin:loyalty_promos_credit_sell_pack")).status_code == 403
