"""Balances hold under real concurrent spending on PostgreSQL."""

from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.models import CreditEntry
from loyalty_promos.services import wallet
from tests import factories
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_concurrent_spends_of_20_from_100_leave_exactly_zero():
    customer = factories.CustomerFactory()
    api.add_credit(customer, Decimal("100"), "")

    results = run_concurrently(
        [lambda: wallet.remove_credit(customer, Decimal("20"), "") for _ in range(10)]
    )

    assert results.count("ok") == 5
    assert results.count("insufficient_credit") == 5
    assert api.credit_balance(customer) == Decimal("0.00")
    assert CreditEntry.objects.filter(customer=customer).count() == 6
    assert_ledgers_clean()


def test_the_first_credit_of_a_customer_created_concurrently_is_one_balance_row():
    customer = factories.CustomerFactory()

    results = run_concurrently(
        [lambda: api.add_credit(customer, Decimal("5"), "") for _ in range(8)]
    )

    assert results == ["ok"] * 8
    assert api.credit_balance(customer) == Decimal("40.00")
    assert_ledgers_clean()
