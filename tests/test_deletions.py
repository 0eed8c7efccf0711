"""Deleting host customers and bookings never loses or refunds value silently."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.integration import get_adapter
from loyalty_promos.models import (
    Charge,
    CreditEntry,
    CustomerDiscount,
    GiftCard,
    LoyaltyProgram,
    PointsEntry,
    Redemption,
)
from loyalty_promos.services.audit import find_mismatches
from loyalty_promos.services.coupons import redeem
from loyalty_promos.services.customers import anonymise_customer
from loyalty_promos.services.giftcards import issue_gift_card
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal
HOUR = datetime.timedelta(hours=1)


def booking_for(customer, price="50.00", start=NOW + datetime.timedelta(days=2)):
    return factories.AppointmentFactory(
        customer=customer, service=factories.ServiceFactory(price=D(price)), start=start
    )


def points(customer):
    LoyaltyProgram.objects.update_or_create(pk=1, defaults={"is_enabled": True})
    api.adjust_points(customer, 10, "Bienvenue")


#: What a customer may hold or have done with us; each protects them from deletion.
HOLDINGS = {
    "credits": lambda c: api.add_credit(c, D("50"), "Avoir"),
    "points": points,
    "package": lambda c: api.assign_package(c, factories.PackagePlanFactory()),
    "gift card": lambda c: issue_gift_card(D("30"), owner=c),
    "pending charge": lambda c: api.checkout(booking_for(c)),
    "paid charge": lambda c: api.pay(api.checkout(booking_for(c)), method="card"),
    "code use": lambda c: redeem(
        factories.CouponFactory(code="HELLO").codes.get().code, booking_for(c)
    ),
}


# Customers -------------------------------------------------------------------------------


@pytest.mark.parametrize("hold", HOLDINGS.values(), ids=HOLDINGS.keys())
def test_a_customer_with_value_or_history_cannot_be_deleted(customer, hold):
    hold(customer)
    rows = (CreditEntry.objects.count(), PointsEntry.objects.count(), Charge.objects.count())

    with pytest.raises(ProtectedError) as error, transaction.atomic():
        customer.delete()

    assert "protected foreign keys" in str(error.value)
    assert type(customer).objects.filter(pk=customer.pk).exists()
    assert (
        CreditEntry.objects.count(),
        PointsEntry.objects.count(),
        Charge.objects.count(),
    ) == rows


def test_a_customer_without_history_can_still_be_deleted(customer):
    CustomerDiscount.objects.create(customer=customer, percent=D("5"))
    booking_for(customer)

    customer.delete()

    assert not CustomerDiscount.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_customer_with_a_paid_booking_is_refused_not_failed_at_commit():
    # Before: the charge's customer was SET_NULL while the booking's deletion wrote
    # reversal entries for the customer being deleted; the commit then broke a
    # foreign key (PostgreSQL and SQLite both check them at commit).
    customer = factories.CustomerFactory()
    api.add_credit(customer, D("50"), "Avoir")
    api.pay(api.checkout(booking_for(customer), use_credits=True), method="card")

    with pytest.raises(ProtectedError), transaction.atomic():
        customer.delete()

    assert api.credit_balance(customer) == D("0.00")
    assert Charge.objects.get().status == Charge.Status.PAID


def test_the_admin_delete_page_refuses_and_names_what_keeps_the_customer(admin_client, customer):
    api.add_credit(customer, D("50"), "Avoir")
    url = reverse("admin:salon_customer_delete", args=[customer.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"post": "yes"})

    assert "<h1>Cannot delete customer</h1>" in page.text
    assert "<li>credit entry</li>" in page.text
    assert response.status_code == 200  # the same refusal page when posted: nothing deleted
    assert type(customer).objects.filter(pk=customer.pk).exists()
    assert CreditEntry.objects.count() == 1


# Anonymising -----------------------------------------------------------------------------


def test_anonymising_blanks_personal_data_and_keeps_the_ledgers(customer):
    api.add_credit(customer, D("50"), "Avoir")
    charge = api.pay(api.checkout(booking_for(customer), use_credits=True), method="card")
    card = issue_gift_card(D("30"), owner=customer, note="Camille's birthday")
    CustomerDiscount.objects.create(customer=customer, percent=D("5"), note="Camille, VIP")

    result = anonymise_customer(customer)

    customer.refresh_from_db()
    charge.refresh_from_db()
    card.refresh_from_db()
    assert (result.charges, result.gift_cards, result.discount_notes) == (1, 1, 1)
    assert (customer.first_name, customer.last_name, customer.email, customer.phone) == (
        "Anonymised", f"#{customer.pk}", "", "")  # fmt: skip
    assert (charge.customer_name, charge.customer, charge.amount_due) == ("", customer, D("0.00"))
    assert (card.note, card.balance) == ("", D("30.00"))
    assert [h.note for h in CustomerDiscount.history.all()] == [""]
    assert CustomerDiscount.objects.get().note == ""
    assert CreditEntry.objects.filter(customer=customer).count() == 2
    assert find_mismatches() == []


def test_anonymising_needs_the_host_hook_and_changes_nothing_without_it(customer, settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "BOOKING_ADAPTER": "loyalty_promos.integration.DefaultBookingAdapter",
    }
    charge = api.checkout(booking_for(customer))

    with pytest.raises(NotImplementedError, match="anonymise_customer"):
        anonymise_customer(customer)

    charge.refresh_from_db()
    assert charge.customer_name == "Camille Dupont"
    assert get_adapter().get_customer_name(customer) == "Camille Dupont"


def test_the_anonymise_command(customer, capsys):
    api.checkout(booking_for(customer))

    call_command("anonymise_customer", str(customer.pk))

    assert capsys.readouterr().out == (
        f"Customer {customer.pk} anonymised: 1 charge(s), 0 gift card(s), "
        "0 discount note(s) blanked; ledgers kept.\n"
    )
    assert Charge.objects.get().customer_name == ""


def test_the_anonymise_command_refuses_an_unknown_customer(db):
    with pytest.raises(CommandError, match="No customer with primary key '999'"):
        call_command("anonymise_customer", "999")


def test_the_anonymise_command_explains_a_missing_hook(customer, settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "BOOKING_ADAPTER": "loyalty_promos.integration.DefaultBookingAdapter",
    }

    with pytest.raises(CommandError, match=r"is not implemented.*Nothing was changed"):
        call_command("anonymise_customer", str(customer.pk))


# Bookings --------------------------------------------------------------------------------


@pytest.fixture
def paid_with_value(customer):
    """An appointment of an hour ago, paid now with credits, a gift card and a code."""
    api.add_credit(customer, D("20"), "Avoir")
    card = issue_gift_card(D("10"), owner=customer)
    factories.CouponFactory(code="TEN", discount_value=D("10"), max_uses=1)
    booking = booking_for(customer, start=NOW - HOUR)
    charge = api.checkout(booking, code="TEN", gift_card=card.code, use_credits=True)
    api.pay(charge, method="card")
    return booking, Charge.objects.get(pk=charge.pk)


def test_deleting_a_paid_booking_keeps_its_charge_by_default(customer, paid_with_value, caplog):
    booking, charge = paid_with_value

    with caplog.at_level(logging.WARNING, logger="loyalty_promos.services.bookings"):
        booking.delete()

    charge.refresh_from_db()
    assert (charge.status, charge.booking, charge.customer_name) == ("paid", None, "Camille Dupont")
    assert api.credit_balance(customer) == D("0.00")
    assert GiftCard.objects.get().balance == D("0.00")
    assert Redemption.objects.get().voided_at is None
    assert f"was deleted after its appointment, and its charge {charge.pk}" in caplog.text
    assert find_mismatches() == []


def test_cancelling_a_paid_booking_keeps_its_charge_by_default(customer, paid_with_value, caplog):
    booking, charge = paid_with_value

    booking.status = "cancelled"
    booking.save()

    charge.refresh_from_db()
    assert (charge.status, charge.booking) == ("paid", booking)
    assert api.credit_balance(customer) == D("0.00")
    assert "was cancelled after its appointment" in caplog.text


def test_a_paid_booking_deleted_within_the_window_is_voided(
    customer, paid_with_value, settings, clock
):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "VOID_PAID_WITHIN_HOURS": 24}
    booking, charge = paid_with_value
    clock.shift(23 * HOUR)

    booking.delete()

    charge.refresh_from_db()
    assert (charge.status, charge.booking) == ("void", None)
    assert api.credit_balance(customer) == D("20.00")
    assert GiftCard.objects.get().balance == D("10.00")
    assert Redemption.objects.get().voided_at is not None


def test_a_paid_booking_deleted_after_the_window_keeps_its_charge(
    customer, paid_with_value, settings, clock
):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "VOID_PAID_WITHIN_HOURS": 24}
    booking, charge = paid_with_value
    clock.shift(25 * HOUR)

    booking.delete()

    charge.refresh_from_db()
    assert charge.status == "paid"
    assert api.credit_balance(customer) == D("0.00")


def test_a_pending_booking_is_always_voided_when_deleted(customer, clock):
    api.add_credit(customer, D("50"), "Avoir")
    charge = api.checkout(booking_for(customer, price="80.00"), use_credits=True)
    clock.shift(24 * 30 * HOUR)  # a month after the appointment, still unpaid

    charge.booking.delete()

    charge.refresh_from_db()
    assert (charge.status, charge.booking) == ("void", None)
    assert api.credit_balance(customer) == D("50.00")


def test_a_prepaid_booking_cancelled_before_its_appointment_is_voided(customer, clock):
    api.add_credit(customer, D("50"), "Avoir")
    booking = booking_for(customer)  # in two days
    charge = api.checkout(booking, use_credits=True)
    assert charge.status == "paid"  # the credits paid it all at checkout
    clock.shift(47 * HOUR)

    booking.status = "cancelled"
    booking.save()

    charge.refresh_from_db()
    assert charge.status == "void"
    assert api.credit_balance(customer) == D("50.00")
