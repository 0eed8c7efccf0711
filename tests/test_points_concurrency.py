"""Points hold under real concurrency on PostgreSQL."""

import pytest

from loyalty_promos import api
from loyalty_promos.models import LoyaltyProgram, PointsEntry
from tests import factories
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.save()
    return program


def test_twenty_concurrent_minus_ten_on_a_hundred_points(program):
    customer = factories.CustomerFactory()
    api.adjust_points(customer, 100, "")

    results = run_concurrently([lambda: api.adjust_points(customer, -10, "") for _ in range(20)])

    assert results.count("ok") == 10
    assert results.count("insufficient_points") == 10
    assert api.points_balance(customer) == 0
    assert_ledgers_clean()


def test_two_workers_awarding_the_same_booking_award_once(program):
    factories.EarningRuleFactory(points=10)
    factories.EarningRuleFactory(points=5)
    customer = factories.CustomerFactory()
    booking = factories.AppointmentFactory(customer=customer)
    api.pay(api.checkout(booking), method="card")

    results = run_concurrently([lambda: api.award_points(booking) for _ in range(6)])

    assert results == ["ok"] * 6
    assert PointsEntry.objects.filter(kind="earn").count() == 2
    assert api.points_balance(customer) == 15
    assert_ledgers_clean()
