"""Online purchases: pending → paid / failed / cancelled, and nothing delivered until paid."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from loyalty_promos import api, signals
from loyalty_promos.exceptions import ErrorCode, PurchaseError
from loyalty_promos.models import (
    CreditBalance,
    CreditEntry,
    CustomerPackage,
    GiftCard,
    Purchase,
)
from loyalty_promos.payments.backends import DeskBackend, TestBackend, get_backend
from loyalty_promos.services import locking
from loyalty_promos.services import purchases as purchases_service
from tests import factories
from tests.utils import assert_ledgers_clean

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def plan():
    return factories.PackagePlanFactory(
        name="5 visits", price=D("200.00"), visits=5, sellable_online=True
    )


@pytest.fixture
def pack():
    return factories.CreditPackFactory(sellable_online=True)


@pytest.fixture
def gift_amounts(settings):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS, "SHOP_GIFT_CARD_AMOUNTS": ["25", "50.00"]}


def nothing_delivered(customer):
    return (
        CustomerPackage.objects.filter(customer=customer).count(),
        CreditEntry.objects.filter(customer=customer).count(),
        GiftCard.objects.filter(owner=customer).count(),
    ) == (0, 0, 0)


# Starting


def test_start_records_a_pending_purchase_and_delivers_nothing(customer, plan):
    purchase = api.start_purchase(customer, plan)

    purchase.refresh_from_db()
    assert (purchase.status, purchase.kind, purchase.plan, purchase.price, purchase.currency) == (
        Purchase.Status.PENDING,
        Purchase.Kind.PACKAGE,
        plan,
        D("200.00"),
        "EUR",
    )
    assert purchase.description == "5 visits"
    assert purchase.backend == "loyalty_promos.payments.backends.DeskBackend"
    assert nothing_delivered(customer)


def test_references_are_long_random_and_distinct(customer, plan):
    references = {api.start_purchase(customer, plan).reference for _ in range(20)}

    assert len(references) == 20
    assert all(len(reference) == 24 for reference in references)


def test_a_plan_not_sold_online_cannot_be_bought(customer):
    plan = factories.PackagePlanFactory(sellable_online=False)

    with pytest.raises(PurchaseError) as error:
        api.start_purchase(customer, plan)

    assert error.value.code == ErrorCode.NOT_ON_SALE
    assert not Purchase.objects.exists()


def test_a_plan_off_sale_cannot_be_bought(customer):
    plan = factories.PackagePlanFactory(sellable_online=True, is_active=False)

    with pytest.raises(PurchaseError) as error:
        api.start_purchase(customer, plan)

    assert error.value.code == "not_on_sale"


def test_a_credit_pack_not_sold_online_cannot_be_bought(customer):
    with pytest.raises(PurchaseError) as error:
        api.start_purchase(customer, factories.CreditPackFactory())

    assert error.value.code == "not_on_sale"


def test_only_the_offered_gift_card_amounts_can_be_bought(customer, gift_amounts):
    purchase = api.start_purchase(customer, api.GiftCardOffer(D("25.00")))

    assert (purchase.kind, purchase.amount, purchase.price) == (
        Purchase.Kind.GIFT_CARD,
        D("25.00"),
        D("25.00"),
    )
    with pytest.raises(PurchaseError) as error:
        api.start_purchase(customer, api.GiftCardOffer(D("30.00")))
    assert error.value.code == "invalid_value"


# Completing


def test_completing_a_package_purchase_assigns_the_package(customer, plan):
    purchase = api.start_purchase(customer, plan)

    done = api.complete_purchase(purchase.reference, provider_reference="pi_123")

    package = CustomerPackage.objects.get(customer=customer)
    assert (package.plan, package.price_paid, package.visits_left) == (plan, D("200.00"), 5)
    assert (done.status, done.package, done.provider_reference) == (
        Purchase.Status.PAID,
        package,
        "pi_123",
    )
    assert done.paid_at is not None
    assert_ledgers_clean()


def test_completing_a_credit_pack_purchase_credits_price_and_bonus(customer, pack):
    purchase = api.start_purchase(customer, pack)

    done = api.complete_purchase(purchase.reference)

    entries = list(
        CreditEntry.objects.filter(customer=customer).order_by("pk").values_list("kind", "amount")
    )
    assert entries == [("pack_purchase", D("90.00")), ("pack_bonus", D("10.00"))]
    assert CreditBalance.objects.get(customer=customer).balance == D("100.00")
    assert done.credit_entry.kind == CreditEntry.Kind.PACK_PURCHASE
    assert_ledgers_clean()


def test_a_credit_pack_is_credited_as_it_was_sold_even_if_changed_since(customer, pack):
    purchase = api.start_purchase(customer, pack)
    pack.price, pack.value = D("50.00"), D("60.00")
    pack.save()

    api.complete_purchase(purchase.reference)

    assert api.credit_balance(customer) == D("100.00")
    assert_ledgers_clean()


def test_completing_a_gift_card_purchase_issues_the_card_to_the_customer(customer, gift_amounts):
    purchase = api.start_purchase(customer, api.GiftCardOffer(D("50")))

    done = api.complete_purchase(purchase.reference)

    card = GiftCard.objects.get(owner=customer)
    assert (card.initial_value, card.balance, done.gift_card) == (D("50.00"), D("50.00"), card)
    assert_ledgers_clean()


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("199.99", None),
        (D("20.00"), "EUR"),
        ("200.00", "RON"),
        ("0", None),
        ("2000", "eur"),
        ("199.995", None),  # not rounded up to the price
        (199.995, "EUR"),
        ("200.004999", None),
        ("NaN", None),
        ("sNaN", None),
        ("200,00", None),  # no number: not a payment of the price either
        ("", None),
    ],
)
def test_a_payment_that_is_not_the_price_delivers_nothing(customer, plan, amount, currency):
    purchase = api.start_purchase(customer, plan)

    with pytest.raises(PurchaseError) as error:
        api.complete_purchase(purchase.reference, amount=amount, currency=currency)

    assert error.value.code == "amount_mismatch"
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PENDING  # left for staff to check
    assert not CustomerPackage.objects.exists()


@pytest.mark.parametrize(
    ("amount", "currency"), [("200.00", "EUR"), (D("200"), "eur"), (200, None)]
)
def test_a_payment_of_the_price_delivers(customer, plan, amount, currency):
    purchase = api.start_purchase(customer, plan)

    done = api.complete_purchase(purchase.reference, amount=amount, currency=currency)

    assert done.status == Purchase.Status.PAID
    assert CustomerPackage.objects.get(customer=customer).plan == plan


def test_a_replayed_notice_for_a_paid_purchase_returns_it_whatever_it_says(customer, plan):
    purchase = api.start_purchase(customer, plan)
    api.complete_purchase(purchase.reference, amount="200.00", currency="EUR")

    again = api.complete_purchase(purchase.reference, amount="200,00", currency="XXX")

    assert again.status == Purchase.Status.PAID
    assert CustomerPackage.objects.filter(customer=customer).count() == 1


def test_completing_twice_assigns_one_package(customer, plan):
    purchase = api.start_purchase(customer, plan)

    first = api.complete_purchase(purchase.reference, provider_reference="evt_1")
    second = api.complete_purchase(purchase.reference, provider_reference="evt_2")

    assert CustomerPackage.objects.filter(customer=customer).count() == 1
    assert second.package == first.package
    assert second.provider_reference == "evt_1"


def test_completing_an_unknown_reference_is_refused():
    with pytest.raises(PurchaseError) as error:
        api.complete_purchase("no-such-reference")

    assert error.value.code == ErrorCode.UNKNOWN


def test_completing_takes_a_purchase_object_too(customer, plan):
    purchase = api.start_purchase(customer, plan)

    assert api.complete_purchase(purchase).status == Purchase.Status.PAID


def test_a_plan_taken_off_sale_after_buying_is_still_delivered(customer, plan):
    purchase = api.start_purchase(customer, plan)
    plan.is_active = False
    plan.sellable_online = False
    plan.save()

    done = api.complete_purchase(purchase.reference)

    assert done.package.plan == plan
    assert CustomerPackage.objects.filter(customer=customer).count() == 1


def test_a_failed_delivery_leaves_the_purchase_pending(customer, plan, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(purchases_service, "give_package", broken)
    purchase = api.start_purchase(customer, plan)

    with pytest.raises(RuntimeError):
        api.complete_purchase(purchase.reference)

    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PENDING
    assert nothing_delivered(customer)


def test_completion_sends_purchase_completed_once_after_commit(
    customer, plan, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, purchase, user, **kwargs):
        received.append((sender, purchase.reference, user))

    signals.purchase_completed.connect(receiver)
    try:
        purchase = api.start_purchase(customer, plan)
        with django_capture_on_commit_callbacks(execute=True):
            api.complete_purchase(purchase.reference)
        with django_capture_on_commit_callbacks(execute=True):
            api.complete_purchase(purchase.reference)
    finally:
        signals.purchase_completed.disconnect(receiver)

    assert received == [(Purchase, purchase.reference, None)]


def test_the_purchase_is_locked_first(customer, plan):
    assert locking.ORDER[0] == locking.PURCHASE


# Failing and cancelling


def test_failing_closes_the_purchase_and_delivers_nothing(customer, plan):
    purchase = api.start_purchase(customer, plan)

    failed = api.fail_purchase(purchase.reference, reason="card declined")

    assert (failed.status, failed.failure_reason) == (Purchase.Status.FAILED, "card declined")
    assert nothing_delivered(customer)


def test_failing_twice_is_a_no_op(customer, plan):
    purchase = api.start_purchase(customer, plan)
    api.fail_purchase(purchase.reference, reason="declined")

    again = api.fail_purchase(purchase.reference, reason="retry")

    assert (again.status, again.failure_reason) == (Purchase.Status.FAILED, "declined")


def test_a_failed_purchase_cannot_be_completed(customer, plan):
    purchase = api.start_purchase(customer, plan)
    api.fail_purchase(purchase.reference)

    with pytest.raises(PurchaseError) as error:
        api.complete_purchase(purchase.reference)

    assert error.value.code == ErrorCode.PURCHASE_CLOSED
    assert nothing_delivered(customer)


def test_cancelling_closes_the_purchase_and_delivers_nothing(customer, plan, staff_user):
    purchase = api.start_purchase(customer, plan)

    cancelled = api.cancel_purchase(purchase.reference, user=staff_user)

    assert (cancelled.status, cancelled.closed_by) == (Purchase.Status.CANCELLED, staff_user)
    assert nothing_delivered(customer)
    with pytest.raises(PurchaseError) as error:
        api.complete_purchase(purchase.reference)
    assert error.value.code == "purchase_closed"


def test_a_paid_purchase_can_neither_fail_nor_be_cancelled(customer, plan):
    purchase = api.start_purchase(customer, plan)
    api.complete_purchase(purchase.reference)

    for close in (api.fail_purchase, api.cancel_purchase):
        with pytest.raises(PurchaseError) as error:
            close(purchase.reference)
        assert error.value.code == "purchase_closed"
    assert Purchase.objects.get().status == Purchase.Status.PAID


def test_the_database_refuses_a_paid_purchase_without_delivery(customer, plan):
    purchase = api.start_purchase(customer, plan)
    purchase.status = Purchase.Status.PAID
    with pytest.raises(IntegrityError), transaction.atomic():
        purchase.save()


# Backends


def test_the_default_backend_is_the_desk(customer, plan, rf):
    backend = get_backend()
    purchase = api.start_purchase(customer, plan)

    response = backend.start(rf.post("/"), purchase)

    assert isinstance(backend, DeskBackend)
    assert response.status_code == 302
    assert response.url == f"/loyalty/purchases/{purchase.reference}/"
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PENDING


def test_the_test_backend_pays_at_once(customer, plan, rf, settings):
    settings.LOYALTY_PROMOS = {
        **settings.LOYALTY_PROMOS,
        "PAYMENT_BACKEND": "loyalty_promos.payments.backends.TestBackend",
    }
    purchase = api.start_purchase(customer, plan)

    get_backend().start(rf.post("/"), purchase)

    purchase.refresh_from_db()
    assert isinstance(get_backend(), TestBackend)
    assert purchase.backend == "loyalty_promos.payments.backends.TestBackend"
    assert (purchase.status, purchase.provider_reference) == (
        Purchase.Status.PAID,
        f"test-{purchase.pk}",
    )
    assert CustomerPackage.objects.filter(customer=customer).count() == 1
