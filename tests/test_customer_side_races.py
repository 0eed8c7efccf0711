"""A customer double-clicking on the customer side, on PostgreSQL (#14 review).

Real threads, each with its own connection and transaction
(``tests.utils.run_concurrently``), as two requests of one customer would run.
"""

from decimal import Decimal

import pytest

from loyalty_promos import api
from loyalty_promos.models import GiftCard, LoyaltyProgram, RewardRedemption
from loyalty_promos.services import portal
from tests import factories
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = Decimal
CLICKS = 6


def test_redeem_clicked_six_times_with_points_for_one_gives_one_gift_card():
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    customer = factories.CustomerFactory()
    reward = factories.RewardFactory(kind="gift_card", value=D("25.00"), points_cost=100)
    api.adjust_points(customer, 150, "welcome")

    results = run_concurrently([lambda: portal.redeem(customer, reward) for _ in range(CLICKS)])

    assert sorted(results) == ["insufficient_points"] * (CLICKS - 1) + ["ok"]
    assert RewardRedemption.objects.filter(customer=customer).count() == 1
    assert GiftCard.objects.filter(owner=customer).count() == 1
    assert api.points_balance(customer) == 50
    assert_ledgers_clean()
