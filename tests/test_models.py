from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from loyalty_promos.models import Charge, CustomerDiscount
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_booking_has_at_most_one_charge(booking):
    factories.ChargeFactory(booking=booking)

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ChargeFactory(booking=booking)


def test_amount_due_is_never_negative_in_the_database(booking):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ChargeFactory(booking=booking, amount_due=Decimal("-0.01"))


def test_discount_cannot_exceed_the_price(booking):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ChargeFactory(booking=booking, discount_amount=Decimal("45.01"))


def test_deleting_the_host_booking_keeps_the_charge_and_its_snapshot(booking):
    charge = factories.ChargeFactory(booking=booking)

    booking.delete()

    charge.refresh_from_db()
    assert charge.booking is None
    assert charge.customer_name == "Camille Dupont"
    assert charge.service_name == "Coupe femme"
    assert charge.staff_name == "Inès"
    assert charge.list_price == Decimal("45.00")


def test_charge_querysets_speak_the_domain():
    pending = factories.ChargeFactory()
    paid = factories.ChargeFactory(status=Charge.Status.PAID)
    void = factories.ChargeFactory(status=Charge.Status.VOID)

    assert list(Charge.objects.pending()) == [pending]
    assert list(Charge.objects.paid()) == [paid]
    assert list(Charge.objects.void()) == [void]
    assert set(Charge.objects.live()) == {pending, paid}


def test_charges_are_reachable_from_host_models_under_a_prefixed_name(booking):
    charge = factories.ChargeFactory(booking=booking)

    assert list(booking.loyalty_promos_charges.all()) == [charge]
    assert list(booking.customer.loyalty_promos_charges.all()) == [charge]


@pytest.mark.parametrize("percent", ["-1", "100.01"])
def test_customer_discount_percent_stays_between_0_and_100(customer, percent):
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerDiscount.objects.create(customer=customer, percent=Decimal(percent))


def test_customer_discount_changes_are_audited(customer, staff_user):
    discount = factories.CustomerDiscountFactory(customer=customer, percent=Decimal("10"))
    discount._history_user = staff_user
    discount.percent = Decimal("15")
    discount.save()

    [changed, created] = discount.history.all()
    assert (created.history_type, created.percent) == ("+", Decimal("10.00"))
    assert (changed.history_type, changed.percent, changed.history_user) == (
        "~",
        Decimal("15.00"),
        staff_user,
    )
    assert str(discount) == "Camille Dupont −15 %"
