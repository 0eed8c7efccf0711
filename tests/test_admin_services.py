"""The services behind the admin's pages and actions: what they write, and all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from loyalty_promos import api
from loyalty_promos.exceptions import (
    ChargeError,
    CouponError,
    InsufficientCredit,
    InsufficientPoints,
)
from loyalty_promos.models import Charge, CouponCode, LoyaltyProgram, PackagePlan
from loyalty_promos.services import checkout, codes, coupons, packages, points, wallet
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal


# Billing -----------------------------------------------------------------------------------


def test_pay_many_pays_every_charge_in_one_go(customer):
    first = api.checkout(factories.AppointmentFactory(customer=customer))
    second = api.checkout(factories.AppointmentFactory(customer=customer))

    paid = checkout.pay_many([second, first], method="card")

    assert [(c.pk, c.status, c.method.code, c.payment_method) for c in paid] == [
        (first.pk, "paid", "card", "Card"),
        (second.pk, "paid", "card", "Card"),
    ]


def test_pay_many_pays_nothing_when_one_charge_cannot_be_paid(customer):
    pending = api.checkout(factories.AppointmentFactory(customer=customer))
    voided = api.void(api.checkout(factories.AppointmentFactory(customer=customer)))

    with pytest.raises(ChargeError) as refused:
        checkout.pay_many([pending, voided], method="card")

    assert refused.value.code == "void"
    pending.refresh_from_db()
    assert (pending.status, pending.payment_method, pending.paid_at) == ("pending", "", None)


def test_checkout_and_pay_records_a_paid_charge(booking):
    charge = checkout.checkout_and_pay(booking, method="cash")

    assert (charge.status, charge.method.code, charge.amount_due) == ("paid", "cash", D("45.00"))


def test_checkout_and_pay_without_a_method_leaves_the_charge_pending(booking):
    charge = checkout.checkout_and_pay(booking, method="")

    assert (charge.status, charge.payment_method) == ("pending", "")


def test_checkout_and_pay_leaves_nothing_behind_when_the_payment_fails(
    booking, customer, monkeypatch
):
    api.add_credit(customer, D("10"), "")

    def refuse(charge, **kwargs):
        raise ChargeError("void")

    monkeypatch.setattr(checkout, "pay", refuse)
    with pytest.raises(ChargeError) as refused:
        checkout.checkout_and_pay(booking, method="card", use_credits=True)

    assert refused.value.code == "void"
    assert not Charge.objects.exists()
    assert api.credit_balance(customer) == D("10.00")


# Points and credit for several customers ---------------------------------------------------


@pytest.fixture
def program(db):
    program = LoyaltyProgram.get()
    program.is_enabled = True
    program.save()
    return program


def test_points_for_several_customers_lock_every_balance_first(program):
    """Taking points reaches each customer's lots: a second customer's balance after
    the first one's lots would break the lock order without the balances locked first."""
    first, second = factories.CustomerFactory(), factories.CustomerFactory()
    api.adjust_points(first, 50, "")
    api.adjust_points(second, 50, "")

    entries = points.adjust_points_many([second, first], -20, "Correction")

    assert [(e.customer_id, e.points) for e in entries] == [(second.pk, -20), (first.pk, -20)]
    assert (api.points_balance(first), api.points_balance(second)) == (30, 30)


def test_points_for_several_customers_change_nobody_when_one_lacks_them(program):
    rich, poor = factories.CustomerFactory(), factories.CustomerFactory()
    api.adjust_points(rich, 50, "")
    api.adjust_points(poor, 10, "")

    with pytest.raises(InsufficientPoints) as refused:
        points.adjust_points_many([rich, poor], -20, "Correction")

    assert refused.value.code == "insufficient_points"
    assert (api.points_balance(rich), api.points_balance(poor)) == (50, 10)


def test_credit_for_several_customers_changes_nobody_when_one_lacks_it():
    rich, poor = factories.CustomerFactory(), factories.CustomerFactory()
    api.add_credit(rich, D("50"), "")
    api.add_credit(poor, D("5"), "")

    with pytest.raises(InsufficientCredit) as refused:
        wallet.write_credit_many([rich, poor], "reversal", D("10"), "Correction")

    assert refused.value.code == "insufficient_credit"
    assert (api.credit_balance(rich), api.credit_balance(poor)) == (D("50.00"), D("5.00"))


def test_credit_for_several_customers_writes_the_kind_chosen():
    first, second = factories.CustomerFactory(), factories.CustomerFactory()

    entries = wallet.write_credit_many([first, second], "refund", D("7.50"), "Late")

    assert [(e.kind, e.amount, e.description) for e in entries] == [
        ("refund", D("7.50"), "Late"),
        ("refund", D("7.50"), "Late"),
    ]


# Promo codes -------------------------------------------------------------------------------


def test_saving_a_coupon_made_by_hand_creates_its_one_code():
    coupon = factories.CouponFactory.build(name="Printemps")

    refusal = codes.save_coupon(coupon, code="SPRING")

    assert refusal is None
    assert [(c.code, c.is_active) for c in coupon.codes.all()] == [("SPRING", True)]


def test_saving_a_coupon_renames_its_one_code():
    coupon = factories.CouponFactory(code="SPRING")

    codes.save_coupon(coupon, code="SPRING26", was_active=True)

    assert list(coupon.codes.values_list("code", flat=True)) == ["SPRING26"]


def test_switching_a_coupon_on_is_refused_when_its_code_is_active_elsewhere():
    factories.CouponFactory(name="Summer", code="SUN")
    coupon = factories.CouponFactory(name="Winter", is_active=False)
    CouponCode.objects.create(coupon=coupon, code="SUN", is_active=False)
    coupon.is_active = True

    refusal = codes.save_coupon(coupon, was_active=False)

    assert isinstance(refusal, ValidationError)
    assert "is already active on the promo code “Summer”" in " ".join(refusal.messages)
    coupon.refresh_from_db()
    assert coupon.is_active is False
    assert not coupon.codes.filter(is_active=True).exists()


def test_switching_codes_on_refuses_a_clash_and_switches_none():
    factories.CouponFactory(name="Summer", code="SUN")
    other = factories.CouponFactory(name="Winter", is_active=False)
    CouponCode.objects.create(coupon=other, code="SUN", is_active=False)
    CouponCode.objects.create(coupon=other, code="MOON", is_active=False)

    with pytest.raises(ValidationError) as refused:
        codes.set_codes_active(other.codes.all(), True)

    assert "is already active on the promo code “Summer”" in " ".join(refused.value.messages)

    assert not other.codes.filter(is_active=True).exists()
    assert codes.set_codes_active(other.codes.filter(code="MOON"), True) == 1


def test_trying_a_code_says_what_it_would_give(booking):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))

    trial = coupons.try_code("spring", booking=booking)

    assert (trial.code, trial.error, trial.coupon.name) == ("SPRING", None, "Printemps")
    assert (trial.price, trial.discount, trial.total, trial.currency) == (
        D("45.00"),
        D("4.50"),
        D("40.50"),
        "EUR",
    )


def test_trying_an_unknown_code_returns_the_refusal(customer):
    service = factories.ServiceFactory(price=D("60"))
    start = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.UTC)

    trial = coupons.try_code("NOPE", customer=customer, service=service, start=start)

    assert isinstance(trial.error, CouponError)
    assert (trial.error.code, trial.coupon, trial.total) == ("unknown", None, None)


# Packages ----------------------------------------------------------------------------------


def test_plans_put_on_and_off_sale_keep_their_history():
    plan = factories.PackagePlanFactory(name="Cinq")

    assert packages.set_plans_on_sale(PackagePlan.objects.all(), False) == 1
    assert packages.set_plans_on_sale(PackagePlan.objects.all(), False) == 0
    assert packages.set_plans_on_sale(PackagePlan.objects.all(), True) == 1

    assert [h.is_active for h in plan.history.order_by("history_date", "history_id")] == [
        True,
        False,
        True,
    ]
