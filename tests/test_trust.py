"""Money is never forged or lost: balances only move through services, in one lock order.

Each test here failed on 0.1.0's first landing (issue 11); the races themselves are
proven on PostgreSQL in ``test_trust_concurrency.py``.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import transaction
from django.forms import modelform_factory
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.exceptions import ChargeError, CouponError, InsufficientPoints
from loyalty_promos.models import (
    Charge,
    CreditBalance,
    CustomerPackage,
    GiftCard,
    LoyaltyProgram,
    PackageUsage,
    PointsBalance,
    PointsEntry,
    Redemption,
)
from loyalty_promos.services import audit, giftcards, locking, packages, points, wallet
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
D = Decimal


def enable_points(**fields):
    program = LoyaltyProgram.get()
    defaults = {"is_enabled": True, "award_moment": LoyaltyProgram.AwardMoment.AT_PAYMENT}
    for name, value in {**defaults, **fields}.items():
        setattr(program, name, value)
    program.save()
    return program


# Lock order -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # no test-case transaction around the calls
def test_locks_and_ledger_writes_refuse_to_run_outside_a_transaction(customer):
    card = giftcards.issue_gift_card(D("20"))
    package = api.assign_package(customer, factories.PackagePlanFactory(visits=2))
    charge = factories.ChargeFactory()

    with pytest.raises(locking.TransactionRequired):
        locking.lock(credits_of=[customer])
    with pytest.raises(locking.TransactionRequired):
        wallet.spend_credit(customer, D("1"), charge=charge)
    with pytest.raises(locking.TransactionRequired):
        giftcards.spend_gift_card(card, D("1"), charge=charge)
    with pytest.raises(locking.TransactionRequired):
        packages.use(package, D("0"), charge=charge)
    with pytest.raises(locking.TransactionRequired):
        points.reverse_charge_points(charge)
    assert CreditBalance.objects.filter(customer=customer).count() == 0
    card.refresh_from_db()
    assert card.balance == D("20.00")


@pytest.mark.django_db(transaction=True)
def test_reverse_charge_points_outside_a_transaction_refuses_when_there_is_work(customer):
    enable_points()
    factories.EarningRuleFactory(points=10)
    booking = factories.AppointmentFactory(customer=customer)
    charge = api.pay(api.checkout(booking), method="cash")

    with pytest.raises(locking.TransactionRequired):
        points.reverse_charge_points(charge)
    assert api.points_balance(customer) == 10


def test_a_service_that_reaches_back_for_an_earlier_lock_is_stopped(customer):
    charge = factories.ChargeFactory()

    refused = pytest.raises(locking.LockOrderError, match="'charge' requested after 'credit")
    with refused, locking.atomic():
        locking.lock(credits_of=[customer])
        locking.lock(charges=[charge])


def test_locking_a_row_already_held_is_not_a_new_lock(customer):
    charge = factories.ChargeFactory()

    with locking.atomic():
        locking.lock(charges=[charge], credits_of=[customer])
        locked = locking.lock(charges=[charge]).one(locking.CHARGE)

    assert locked.pk == charge.pk


def test_two_services_in_one_host_transaction_each_start_their_own_order(customer, booking):
    api.add_credit(customer, D("100"), "")
    with transaction.atomic():  # e.g. ATOMIC_REQUESTS
        charge = api.checkout(booking, use_credits=True)
        api.void(charge)

    assert api.credit_balance(customer) == D("100.00")


# Admin saves never write a balance back (lost update) ----------------------------------


def test_saving_a_package_read_before_a_checkout_keeps_the_visit_used(customer, booking):
    package = api.assign_package(
        customer, factories.PackagePlanFactory(visits=5), include_existing=True
    )
    stale = CustomerPackage.objects.get(pk=package.pk)  # the admin form reads it …
    api.checkout(booking)  # … a checkout uses a visit meanwhile …
    form = modelform_factory(CustomerPackage, fields=["expires_at", "visits_left"])(
        {"expires_at": "2026-12-31 18:00", "visits_left": "5"}, instance=stale
    )
    form.save()  # … and the admin saves only the expiry

    package.refresh_from_db()
    assert package.visits_left == 4
    assert package.expires_at == datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC)
    assert audit.find_mismatches() == []


def test_the_admin_change_page_of_a_package_cannot_give_back_a_visit(
    admin_client, customer, booking
):
    package = api.assign_package(
        customer, factories.PackagePlanFactory(visits=5), include_existing=True
    )
    api.checkout(booking)
    url = reverse("admin:loyalty_promos_customerpackage_change", args=[package.pk])

    response = admin_client.post(
        url,
        {
            "starts_at_0": "2026-03-14",
            "starts_at_1": "10:00",
            "expires_at_0": "2026-12-31",
            "expires_at_1": "18:00",
            "visits_left": "5",
            "is_active": "on",
            "usages-TOTAL_FORMS": "0",
            "usages-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    package.refresh_from_db()
    assert package.visits_left == 4
    assert package.expires_at.date() == datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    "model, fields",
    [
        (CustomerPackage, {"visits_left": 99, "credit_left": D("999")}),
        (GiftCard, {"balance": D("999")}),
        (CreditBalance, {"balance": D("999")}),
        (PointsBalance, {"balance": 999}),
        (PointsEntry, {"remaining": 999, "reversed": True}),
    ],
)
def test_a_plain_save_of_any_balance_row_never_writes_its_balance(model, fields, customer):
    enable_points()
    api.add_credit(customer, D("10"), "")
    api.adjust_points(customer, 10, "")
    api.assign_package(customer, factories.PackagePlanFactory(visits=5))
    giftcards.issue_gift_card(D("10"), owner=customer)
    row = model.objects.first()
    before = {name: getattr(row, name) for name in fields}
    for name, value in fields.items():
        setattr(row, name, value)

    row.save()

    row.refresh_from_db()
    assert {name: getattr(row, name) for name in fields} == before


def test_balance_rows_show_their_balance_read_only_in_the_admin(rf, superuser):
    request = rf.get("/")
    request.user = superuser
    for model, names in [
        (CustomerPackage, {"visits_left", "credit_left"}),
        (GiftCard, {"balance"}),
    ]:
        model_admin = admin.site.get_model_admin(model)
        obj = model.objects.none().model()
        obj.pk = 1
        assert names <= set(model_admin.get_readonly_fields(request, obj))


# The award job and a void -----------------------------------------------------------------


def test_the_award_job_rechecks_the_charge_under_its_lock(customer, booking):
    enable_points()
    factories.EarningRuleFactory(points=10)
    enable_points(award_moment=LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT)
    charge = api.pay(api.checkout(booking), method="cash")
    Charge.objects.filter(pk=charge.pk).update(status=Charge.Status.VOID)  # voided meanwhile

    made = points.award_charge(charge.pk, program=LoyaltyProgram.get())

    assert made == []
    assert not PointsEntry.objects.filter(charge=charge).exists()


def test_check_balances_reports_points_left_on_a_void_charge(customer, booking):
    enable_points()
    factories.EarningRuleFactory(points=10)
    charge = api.pay(api.checkout(booking), method="cash")
    assert api.points_balance(customer) == 10
    Charge.objects.filter(pk=charge.pk).update(status=Charge.Status.VOID)

    problems = [str(m) for m in audit.find_mismatches()]

    assert problems == [f"points on void charge #{charge.pk}: cached 10, ledger 0"]


# Cancelled bookings -------------------------------------------------------------------------


def test_a_cancelled_booking_is_never_charged_and_nothing_is_consumed(customer, booking):
    factories.CouponFactory(code="SPRING", max_uses=1)
    api.add_credit(customer, D("100"), "")
    package = api.assign_package(
        customer, factories.PackagePlanFactory(visits=3), include_existing=True
    )
    booking.status = "cancelled"
    booking.save()

    with pytest.raises(ChargeError) as refused:
        api.checkout(booking, code="SPRING", use_credits=True)
    with pytest.raises(ChargeError) as quote_refused:
        api.quote(booking)

    assert (refused.value.code, quote_refused.value.code) == ("cancelled", "cancelled")
    assert str(refused.value) == "This booking is cancelled: it cannot be checked out."
    assert not Charge.objects.exists()
    assert not Redemption.objects.exists()
    assert api.credit_balance(customer) == D("100.00")
    package.refresh_from_db()
    assert package.visits_left == 3


# Walk-ins -------------------------------------------------------------------------------------


@pytest.fixture
def walk_in():
    service = factories.ServiceFactory(price="30.00")
    return factories.AppointmentFactory(customer=None, service=service)


def test_a_walk_in_is_checked_out_paid_and_awarded_nothing(walk_in, customer):
    enable_points()
    factories.EarningRuleFactory(points=10)
    factories.CouponFactory(code="TEN", discount_value=D("10"), max_uses_per_customer=1)
    card = giftcards.issue_gift_card(D("5"))
    other = factories.AppointmentFactory(customer=customer)

    charge = api.checkout(walk_in, code="TEN", gift_card=card.code, use_credits=True)
    api.pay(charge, method="cash")
    api.pay(api.checkout(other), method="card")  # a customer after the walk-in
    made = api.award_due_points()

    charge.refresh_from_db()
    assert (charge.customer, charge.amount_due, charge.status) == (None, D("22.00"), "paid")
    assert (charge.discount_amount, charge.gift_card_amount) == (D("3.00"), D("5.00"))
    assert charge.points_awarded_at is not None
    assert made == 0  # at payment by default: the customer's points came with pay()
    assert not PointsBalance.objects.filter(customer=None).exists()
    assert api.points_balance(customer) == 10
    assert audit.find_mismatches() == []


def test_the_award_job_goes_on_after_a_walk_in(walk_in, customer):
    enable_points(award_moment=LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT, award_delay_hours=0)
    factories.EarningRuleFactory(points=10)
    earlier = NOW - datetime.timedelta(days=1)
    walk_in.start, walk_in.end = earlier, earlier + datetime.timedelta(hours=1)
    walk_in.save()
    later = factories.AppointmentFactory(customer=customer, start=earlier)
    api.pay(api.checkout(walk_in), method="cash")
    api.pay(api.checkout(later), method="cash")

    assert api.award_due_points() == 1
    assert api.points_balance(customer) == 10
    assert Charge.objects.filter(points_awarded_at__isnull=True).count() == 0


def test_a_walk_in_cannot_spend_points_nor_use_a_first_visit_code(walk_in):
    enable_points()
    reward = factories.RewardFactory(points_cost=10)
    factories.CouponFactory(code="FIRST", first_booking_only=True)

    with pytest.raises(InsufficientPoints) as points_refused:
        api.checkout(walk_in, reward=reward)
    assert points_refused.value.code == "insufficient_points"
    with pytest.raises(CouponError) as refused:
        api.checkout(walk_in, code="FIRST")

    assert refused.value.code == "first_booking_only"
    assert not Charge.objects.exists()


def test_a_walk_in_voided_gives_the_gift_card_back(walk_in):
    card = giftcards.issue_gift_card(D("50"))
    charge = api.checkout(walk_in, gift_card=card.code)

    api.void(charge)

    card.refresh_from_db()
    assert card.balance == D("50.00")
    assert audit.find_mismatches() == []


def test_the_admin_checkout_page_checks_out_a_walk_in(admin_client, walk_in):
    url = reverse("admin:loyalty_promos_charge_checkout", args=[walk_in.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"method": "cash"})

    assert page.status_code == 200
    assert "30.00" in page.text
    charge = Charge.objects.get(booking_ref=str(walk_in.pk))
    assert response.status_code == 302
    assert (charge.status, charge.method.code, charge.customer) == ("paid", "cash", None)


# check_balances proves every ledger ----------------------------------------------------------


def test_editing_a_plan_after_a_sale_is_no_mismatch(customer, booking):
    plan = factories.PackagePlanFactory(visits=5)
    api.assign_package(customer, plan)
    api.checkout(booking)
    plan.visits = 10
    plan.save()

    assert audit.find_mismatches() == []
    opening = PackageUsage.objects.get(kind=PackageUsage.Kind.OPEN)
    assert (opening.visits, opening.amount) == (5, D("0.00"))


def test_a_credit_pack_package_opens_with_its_credit(customer):
    plan = factories.PackagePlanFactory(kind="credit_pack", visits=None, credit=D("150"))
    package = api.assign_package(customer, plan)

    opening = package.usages.get(kind=PackageUsage.Kind.OPEN)

    assert (opening.visits, opening.amount) == (0, D("150.00"))
    CustomerPackage.objects.filter(pk=package.pk).update(credit_left=D("140"))
    assert [str(m) for m in audit.find_mismatches()] == [
        f"package credit {package}: cached 140.00, ledger 150.00"
    ]


def test_check_balances_reports_a_code_used_beyond_its_limit(customer):
    coupon = factories.CouponFactory(code="ONCE", max_uses=1)
    first, second = (factories.AppointmentFactory(customer=customer) for _ in range(2))
    api.checkout(first, code="ONCE")
    api.checkout(second)
    use = Redemption.objects.get()
    Redemption.objects.create(  # a second use written behind the services' back
        coupon=coupon,
        code=use.code,
        booking=second,
        customer=customer,
        code_text="ONCE",
        coupon_name=coupon.name,
        discount_type=coupon.discount_type,
        discount_value=coupon.discount_value,
        booking_ref=str(second.pk),
        use_key=f"booking:{second.pk}",
        amount=D("5"),
    )

    assert [str(m) for m in audit.find_mismatches()] == [
        f"promo code uses {coupon.name}: cached 1, ledger 2"
    ]
