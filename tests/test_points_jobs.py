"""The award and expiry jobs at scale: queries linear in the work, idempotent, in chunks."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loyalty_promos import api
from loyalty_promos.models import Charge, LoyaltyProgram, PointsEntry
from loyalty_promos.services import points as points_service
from tests import factories
from tests.conftest import NOW
from tests.utils import assert_ledgers_clean

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.timedelta(days=1)


@pytest.fixture
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 0
    program.save()
    factories.EarningRuleFactory(points=10)
    factories.EarningRuleFactory(kind="per_amount", points=1, amount_step=D("10"))
    return program


def paid_charges(count, customers):
    """``count`` paid charges of yesterday's bookings, the customers taking turns."""
    service = factories.ServiceFactory(price=D("45.00"))
    for n in range(count):
        booking = factories.AppointmentFactory(
            customer=customers[n % len(customers)], service=service, start=NOW - DAY
        )
        api.pay(api.checkout(booking), method="card")


def expired_lots(customers, per_customer):
    for customer in customers:
        for n in range(per_customer):
            points_service.add_lot(customer, 5 + n, "adjust")
    PointsEntry.objects.filter(kind="adjust").update(expires_at=NOW - DAY)


def queries(job, **kwargs):
    """What ``job`` returns, and how many statements it ran.

    SQLite splits a bulk INSERT into batches of at most 999 values: the
    consecutive INSERTs of one batch count as the one statement PostgreSQL runs.
    """
    with CaptureQueriesContext(connection) as captured:
        result = job(**kwargs)
    statements = [q["sql"] for q in captured.captured_queries]
    count = sum(
        1
        for n, sql in enumerate(statements)
        if not (n and sql.startswith("INSERT") and sql[:60] == statements[n - 1][:60])
    )
    return result, count


@pytest.mark.parametrize(("charges", "customers"), [(10, 5), (40, 20)])
def test_the_award_job_runs_at_most_six_queries_per_charge(program, charges, customers):
    paid_charges(charges, [factories.CustomerFactory() for _ in range(customers)])

    made, count = queries(api.award_due_points)

    assert made == 2 * charges
    # programme 1, rules 2, then per chunk: savepoint 2, claim 1, balances 3 (lock, create
    # the new ones, lock them), awarded bookings 1, insert 1, balances 1, charges 1
    assert count == 13
    assert count / charges <= 6


def test_the_award_job_in_chunks_takes_the_same_queries_per_chunk(program):
    paid_charges(12, [factories.CustomerFactory() for _ in range(3)])

    made, count = queries(api.award_due_points, chunk_size=5)

    assert made == 24
    # three chunks (5, 5, 2); the first creates the customers' balances (2 more)
    assert count == 3 + 10 + 8 + 8


def test_the_award_job_run_twice_awards_nothing_new(program):
    customers = [factories.CustomerFactory() for _ in range(3)]
    paid_charges(7, customers)

    assert api.award_due_points(chunk_size=2) == 14
    assert api.award_due_points(chunk_size=2) == 0
    # 10 for the booking, 4 for the 45.00 paid: each charge once.
    assert [api.points_balance(c) for c in customers] == [42, 28, 28]
    assert not Charge.objects.filter(points_awarded_at__isnull=True).exists()
    assert_ledgers_clean()


def test_a_charge_already_awarded_by_hand_is_not_awarded_again(program, customer):
    paid_charges(2, [customer])
    first = Charge.objects.order_by("pk").first()
    points_service.award_charge(first.pk, program=program)

    assert api.award_due_points() == 2
    assert api.points_balance(customer) == 28


@pytest.mark.parametrize(("customers", "lots"), [(4, 3), (20, 15)])
def test_the_expiry_job_runs_the_same_queries_whatever_the_lots(program, customers, lots):
    people = [factories.CustomerFactory() for _ in range(customers)]
    expired_lots(people, lots)

    written, count = queries(api.expire_points)

    assert written == customers * lots
    # savepoint 2, claim the balances 1, lock the lots 1, empty them 1, entries 1,
    # allocations 1, balances 1
    assert count == 8
    assert {api.points_balance(c) for c in people} == {0}
    assert_ledgers_clean()


def test_the_expiry_job_in_chunks_is_linear_in_the_customers(program):
    people = [factories.CustomerFactory() for _ in range(6)]
    expired_lots(people, 4)

    written, count = queries(api.expire_points, chunk_size=2)

    assert written == 24
    assert count == 8 * 3 + 3  # three full chunks, and the claim that finds none ends the run


def test_the_expiry_job_run_twice_writes_off_nothing_new(program, customer):
    expired_lots([customer], 3)
    points_service.add_lot(customer, 4, "adjust")  # not expired

    assert api.expire_points() == 3
    assert api.expire_points() == 0
    assert api.points_balance(customer) == 4
    entries = PointsEntry.objects.filter(kind="expire").order_by("pk")
    assert [e.points for e in entries] == [-5, -6, -7]
    assert [e.balance_after for e in entries] == [17, 11, 4]
    assert_ledgers_clean()
