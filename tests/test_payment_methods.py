"""Payment methods: a list staff edit; pay(method=code) records the method and its name."""

from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.utils import translation

from loyalty_promos import api
from loyalty_promos.exceptions import ChargeError
from loyalty_promos.models import PaymentMethod
from loyalty_promos.services import payment_methods

pytestmark = pytest.mark.django_db


def test_card_and_cash_are_there_from_the_start():
    assert [(m.code, m.name) for m in payment_methods.active_methods()] == [
        ("card", "Card"),
        ("cash", "Cash"),
    ]


def test_pay_records_the_method_and_its_name_as_it_read(booking):
    transfer = PaymentMethod.objects.create(code="transfer", name="Bank transfer", position=5)

    charge = api.pay(api.checkout(booking), method="TRANSFER")
    transfer.name = "Wire"
    transfer.save()
    charge.refresh_from_db()

    assert (charge.method, charge.payment_method, charge.amount_due) == (
        transfer,
        "Bank transfer",
        Decimal("45.00"),
    )


def test_an_unknown_method_is_refused_naming_the_accepted_ones(booking):
    charge = api.checkout(booking)

    with pytest.raises(ChargeError) as refused:
        api.pay(charge, method="cheque")

    assert refused.value.code == "unknown_payment_method"
    assert str(refused.value) == "“cheque” is not an active payment method; use one of: card, cash."
    charge.refresh_from_db()
    assert charge.status == "pending"


def test_a_switched_off_method_is_refused(booking):
    PaymentMethod.objects.filter(code="cash").update(is_active=False)

    with pytest.raises(ChargeError):
        api.pay(api.checkout(booking), method="cash")


def test_an_empty_method_still_pays_without_one(booking):
    charge = api.pay(api.checkout(booking))

    assert (charge.status, charge.method, charge.payment_method) == ("paid", None, "")


def test_a_method_with_payments_cannot_be_deleted(booking):
    api.pay(api.checkout(booking), method="card")

    with pytest.raises(ProtectedError):
        PaymentMethod.objects.get(code="card").delete()


def test_built_in_names_read_in_the_staff_language(booking):
    charge = api.pay(api.checkout(booking), method="card")

    with translation.override("fr"):
        assert charge.method_label in {"Carte", "Card"}  # translated once the lead compiles .po
    assert charge.method_label == "Card"


def test_card_and_cash_come_back_on_first_use_when_the_table_was_emptied(booking):
    PaymentMethod.objects.all().delete()

    charge = api.pay(api.checkout(booking), method="cash")

    assert charge.method.code == "cash"
    assert [m.code for m in api.payment_methods()] == ["card", "cash"]


def test_switched_off_methods_are_not_brought_back():
    PaymentMethod.objects.update(is_active=False)

    assert api.payment_methods() == []
