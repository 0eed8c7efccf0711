"""Races between services, and between the admin and services, on PostgreSQL.

Real threads, each with its own connection and transaction. A deadlock would
surface as psycopg's ``DeadlockDetected`` (an OperationalError), which
``run_concurrently`` lets through and fails the test.
"""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.models import Charge, CustomerPackage, LoyaltyProgram, PointsEntry, Reward
from loyalty_promos.services import points as points_service
from tests import factories
from tests.conftest import NOW
from tests.utils import assert_ledgers_clean, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = Decimal
ROUNDS = 10


@pytest.fixture
def program():
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.award_moment = LoyaltyProgram.AwardMoment.AT_PAYMENT
    program.save()
    factories.EarningRuleFactory(points=50)
    factories.RewardFactory(points_cost=20, value=D("5.00"))
    return program


def test_a_void_and_a_checkout_of_one_customer_never_deadlock(program):
    """Void takes points and credits back while a checkout spends both: ten rounds."""
    for _ in range(ROUNDS):
        customer = factories.CustomerFactory()
        api.add_credit(customer, D("500"), "")
        api.adjust_points(customer, 100, "welcome")
        first, second = (factories.AppointmentFactory(customer=customer) for _ in range(2))
        paid = api.pay(api.checkout(first, use_credits=True), method="card")
        reward = Reward.objects.get()

        results = run_concurrently(
            [
                lambda paid=paid: api.void(paid),
                lambda second=second, reward=reward: api.checkout(
                    second, use_credits=True, reward=reward
                ),
            ]
        )

        assert results == ["ok", "ok"]
    assert_ledgers_clean()


def test_repricing_and_voiding_charges_of_one_customer_never_deadlock(program):
    for _ in range(ROUNDS):
        customer = factories.CustomerFactory()
        api.add_credit(customer, D("5"), "")
        card = api.issue_gift_card(D("10"), owner=customer)
        other_card = api.issue_gift_card(D("20"), owner=customer)
        factories.CouponFactory(code=f"TEN{customer.pk}", discount_value=D("10"))
        first, second = (factories.AppointmentFactory(customer=customer) for _ in range(2))
        pending = api.checkout(first, use_credits=True, gift_card=card.code)
        assert pending.status == Charge.Status.PENDING
        paid = api.pay(api.checkout(second, gift_card=other_card.code), method="card")

        results = run_concurrently(
            [
                lambda pending=pending, code=f"TEN{customer.pk}": api.apply_code(pending, code),
                lambda paid=paid: api.void(paid),
            ]
        )

        assert results == ["ok", "ok"]
    assert_ledgers_clean()


def test_assigning_a_package_to_booked_appointments_races_a_checkout(program):
    plan = factories.PackagePlanFactory(visits=10)
    for _ in range(ROUNDS):
        customer = factories.CustomerFactory()
        api.add_credit(customer, D("500"), "")
        booked = [factories.AppointmentFactory(customer=customer) for _ in range(3)]
        api.checkout(booked[0], use_credits=True)

        results = run_concurrently(
            [
                lambda customer=customer: api.assign_package(customer, plan, include_existing=True),
                lambda b=booked[1]: api.checkout(b, use_credits=True),
                lambda b=booked[2]: api.pay(api.checkout(b, use_credits=True), method="cash"),
            ]
        )

        assert results == ["ok", "ok", "ok"]
    assert_ledgers_clean()


def test_the_award_job_and_a_void_never_leave_points_on_a_void_charge(program):
    """The award job waits inside its work; the void runs meanwhile (or waits for it)."""
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 0
    program.save()
    customer = factories.CustomerFactory()
    start = NOW - datetime.timedelta(days=1)
    booking = factories.AppointmentFactory(customer=customer, start=start)
    charge = api.pay(api.checkout(booking), method="cash")
    voided = threading.Event()
    real_awards_for = points_service.awards_for

    def slow_awards_for(*args, **kwargs):
        voided.wait(timeout=2)  # the void would win here if the award did not hold the charge
        return real_awards_for(*args, **kwargs)

    def void():
        try:
            api.void(charge)
        finally:
            voided.set()

    points_service.awards_for = slow_awards_for
    try:
        results = run_concurrently([api.award_due_points, void])
    finally:
        points_service.awards_for = real_awards_for

    assert results == ["ok", "ok"]
    charge.refresh_from_db()
    assert charge.status == Charge.Status.VOID
    live = PointsEntry.objects.filter(charge=charge, kind="earn", reversed=False)
    assert not live.exists()
    assert api.points_balance(customer) == 0
    assert_ledgers_clean()


def test_two_award_jobs_at_once_award_each_charge_once(program):
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 0
    program.save()
    start = NOW - datetime.timedelta(days=1)
    customers = [factories.CustomerFactory() for _ in range(5)]
    for customer in customers:
        for _ in range(3):
            booking = factories.AppointmentFactory(customer=customer, start=start)
            api.pay(api.checkout(booking), method="cash")

    results = run_concurrently([api.award_due_points, api.award_due_points])

    assert results == ["ok", "ok"]
    assert PointsEntry.objects.filter(kind="earn").count() == 15
    assert [api.points_balance(c) for c in customers] == [150] * 5
    assert_ledgers_clean()


def test_an_admin_save_racing_checkouts_never_gives_a_visit_back(program, superuser):
    customer = factories.CustomerFactory()
    package = api.assign_package(customer, factories.PackagePlanFactory(visits=10))
    bookings = [factories.AppointmentFactory(customer=customer) for _ in range(4)]
    url = reverse("admin:loyalty_promos_customerpackage_change", args=[package.pk])

    def admin_save(day):
        client = Client()
        client.force_login(superuser)
        response = client.post(
            url,
            {
                "starts_at_0": "2026-03-14",
                "starts_at_1": "09:00",
                "expires_at_0": f"2026-12-{day:02d}",
                "expires_at_1": "18:00",
                "is_active": "on",
                "usages-TOTAL_FORMS": "0",
                "usages-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.text[:500]
        connection.close()

    results = run_concurrently(
        [lambda day=day: admin_save(day) for day in range(1, 5)]
        + [lambda b=b: api.checkout(b) for b in bookings]
    )

    assert results == ["ok"] * 8
    package = CustomerPackage.objects.get(pk=package.pk)
    assert package.visits_left == 6
    assert package.usages.filter(kind="use").count() == 4
    assert package.expires_at.date() in {datetime.date(2026, 12, d) for d in range(1, 5)}
    assert_ledgers_clean()
