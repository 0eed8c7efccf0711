"""Signals for hosts: each sent once, after commit, with its documented arguments."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from loyalty_promos import api, signals
from loyalty_promos.models import (
    Charge,
    CustomerPackage,
    PointsEntry,
    Redemption,
    RewardRedemption,
)
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal

ALL = [
    "charge_checked_out", "charge_paid", "charge_voided", "code_redeemed", "code_released",
    "points_awarded", "points_spent", "points_adjusted", "points_expired", "reward_redeemed",
    "package_assigned",
]  # fmt: skip


@pytest.fixture
def sent():
    """Every signal received, as (name, sender, kwargs without 'signal')."""
    received = []
    handlers = {}
    for name in ALL:

        def handler(sender, name=name, **kwargs):
            kwargs.pop("signal")
            received.append((name, sender, kwargs))

        handlers[name] = handler
        getattr(signals, name).connect(handler)
    yield received
    for name, handler in handlers.items():
        getattr(signals, name).disconnect(handler)


@pytest.fixture
def program():
    return api.configure_program(
        is_enabled=True, award_moment="at_payment", validity_count=30, validity_unit="days"
    )


def names(received):
    return [name for name, _sender, _kwargs in received]


def test_a_checkout_with_a_code_then_payment_then_void(
    sent, customer, booking, django_capture_on_commit_callbacks
):
    factories.CouponFactory(code="SPRING", discount_value=D("10"))
    with django_capture_on_commit_callbacks(execute=True):
        charge = api.checkout(booking, code="SPRING")
    assert names(sent) == ["code_redeemed", "charge_checked_out"]
    redemption = Redemption.objects.get()
    assert sent[0] == ("code_redeemed", Redemption, {"redemption": redemption})
    assert sent[1] == ("charge_checked_out", Charge, {"charge": charge})

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.pay(charge, method="card")
        api.pay(charge, method="card")  # paying twice sends once
    assert sent == [("charge_paid", Charge, {"charge": charge, "method": "card"})]

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.void(charge)
    assert names(sent) == ["code_released", "charge_voided"]
    assert sent[1] == ("charge_voided", Charge, {"charge": charge})


def test_nothing_is_sent_for_work_that_rolled_back(sent, customer, booking):
    factories.CouponFactory(code="SPRING")

    with pytest.raises(RuntimeError), transaction.atomic():
        api.checkout(booking, code="SPRING")
        raise RuntimeError("the host's own step failed")

    assert sent == []


def test_a_free_checkout_is_checked_out_and_paid(sent, customer, booking, program,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    factories.EarningRuleFactory(points=10)
    factories.CouponFactory(code="FREE", discount_value=D("100"))

    with django_capture_on_commit_callbacks(execute=True):
        charge = api.checkout(booking, code="FREE")

    assert names(sent) == ["code_redeemed", "points_awarded", "charge_checked_out", "charge_paid"]
    entry = PointsEntry.objects.get(kind="earn")
    assert sent[1] == (
        "points_awarded", PointsEntry, {"customer": customer, "entries": [entry], "charge": charge}
    )  # fmt: skip
    assert sent[3] == ("charge_paid", Charge, {"charge": charge, "method": ""})


def test_points_adjusted_spent_and_reward_redeemed(
    sent, customer, booking, program, staff_user, django_capture_on_commit_callbacks
):
    reward = factories.RewardFactory(points_cost=50, kind="gift_card", value=D("20"))
    with django_capture_on_commit_callbacks(execute=True):
        added = api.adjust_points(customer, 100, "welcome", user=staff_user)
        redemption = api.redeem_reward(customer, reward, user=staff_user)

    spent = PointsEntry.objects.get(kind="spend")
    assert sent == [
        ("points_adjusted", PointsEntry, {"customer": customer, "entry": added,
                                          "user": staff_user}),
        ("points_spent", PointsEntry, {"customer": customer, "entry": spent}),
        ("reward_redeemed", RewardRedemption, {"customer": customer, "redemption": redemption,
                                               "user": staff_user}),
    ]  # fmt: skip
    assert redemption.gift_card.balance == D("20.00")


def test_points_expired_once_per_customer(sent, customer, program,
                                          django_capture_on_commit_callbacks, clock):  # fmt: skip
    api.adjust_points(customer, 30, "a")
    api.adjust_points(customer, 20, "b")
    sent.clear()
    clock.move_to(NOW + datetime.timedelta(days=31))

    with django_capture_on_commit_callbacks(execute=True):
        assert api.expire_points() == 2

    expired = list(PointsEntry.objects.filter(kind="expire").order_by("pk"))
    assert sent == [("points_expired", PointsEntry, {"customer": customer, "entries": expired})]


def test_package_assigned(sent, customer, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package = api.assign_package(
            customer, factories.PackagePlanFactory(visits=3), user=staff_user
        )

    assert sent == [("package_assigned", CustomerPackage, {"package": package, "user": staff_user})]


def test_a_failing_receiver_is_logged_and_undoes_nothing(
    customer, booking, caplog, django_capture_on_commit_callbacks
):
    def broken(sender, **kwargs):
        raise ValueError("the host's receiver is broken")

    signals.charge_checked_out.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            charge = api.checkout(booking)
    finally:
        signals.charge_checked_out.disconnect(broken)

    assert Charge.objects.get() == charge
    assert "A receiver of a loyalty_promos signal failed" in caplog.text
