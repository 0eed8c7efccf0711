"""A webhook delivered N times at once completes a purchase once (PostgreSQL).

Real threads, each with its own connection and transaction
(``tests.utils.run_concurrently``): the purchase row lock makes every later
delivery wait, re-read the purchase paid and return it.
"""

from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.models import CreditEntry, CustomerPackage, GiftCard, Purchase
from tests import factories
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = Decimal
DELIVERIES = 8


def test_concurrent_completions_of_one_reference_assign_one_package():
    customer = factories.CustomerFactory()
    plan = factories.PackagePlanFactory(visits=5, sellable_online=True)
    reference = api.start_purchase(customer, plan).reference

    results = run_concurrently(
        [lambda n=n: api.complete_purchase(reference, provider_reference=f"evt_{n}")
         for n in range(DELIVERIES)]
    )  # fmt: skip

    assert results == ["ok"] * DELIVERIES
    assert CustomerPackage.objects.filter(customer=customer).count() == 1
    purchase = Purchase.objects.get()
    assert (purchase.status, purchase.package) == (
        Purchase.Status.PAID,
        CustomerPackage.objects.get(),
    )
    assert_ledgers_clean()


def test_concurrent_completions_of_a_credit_pack_credit_it_once():
    customer = factories.CustomerFactory()
    pack = factories.CreditPackFactory(sellable_online=True)
    reference = api.start_purchase(customer, pack).reference

    results = run_concurrently([lambda: api.complete_purchase(reference)] * DELIVERIES)

    assert results == ["ok"] * DELIVERIES
    assert api.credit_balance(customer) == D("100.00")
    assert CreditEntry.objects.filter(customer=customer).count() == 2
    assert_ledgers_clean()


def test_concurrent_completions_of_a_gift_card_issue_one_card(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["50"]}
    customer = factories.CustomerFactory()
    reference = api.start_purchase(customer, api.GiftCardOffer(D("50"))).reference

    results = run_concurrently([lambda: api.complete_purchase(reference)] * DELIVERIES)

    assert results == ["ok"] * DELIVERIES
    assert GiftCard.objects.filter(owner=customer).count() == 1
    assert_ledgers_clean()


def test_a_completion_racing_a_cancellation_either_delivers_or_not_never_both():
    for _ in range(5):
        customer = factories.CustomerFactory()
        plan = factories.PackagePlanFactory(visits=5, sellable_online=True)
        reference = api.start_purchase(customer, plan).reference

        results = run_concurrently(
            [
                lambda reference=reference: api.complete_purchase(reference),
                lambda reference=reference: api.cancel_purchase(reference),
            ]
        )

        purchase = Purchase.objects.get(reference=reference)
        packages = CustomerPackage.objects.filter(customer=customer).count()
        if purchase.status == Purchase.Status.PAID:
            assert (results, packages) == (["ok", "purchase_closed"], 1)
        else:
            assert purchase.status == Purchase.Status.CANCELLED
            assert (results, packages) == (["purchase_closed", "ok"], 0)
    assert_ledgers_clean()
