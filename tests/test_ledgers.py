"""The ledgers' invariant, checked by a command and by random sequences of operations."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from loyalty_promos import api
from loyalty_promos.exceptions import LoyaltyPromosError
from loyalty_promos.models import Charge, CreditBalance, GiftCard
from loyalty_promos.services import wallet
from loyalty_promos.services.audit import find_mismatches
from tests import factories
from tests.utils import assert_ledgers_clean

D = Decimal


@pytest.mark.django_db
def test_the_command_is_clean_on_honest_ledgers(customer, capsys, booking):
    api.add_credit(customer, D("30"), "")
    card = api.issue_gift_card(D("20"))
    api.checkout(booking, gift_card=card.code, use_credits=True)

    call_command("check_balances")

    assert "Every balance equals its ledger." in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_finds_a_tampered_balance(customer, capsys):
    api.add_credit(customer, D("30"), "")
    card = api.issue_gift_card(D("20"))
    CreditBalance.objects.filter(customer=customer).update(balance=D("300"))
    GiftCard.objects.filter(pk=card.pk).update(balance=D("2"))

    package = api.assign_package(customer, factories.PackagePlanFactory(name="Cinq", visits=5))
    type(package).objects.filter(pk=package.pk).update(visits_left=9)

    with pytest.raises(CommandError, match=r"3 balance\(s\) differ from their ledger\."):
        call_command("check_balances")

    err = capsys.readouterr().err
    assert "package visits Cinq · Camille Dupont: cached 9, ledger 5" in err
    assert "credits Camille Dupont: cached 300.00, ledger 30.00" in err
    assert f"gift card {card.code}: cached 2.00, ledger 20.00" in err


@pytest.mark.django_db
def test_the_audit_runs_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(5):
        customer = factories.CustomerFactory()
        api.add_credit(customer, D("1"), "")
        api.issue_gift_card(D("1"))
        api.assign_package(customer, factories.PackagePlanFactory(visits=2))
        factories.CouponFactory(max_uses=3)

    # credits, credit orphans, gift cards, points, packages, void-charge points, points lots,
    # points given back per charge, charges against their ledgers, two limits
    with django_assert_num_queries(11):
        assert find_mismatches() == []


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["topup", "spend", "checkout", "checkout_card", "void", "pay"]),
        st.integers(min_value=0, max_value=3),
        st.decimals(min_value=1, max_value=80, places=2),
    ),
    min_size=1,
    max_size=20,
)


class LedgerProperties(HypothesisTestCase):
    """Random checkouts, voids, top-ups and spends: no balance negative, each equals its ledger."""

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(OPERATIONS)
    def test_random_sequences_keep_every_ledger_true(self, operations):
        customers = factories.CustomerFactory.create_batch(2)
        card = api.issue_gift_card(D("60"))
        bookings = []
        for op, who, amount in operations:
            customer = customers[who % 2]
            try:
                if op == "topup":
                    api.add_credit(customer, amount, "")
                elif op == "spend":
                    wallet.remove_credit(customer, amount, "")
                elif op in ("checkout", "checkout_card"):
                    booking = factories.AppointmentFactory(
                        customer=customer, service=factories.ServiceFactory(price=amount)
                    )
                    bookings.append(booking)
                    if who == 3:
                        api.assign_package(customer, factories.PackagePlanFactory(visits=1))
                    api.checkout(
                        booking,
                        use_credits=True,
                        gift_card=card.code if op == "checkout_card" else None,
                    )
                elif op in ("void", "pay") and bookings:
                    booking = bookings[who % len(bookings)]
                    charge = Charge.objects.live().filter(booking=booking).first()
                    if charge is not None and op == "void":
                        api.void(charge)
                    elif charge is not None and charge.status == "pending":
                        api.pay(charge, method="card")
            except LoyaltyPromosError:
                pass
            assert all(api.credit_balance(c) >= 0 for c in customers)
        card.refresh_from_db()
        assert card.balance >= 0
        assert_ledgers_clean()
