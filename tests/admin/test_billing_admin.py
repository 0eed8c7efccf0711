from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import Charge, CreditEntry, GiftCard, LoyaltyProgram
from tests import factories
from tests.utils import redirected

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
    response = redirected(
        admin_client, admin_client.post(url, {**selection, "method": "card"}), url
    )

    charge.refresh_from_db()
    assert (charge.status, charge.method.code, charge.payment_method) == ("paid", "card", "Card")
    assert "1 charge marked paid." in response.text


def test_apply_a_code_to_a_pending_charge(admin_client, booking):
    factories.CouponFactory(code="HALF", discount_value=D("50"))
    charge = api.checkout(booking)
    url = reverse("admin:loyalty_promos_charge_apply_code", args=[charge.pk])

    response = redirected(
        admin_client,
        admin_client.post(url, {"code": "half"}),
        reverse("admin:loyalty_promos_charge_change", args=[charge.pk]),
    )

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


# Checkout at the desk ---------------------------------------------------------------------


def checkout_url(booking):
    return reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk])


def test_the_checkout_page_shows_the_price_then_previews_the_options(admin_client, booking):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))

    page = admin_client.get(checkout_url(booking))
    assert "Coupe femme" in page.text
    assert [line[2] for line in page.context["quote"].lines] == [D("45.00"), D("45.00")]

    preview = admin_client.post(checkout_url(booking), {"code": "spring", "_preview": "1"})

    assert [line[2] for line in preview.context["quote"].lines] == [
        D("45.00"),
        D("-4.50"),
        D("40.50"),
    ]
    assert "Printemps (SPRING)" in preview.text
    assert not Charge.objects.exists()


def test_check_out_with_a_code_and_credits_and_mark_paid(admin_client, booking, customer):
    factories.CouponFactory(code="SPRING", discount_value=D("10"))
    api.add_credit(customer, D("20"), description="Top-up")

    posted = admin_client.post(
        checkout_url(booking),
        {"code": "SPRING", "use_credits": "on", "method": "card", "_checkout": "1"},
    )

    charge = Charge.objects.get()
    response = redirected(
        admin_client, posted, reverse("admin:loyalty_promos_charge_change", args=[charge.pk])
    )
    assert (charge.discount_amount, charge.credits_amount, charge.amount_due) == (
        D("4.50"),
        D("20.00"),
        D("20.50"),
    )
    assert (charge.status, charge.method.code) == ("paid", "card")
    assert "Checked out: 20.50 EUR to pay (paid)." in response.text
    assert api.credit_balance(customer) == D("0.00")


def test_check_out_with_a_reward_spends_its_points(admin_client, booking, customer):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    factories.RewardFactory(name="Cheap", points_cost=50, value=D("5"))
    chosen = factories.RewardFactory(name="Ten off", points_cost=50, value=D("10"))
    api.adjust_points(customer, 80, "Welcome")

    admin_client.post(checkout_url(booking), {"reward": chosen.pk, "_checkout": "1"})

    charge = Charge.objects.get()
    assert (charge.discount_name, charge.points_used, charge.amount_due) == (
        "Ten off",
        50,
        D("35.00"),
    )
    assert api.points_balance(customer) == 30


def test_a_refused_checkout_says_why_beside_the_field_and_records_nothing(
    admin_client, booking, customer
):
    response = admin_client.post(
        checkout_url(booking), {"code": "NOPE", "gift_card": "", "_checkout": "1"}
    )

    assert response.context["form"].errors["code"] == [
        "This code does not exist. Check the spelling."
    ]
    assert not Charge.objects.exists()

    response = admin_client.post(checkout_url(booking), {"gift_card": "NOCARD", "_checkout": "1"})
    assert response.context["form"].errors["gift_card"] == ["This gift card does not exist."]


def test_a_code_and_a_reward_together_are_refused(admin_client, booking, customer):
    api.adjust_points(customer, 100, "")
    reward = factories.RewardFactory(points_cost=50)
    factories.CouponFactory(code="SPRING")

    response = admin_client.post(
        checkout_url(booking), {"code": "SPRING", "reward": reward.pk, "_checkout": "1"}
    )

    assert "Use a promo code or a reward, not both." in response.text
    assert not Charge.objects.exists()


def test_a_checked_out_booking_opens_its_charge(admin_client, booking):
    charge = api.checkout(booking)

    response = admin_client.get(checkout_url(booking))

    assert response.url == reverse("admin:loyalty_promos_charge_change", args=[charge.pk])


def test_the_host_booking_list_links_each_row_to_its_checkout(admin_client, booking):
    response = admin_client.get(reverse("admin:salon_appointment_changelist"))

    assert f'href="{checkout_url(booking)}">Check out</a>' in response.text


def test_checkout_needs_its_permission(client, booking):
    user = factories.StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_charge"))
    client.force_login(user)

    assert client.get(checkout_url(booking)).status_code == 403
    assert client.post(checkout_url(booking), {"_checkout": "1"}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="checkout_booking"))
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    page = client.get(checkout_url(booking))
    assert (page.status_code, page.context["title"]) == (200, "Check out an appointment")
    assert 'name="code"' in page.text


def test_checking_out_does_not_mark_paid_without_that_permission(client, booking):
    user = factories.StaffUserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_charge", "checkout_booking"])
    )
    client.force_login(user)

    page = client.get(checkout_url(booking))
    client.post(checkout_url(booking), {"method": "cash", "_checkout": "1"})

    assert 'name="method"' not in page.text  # no payment choice offered
    charge = Charge.objects.get(booking_id=booking.pk)
    assert (charge.status, charge.payment_method) == ("pending", "")


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
    response = redirected(
        admin_client,
        admin_client.post(
            reverse("admin:loyalty_promos_credit_add"),
            {"customer": customer.pk, "kind": "discount", "amount": "15", "reason": "Retard"},
        ),
        reverse("admin:loyalty_promos_creditbalance_changelist"),
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
