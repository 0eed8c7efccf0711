from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from loyalty_promos import api
from loyalty_promos.exceptions import InsufficientCredit
from loyalty_promos.models import CreditBalance, CreditEntry
from loyalty_promos.services import wallet
from tests import factories
from tests.utils import assert_ledgers_clean

pytestmark = pytest.mark.django_db


def test_a_customer_without_credit_has_zero(customer, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert api.credit_balance(customer) == Decimal("0.00")


def test_add_credit_writes_an_entry_and_moves_the_balance(customer, staff_user):
    entry = api.add_credit(customer, Decimal("25"), "Geste commercial", user=staff_user)

    assert (entry.kind, entry.amount, entry.balance_after) == (
        "topup",
        Decimal("25.00"),
        Decimal("25.00"),
    )
    assert entry.created_by == staff_user
    assert api.credit_balance(customer) == Decimal("25.00")


@pytest.mark.parametrize("kind", ["discount", "refund"])
def test_one_off_discounts_and_refunds_are_their_own_kinds(customer, kind):
    api.add_credit(customer, Decimal("10"), "Retard de 20 min", kind=kind)

    assert CreditEntry.objects.get().kind == kind


def test_credit_never_goes_below_zero(customer):
    api.add_credit(customer, Decimal("10"), "")

    with pytest.raises(InsufficientCredit) as error:
        wallet.remove_credit(customer, Decimal("10.01"), "Correction")

    assert error.value.code == "insufficient_credit"
    assert str(error.value) == "The customer does not have enough credit."
    assert api.credit_balance(customer) == Decimal("10.00")
    assert CreditEntry.objects.count() == 1


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_adding_nothing_or_a_negative_amount_is_refused(customer, amount):
    with pytest.raises(InsufficientCredit) as error:
        api.add_credit(customer, Decimal(amount), "")

    assert str(error.value) == "Enter an amount above zero."
    assert not CreditEntry.objects.exists()


def test_the_database_refuses_a_negative_balance(customer):
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditBalance.objects.create(customer=customer, balance=Decimal("-1"))


def test_a_discounted_pack_records_the_paid_part_and_the_bonus_apart(customer):
    pack = factories.CreditPackFactory(value=Decimal("100"), price=Decimal("90"))

    paid, bonus = wallet.sell_credit_pack(customer, pack)

    assert (paid.kind, paid.amount) == ("pack_purchase", Decimal("90.00"))
    assert (bonus.kind, bonus.amount, bonus.balance_after) == (
        "pack_bonus",
        Decimal("10.00"),
        Decimal("100.00"),
    )
    assert api.credit_balance(customer) == Decimal("100.00")


class CreditLedgerProperties(HypothesisTestCase):
    """Over any sequence of top-ups and spends: never negative, always the ledger's sum."""

    @settings(max_examples=40, deadline=None)
    @given(
        st.lists(
            st.tuples(st.booleans(), st.decimals(min_value=0, max_value=500, places=2)), max_size=25
        )
    )
    def test_balance_equals_ledger(self, operations):
        customer = factories.CustomerFactory()
        expected = Decimal("0.00")
        for is_topup, amount in operations:
            try:
                if is_topup:
                    api.add_credit(customer, amount, "")
                    expected += amount
                else:
                    wallet.remove_credit(customer, amount, "")
                    expected -= amount
            except InsufficientCredit:
                pass
            assert expected >= 0
        ledger = sum(
            CreditEntry.objects.filter(customer=customer).values_list("amount", flat=True),
            Decimal("0.00"),
        )
        assert api.credit_balance(customer) == ledger == expected
        assert_ledgers_clean()
