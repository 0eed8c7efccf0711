import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from loyalty_promos import api
from loyalty_promos.exceptions import InsufficientPoints, LoyaltyPromosDeprecationWarning
from loyalty_promos.models import Charge, LoyaltyProgram, PointsBalance, PointsEntry
from loyalty_promos.services import points as points_service
from loyalty_promos.services.audit import find_mismatches
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
    program.award_moment = LoyaltyProgram.AwardMoment.AT_PAYMENT
    program.save()
    return program


def paid_booking(customer, price="45.00", days=2, **kwargs):
    booking = factories.AppointmentFactory(
        customer=customer,
        service=kwargs.pop("service", None) or factories.ServiceFactory(price=D(price)),
        start=NOW + days * DAY,
        **kwargs,
    )
    api.pay(api.checkout(booking), method="card")
    return booking


# Earning --------------------------------------------------------------------------------


def test_nothing_is_earned_while_the_programme_is_off(customer):
    factories.EarningRuleFactory(points=10)

    paid_booking(customer)

    assert api.points_balance(customer) == 0


def test_points_for_a_completed_booking_are_awarded_at_payment(program, customer):
    factories.EarningRuleFactory(name="Chaque visite", points=10)

    booking = paid_booking(customer)

    entry = PointsEntry.objects.get()
    assert (entry.kind, entry.points, entry.booking, entry.description) == (
        "earn", 10, booking, "Chaque visite")  # fmt: skip
    assert api.points_balance(customer) == 10


def test_awarding_twice_earns_once(program, customer):
    factories.EarningRuleFactory(points=10)
    booking = paid_booking(customer)

    assert api.award_points(booking) == []
    assert api.points_balance(customer) == 10


def test_rules_for_other_services_do_not_apply(program, customer):
    rule = factories.EarningRuleFactory(points=10)
    rule.services.set([factories.ServiceFactory(name="Balayage")])

    paid_booking(customer)

    assert api.points_balance(customer) == 0


def test_points_per_amount_paid_round_down(program, customer):
    factories.EarningRuleFactory(kind="per_amount", points=1, amount_step=D("10"))

    paid_booking(customer, price="59.90")

    assert api.points_balance(customer) == 5


def test_the_nth_visit_earns_and_every_nth_when_repeated(program, customer):
    factories.EarningRuleFactory(kind="nth_visit", points=50, visit_number=3, repeat=True)

    for day in range(1, 7):
        paid_booking(customer, days=day)

    assert list(PointsEntry.objects.order_by("pk").values_list("points", flat=True)) == [50, 50]


def test_many_rules_may_apply_to_one_booking(program, customer):
    factories.EarningRuleFactory(points=10)
    factories.EarningRuleFactory(kind="per_amount", points=2, amount_step=D("10"))

    paid_booking(customer, price="45")

    assert api.points_balance(customer) == 18


def test_after_the_appointment_points_wait_for_the_delay(program, customer, clock):
    program.award_moment = LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT
    program.award_delay_hours = 3
    program.save()
    factories.EarningRuleFactory(points=10)
    paid_booking(customer, days=0)  # 10:00–11:00 today

    assert api.points_balance(customer) == 0
    assert [a.points for _c, awards in points_service.pending_awards(customer) for a in awards] == [
        10
    ]
    assert api.award_due_points(NOW + datetime.timedelta(hours=3)) == 0
    assert api.award_due_points(NOW + datetime.timedelta(hours=4, minutes=1)) == 1
    assert api.points_balance(customer) == 10
    assert points_service.pending_awards(customer) == []


# Expiry -----------------------------------------------------------------------------------


def test_each_lot_keeps_the_expiry_it_was_granted_with(program, customer):
    program.validity_count, program.validity_unit = 6, "months"
    program.save()
    first = api.adjust_points(customer, 10, "Bienvenue")
    program.validity_count = 1
    program.save()
    second = api.adjust_points(customer, 10, "Anniversaire")

    first.refresh_from_db()
    assert first.expires_at.date() == datetime.date(2026, 9, 14)
    assert second.expires_at.date() == datetime.date(2026, 4, 14)


def test_spending_takes_the_lots_that_expire_soonest(program, customer):
    later = points_service.add_lot(customer, 30, "adjust")
    sooner = points_service.add_lot(customer, 20, "adjust")
    PointsEntry.objects.filter(pk=later.pk).update(expires_at=NOW + 90 * DAY)
    PointsEntry.objects.filter(pk=sooner.pk).update(expires_at=NOW + 10 * DAY)

    spend = points_service.take(customer, 25, "spend")

    assert [(a.lot_id, a.points) for a in spend.allocations.order_by("pk")] == [
        (sooner.pk, 20), (later.pk, 5)]  # fmt: skip


def test_expired_points_are_never_counted_or_spent_even_before_the_job(program, customer):
    lot = points_service.add_lot(customer, 30, "adjust")
    PointsEntry.objects.filter(pk=lot.pk).update(expires_at=NOW - DAY)

    assert api.points_balance(customer) == 0
    with pytest.raises(InsufficientPoints) as refused:
        points_service.take(customer, 1, "spend")

    assert refused.value.code == "insufficient_points"


def test_the_expiry_job_writes_off_what_is_left(program, customer):
    lot = points_service.add_lot(customer, 30, "adjust")
    points_service.take(customer, 10, "spend")
    PointsEntry.objects.filter(pk=lot.pk).update(expires_at=NOW - DAY)

    assert api.expire_points() == 1
    assert api.expire_points() == 0

    expiry = PointsEntry.objects.get(kind="expire")
    assert expiry.points == -20
    assert PointsBalance.objects.get(customer=customer).balance == 0
    assert find_mismatches() == []


# Manual adjustments and notifications ---------------------------------------------------


def test_adjust_points_records_the_staff_user_and_notifies(
    program, customer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = api.adjust_points(customer, 25, "Parrainage", user=staff_user)

    assert (entry.kind, entry.points, entry.created_by) == ("adjust", 25, staff_user)
    [email] = mail.outbox
    assert email.to == [customer.email]
    assert email.subject == "Your points balance was updated"
    assert "Your points balance changed by +25: Parrainage." in email.body
    assert "Your balance is now 25 points." in email.body


def test_removing_more_points_than_held_is_refused(program, customer):
    api.adjust_points(customer, 10, "")

    with pytest.raises(InsufficientPoints) as error:
        api.adjust_points(customer, -11, "Erreur")

    assert str(error.value) == "The customer does not have enough points."
    assert api.points_balance(customer) == 10


def failing_notifier(customer, subject, message):
    raise ConnectionError("SMS gateway down")


def test_a_failing_notifier_never_costs_the_points(
    program, customer, settings, django_capture_on_commit_callbacks, caplog
):
    settings.LOYALTY_PROMOS = {**settings.LOYALTY_PROMOS,
                               "POINTS_NOTIFIER": f"{__name__}.failing_notifier"}  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        api.adjust_points(customer, 5, "Bonus")

    assert api.points_balance(customer) == 5
    assert "Points notification to customer" in caplog.text


# Voiding a charge -------------------------------------------------------------------------


def test_voiding_takes_back_earned_points(program, customer):
    factories.EarningRuleFactory(points=10)
    booking = paid_booking(customer)

    api.void(booking.loyalty_promos_charges.get())

    assert api.points_balance(customer) == 0
    assert PointsEntry.objects.get(kind="reversal").points == -10


def test_a_shortfall_is_recorded_when_points_were_already_spent(program, customer):
    factories.EarningRuleFactory(points=100)
    booking = paid_booking(customer)
    points_service.take(customer, 80, "spend")

    api.void(booking.loyalty_promos_charges.get())

    reversal = PointsEntry.objects.get(kind="reversal")
    assert (reversal.points, reversal.shortfall) == (-20, 80)
    assert api.points_balance(customer) == 0
    assert find_mismatches() == []


# Rewards ------------------------------------------------------------------------------------


def test_redeeming_a_discount_reward_issues_a_single_use_code(program, customer):
    api.adjust_points(customer, 150, "")
    reward = factories.RewardFactory(points_cost=100, kind="amount", value=D("10"))

    redemption = api.redeem_reward(customer, reward)

    assert api.points_balance(customer) == 50
    code = redemption.coupon.codes.get().code
    booking = factories.AppointmentFactory(customer=customer)
    assert api.checkout(booking, code=code).discount_amount == D("10.00")
    with pytest.raises(Exception) as error:
        api.check_code(code, factories.AppointmentFactory(customer=customer))
    assert error.value.code == "usage_limit"


def test_redeeming_a_gift_card_reward(program, customer):
    api.adjust_points(customer, 300, "")
    reward = factories.RewardFactory(points_cost=300, kind="gift_card", value=D("30"))

    redemption = api.redeem_reward(customer, reward)

    assert (redemption.gift_card.balance, redemption.gift_card.owner) == (D("30.00"), customer)
    assert api.points_balance(customer) == 0


def test_a_reward_needs_enough_points(program, customer):
    with pytest.raises(InsufficientPoints) as refused:
        api.redeem_reward(customer, factories.RewardFactory(points_cost=100))

    assert refused.value.code == "insufficient_points"

    assert not PointsEntry.objects.exists()


def test_points_spent_at_checkout_through_a_reward(program, customer, booking):
    api.adjust_points(customer, 120, "")
    factories.RewardFactory(name="5 € offerts", points_cost=100, kind="amount", value=D("5"))

    with pytest.warns(LoyaltyPromosDeprecationWarning, match="pass reward=<Reward>"):
        charge = api.checkout(booking, points=100)

    assert (charge.discount_source, charge.discount_amount, charge.points_used) == (
        "reward", D("5.00"), 100)  # fmt: skip
    assert charge.lines.get(kind="reward").label == "5 € offerts (100 points)"
    assert api.points_balance(customer) == 20
    api.void(charge)
    assert api.points_balance(customer) == 120


def _reward_checkout(customer, booking):
    api.adjust_points(customer, 300, "bonus")
    reward = factories.RewardFactory(points_cost=100, kind="amount", value=D("10"))
    return api.checkout(booking, reward=reward)


def test_a_code_replacing_a_reward_gives_its_points_back_once(program, customer, booking):
    factories.CouponFactory(code="TENOFF")
    charge = _reward_checkout(customer, booking)
    assert api.points_balance(customer) == 200

    charge = api.apply_code(charge, "TENOFF")  # the code replaces the reward: 100 back
    assert api.points_balance(customer) == 300
    api.void(charge)  # nothing more to give back

    assert api.points_balance(customer) == 300
    assert_ledgers_clean()


def test_repricing_a_charge_bought_with_points_spends_them_once(program, customer, booking):
    charge = _reward_checkout(customer, booking)
    plan = factories.PackagePlanFactory(visits=1)
    plan.services.set([factories.ServiceFactory(name="Another service")])

    for _ in range(3):  # each assignment reprices the pending charge: reward kept
        api.assign_package(customer, plan, include_existing=True)
    assert api.points_balance(customer) == 200
    api.void(charge)

    assert api.points_balance(customer) == 300
    assert_ledgers_clean()


@pytest.mark.parametrize("expiry_job_first", [False, True])
def test_voiding_after_the_earned_points_expired_takes_nothing_from_other_points(
    program, customer, booking, clock, expiry_job_first
):
    api.configure_program(award_moment="at_payment", validity_count=30, validity_unit="days")
    factories.EarningRuleFactory(points=100)
    charge = api.pay(api.checkout(booking), method="card")  # 100 points, valid 30 days
    clock.move_to(NOW + datetime.timedelta(days=20))
    api.adjust_points(customer, 50, "bonus")  # valid to day 50
    clock.move_to(NOW + datetime.timedelta(days=31))  # the 100 have expired, unused
    if expiry_job_first:
        api.expire_points()

    api.void(charge)
    api.expire_points()

    assert api.points_balance(customer) == 50  # the bonus stays whole
    reversal = PointsEntry.objects.get(charge=charge, kind="reversal")
    assert reversal.shortfall == 0
    assert_ledgers_clean()


@pytest.mark.parametrize("other_points", [0, 100])
@pytest.mark.parametrize("earning_first", [True, False])
def test_voiding_an_earning_and_the_charge_that_spent_it_in_either_order_agree(
    program, customer, booking, other_points, earning_first
):
    """A's 100 points were spent on B; voiding both leaves the customer what they had
    besides, whichever is voided first (voiding A first used to leave them A's 100)."""
    factories.EarningRuleFactory(points=100)
    earning = api.pay(api.checkout(booking), method="card")  # 100 points, awarded at payment
    if other_points:
        api.adjust_points(customer, other_points, "bonus")
    reward = factories.RewardFactory(points_cost=100, kind="amount", value=D("10"))
    spending = api.checkout(
        factories.AppointmentFactory(customer=customer, start=NOW + datetime.timedelta(days=3)),
        reward=reward,
    )

    for charge in (earning, spending) if earning_first else (spending, earning):
        api.void(charge)

    assert api.points_balance(customer) == other_points
    assert PointsBalance.objects.get(customer=customer).balance == other_points
    assert_ledgers_clean()


def test_voiding_a_charge_that_earned_under_two_rules_takes_each_back_once(
    program, customer, booking
):
    factories.EarningRuleFactory(points=10)
    factories.EarningRuleFactory(points=20)
    charge = api.pay(api.checkout(booking), method="card")  # two lots: 10 and 20
    reward = factories.RewardFactory(points_cost=25, kind="amount", value=D("5"))
    api.checkout(
        factories.AppointmentFactory(customer=customer, start=NOW + datetime.timedelta(days=3)),
        reward=reward,
    )  # spends 25 of the 30, from both lots

    api.void(charge)  # 5 left to take back: the rest is a shortfall, never a negative balance

    assert api.points_balance(customer) == 0
    assert PointsBalance.objects.get(customer=customer).balance == 0
    assert_ledgers_clean()


def test_the_audit_finds_points_given_back_twice(program, customer, booking):
    charge = _reward_checkout(customer, booking)
    api.void(charge)
    PointsEntry.objects.filter(charge=charge, kind="spend").update(reversed=False)
    with transaction.atomic():  # the old bug: every past spend given back again
        points_service.reverse_charge_points(charge)

    assert {m.ledger for m in find_mismatches()} >= {"points lot", "points given back"}


@pytest.mark.parametrize(("points", "code"), [(99, "no_reward"), (100, "insufficient_points")])
def test_points_at_checkout_errors(program, customer, booking, points, code):
    factories.RewardFactory(points_cost=100)
    api.adjust_points(customer, 50, "")

    deprecated = pytest.warns(LoyaltyPromosDeprecationWarning)
    with deprecated, pytest.raises(InsufficientPoints) as error:
        api.checkout(booking, points=points)

    assert error.value.code == code
    assert not Charge.objects.exists()


class PointsLedgerProperties(HypothesisTestCase):
    """Random earning, spending and expiry: never negative, cached balance = ledger,
    usable points = the unexpired remains of the lots."""

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.sampled_from(["add", "take", "expire_one"]),
                              st.integers(min_value=1, max_value=60)), max_size=25))  # fmt: skip
    def test_fifo_lots_keep_the_ledger_true(self, operations):
        program = LoyaltyProgram.get()
        program.is_enabled = True
        program.save()
        customer = factories.CustomerFactory()
        for op, n in operations:
            try:
                if op == "add":
                    points_service.add_lot(customer, n, "adjust")
                elif op == "take":
                    points_service.take(customer, n, "spend")
                else:
                    lot = PointsEntry.objects.filter(customer=customer, remaining__gt=0).first()
                    if lot:
                        PointsEntry.objects.filter(pk=lot.pk).update(expires_at=NOW - DAY)
                        api.expire_points()
            except InsufficientPoints:
                pass
            lots = PointsEntry.objects.filter(customer=customer, remaining__gt=0)
            assert api.points_balance(customer) == sum(lots.values_list("remaining", flat=True))
            assert api.points_balance(customer) >= 0
        assert_ledgers_clean()


def test_reading_the_programme_never_writes(customer, booking):
    reward = factories.RewardFactory(points_cost=100)

    with pytest.raises(InsufficientPoints) as error:
        api.quote(booking, reward=reward)

    assert error.value.code == "disabled"
    assert not LoyaltyProgram.objects.exists()
