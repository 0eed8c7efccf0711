"""quote / checkout / apply_code / pay / void: exact amounts, atomicity, idempotency."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from loyalty_promos import api
from loyalty_promos.exceptions import ChargeError, CouponError, GiftCardError
from loyalty_promos.models import (
    Charge,
    CreditEntry,
    GiftCard,
    GiftCardEntry,
    PointsEntry,
    Redemption,
)
from tests import factories
from tests.conftest import NOW
from tests.utils import assert_ledgers_clean

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def booking50(customer):
    """Coupe + brushing at 50.00, Monday 16 March 2026 at 10:00."""
    service = factories.ServiceFactory(name="Coupe brushing", price=D("50.00"))
    return factories.AppointmentFactory(
        customer=customer, service=service, start=NOW + datetime.timedelta(days=2)
    )


def amounts(result):
    return (
        result.price,
        result.discount_amount if isinstance(result, Charge) else result.discount,
        result.gift_card_amount,
        result.credits_amount,
        result.amount_due,
    )


# quote ------------------------------------------------------------------------------------


def test_quote_prices_without_writing_anything(booking50, django_assert_num_queries):
    factories.CouponFactory(code="TEN", discount_value=D("10"))

    result = api.quote(booking50, code="TEN")

    assert (result.list_price, result.price, result.discount, result.amount_due) == (
        D("50.00"), D("50.00"), D("5.00"), D("45.00"))  # fmt: skip
    assert result.discount_source == "coupon"
    assert not Charge.objects.exists()
    assert not Redemption.objects.exists()


def test_pricing_rules_come_first(booking50):
    factories.PricingRuleFactory(name="Lundi doux", value=D("-20"), weekdays=[0])
    factories.CouponFactory(code="TEN", discount_value=D("10"))

    result = api.quote(booking50, code="TEN")

    assert (result.list_price, result.price, result.discount, result.amount_due) == (
        D("50.00"), D("40.00"), D("4.00"), D("36.00"))  # fmt: skip
    assert [line[0] for line in result.lines] == [
        "list_price", "pricing_rule", "coupon", "amount_due"]  # fmt: skip


def test_the_charge_shows_each_pricing_rule_in_the_order_they_applied(customer):
    """The help article's room 2: 50/h, and at weekends −10 % on top of that rate."""
    room2 = factories.ServiceFactory(name="Room 2", price=D("50.00"))
    hourly = factories.PricingRuleFactory(
        name="Room 2 hourly", kind="set_price", value=D("50"), per_hour=True, services=[room2]
    )
    weekend = factories.PricingRuleFactory(
        name="Weekend −10 %", value=D("-10"), weekdays=[5, 6], stacking="stack", services=[room2]
    )
    saturday = NOW + datetime.timedelta(days=7)  # Saturday 21 March 2026, 10:00
    booking = factories.AppointmentFactory(
        customer=customer, service=room2, start=saturday,
        end=saturday + datetime.timedelta(hours=2),
    )  # fmt: skip

    result = api.quote(booking)
    charge = api.checkout(booking)

    assert (result.list_price, result.price, result.amount_due) == (
        D("50.00"),
        D("90.00"),
        D("90.00"),
    )
    assert (result.rule, result.rules) == (hourly, [hourly, weekend])
    assert [(line.kind, line.label, line.amount) for line in charge.lines.all()] == [
        ("list_price", "List price", D("50.00")),
        ("pricing_rule", "Room 2 hourly", D("50.00")),
        ("pricing_rule", "Weekend −10 %", D("-10.00")),
        ("amount_due", "Amount due", D("90.00")),
    ]


# discounts --------------------------------------------------------------------------------


def test_a_promo_code_wins_over_the_permanent_discount_even_when_smaller(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("20"))
    factories.CouponFactory(code="FIVE", discount_value=D("5"))

    result = api.quote(booking50, code="FIVE")

    assert (result.discount_source, result.discount, result.amount_due) == (
        "coupon", D("2.50"), D("47.50"))  # fmt: skip


def test_a_repriced_charge_keeps_its_code_over_the_permanent_discount(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("50"))
    factories.CouponFactory(code="FIVE", discount_value=D("5"))
    charge = api.checkout(booking50, code="FIVE")
    plan = factories.PackagePlanFactory(visits=3)
    plan.services.set([factories.ServiceFactory(name="Another service")])

    api.assign_package(customer, plan, include_existing=True)  # reprices, code kept

    charge.refresh_from_db()
    assert (charge.discount_source, charge.discount_amount, charge.amount_due) == (
        "coupon", D("2.50"), D("47.50"))  # fmt: skip
    assert [line.kind for line in charge.lines.all()] == ["list_price", "coupon", "amount_due"]
    api.remove_code(charge)  # now the permanent discount, and the code's use released
    charge.refresh_from_db()
    assert (charge.discount_source, charge.amount_due) == ("permanent", D("25.00"))
    assert not Redemption.objects.live().filter(charge=charge).exists()


def test_the_permanent_discount_applies_without_a_code(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("10"))

    result = api.quote(booking50)

    assert (result.discount_source, result.discount, result.amount_due) == (
        "permanent", D("5.00"), D("45.00"))  # fmt: skip


def test_the_permanent_discount_is_not_applied_to_the_part_paid_with_credits(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("10"))
    api.add_credit(customer, D("20"), "")

    result = api.quote(booking50, use_credits=True)

    # 20.00 paid with credits at full price; 10 % off the other 30.00.
    assert amounts(result) == (D("50.00"), D("3.00"), D("0.00"), D("20.00"), D("27.00"))


def test_the_permanent_discount_line_names_its_percent_as_people_write_it(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("10.00"))

    lines = {line[0]: line[1:] for line in api.quote(booking50).lines}

    assert lines["permanent"] == ("Permanent discount 10 %", D("-5.00"))  # never "1E+1 %"


def test_no_permanent_discount_line_when_credits_pay_it_all(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("10"))
    api.add_credit(customer, D("80"), "")

    result = api.quote(booking50, use_credits=True)

    # Credits pay the whole price, which the discount never applies to: no "0.00 off" line.
    assert [line[0] for line in result.lines] == ["list_price", "credits", "amount_due"]


def test_an_inactive_permanent_discount_is_ignored(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("10"), is_active=False)

    assert api.quote(booking50).discount == D("0.00")


def test_a_100_percent_code_makes_the_booking_free_and_paid(booking50):
    factories.CouponFactory(code="FREE", discount_value=D("100"))

    charge = api.checkout(booking50, code="FREE")

    assert (charge.amount_due, charge.status, charge.paid_at) == (D("0.00"), "paid", NOW)


def test_a_discount_larger_than_the_price_stops_at_zero(booking50):
    factories.CouponFactory(code="BIG", discount_type="amount", discount_value=D("80"))

    assert amounts(api.quote(booking50, code="BIG")) == (
        D("50.00"), D("50.00"), D("0.00"), D("0.00"), D("0.00"))  # fmt: skip


# gift cards and credits --------------------------------------------------------------------


def test_a_gift_card_pays_up_to_its_balance(booking50):
    card = api.issue_gift_card(D("30"))

    charge = api.checkout(booking50, gift_card=card.code.lower())

    card.refresh_from_db()
    assert amounts(charge) == (D("50.00"), D("0.00"), D("30.00"), D("0.00"), D("20.00"))
    assert card.balance == D("0.00")
    assert card.entries.filter(kind="spend").get().amount == D("-30.00")


def test_gift_card_then_credits_then_amount_due(booking50, customer):
    card = api.issue_gift_card(D("15"))
    api.add_credit(customer, D("100"), "")

    charge = api.checkout(booking50, gift_card=card.code, use_credits=True)

    assert amounts(charge) == (D("50.00"), D("0.00"), D("15.00"), D("35.00"), D("0.00"))
    assert charge.status == "paid"
    assert api.credit_balance(customer) == D("65.00")


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ({"is_active": False}, "inactive"),
        ({"expires_at": NOW - datetime.timedelta(seconds=1)}, "expired"),
        ({"balance": D("0")}, "empty"),
    ],
)
def test_an_unusable_gift_card_is_refused_with_its_reason(booking50, setup, code):
    card = api.issue_gift_card(D("30"))
    type(card).objects.filter(pk=card.pk).update(**setup)

    with pytest.raises(GiftCardError) as error:
        api.checkout(booking50, gift_card=card.code)

    assert error.value.code == code
    assert not Charge.objects.exists()


# atomic and once ----------------------------------------------------------------------------


def test_checkout_twice_returns_the_same_charge_and_consumes_once(booking50, customer):
    api.add_credit(customer, D("30"), "")
    factories.CouponFactory(code="TEN", discount_value=D("10"), max_uses=5)

    first = api.checkout(booking50, code="TEN", use_credits=True)
    second = api.checkout(booking50, code="TEN", use_credits=True)

    assert first == second
    assert CreditEntry.objects.filter(kind="spend").count() == 1
    assert Redemption.objects.count() == 1
    assert api.credit_balance(customer) == D("0.00")


def test_an_error_consumes_nothing(booking50, customer):
    card = api.issue_gift_card(D("30"))
    api.add_credit(customer, D("30"), "")

    with pytest.raises(CouponError) as refused:
        api.checkout(booking50, code="NOPE", gift_card=card.code, use_credits=True)

    assert refused.value.code == "unknown"

    card.refresh_from_db()
    assert card.balance == D("30.00")
    assert api.credit_balance(customer) == D("30.00")
    assert not Charge.objects.exists()
    assert GiftCardEntry.objects.count() == 1  # the issue entry only


def test_the_charge_keeps_a_snapshot_and_explains_each_step(booking50, customer):
    factories.CouponFactory(name="Printemps", code="SPRING", discount_value=D("10"))
    api.add_credit(customer, D("5"), "")

    charge = api.checkout(booking50, code="SPRING", use_credits=True)

    assert (charge.customer_name, charge.service_name, charge.staff_name) == (
        "Camille Dupont", "Coupe brushing", str(booking50.staff))  # fmt: skip
    assert charge.starts_at == booking50.start
    assert [(line.kind, line.label, line.amount) for line in charge.lines.all()] == [
        ("list_price", "List price", D("50.00")),
        ("coupon", "Printemps (SPRING)", D("-5.00")),
        ("credits", "Credits", D("-5.00")),
        ("amount_due", "Amount due", D("40.00")),
    ]


# apply_code, pay, void -----------------------------------------------------------------------


def test_a_code_applied_later_to_a_pending_charge_recomputes_it(booking50, customer, staff_user):
    api.add_credit(customer, D("10"), "")
    factories.CouponFactory(code="HALF", discount_value=D("50"))
    charge = api.checkout(booking50, use_credits=True)
    assert charge.amount_due == D("40.00")

    charge = api.apply_code(charge, "half", user=staff_user)

    assert amounts(charge) == (D("50.00"), D("25.00"), D("0.00"), D("10.00"), D("15.00"))
    assert api.credit_balance(customer) == D("0.00")
    assert Redemption.objects.get().charge == charge
    assert charge.lines.get(kind="coupon").amount == D("-25.00")


def test_a_code_cannot_be_applied_to_a_paid_charge(booking50):
    factories.CouponFactory(code="HALF", discount_value=D("50"))
    charge = api.pay(api.checkout(booking50), method="card")

    with pytest.raises(ChargeError) as error:
        api.apply_code(charge, "HALF")

    assert str(error.value) == "Only a pending charge can be changed; this one is paid or void."


def test_pay_completes_a_pending_charge_once(booking50, staff_user):
    charge = api.checkout(booking50)

    api.pay(charge, method="card", user=staff_user)
    again = api.pay(charge, method="cash")

    assert (again.status, again.method.code, again.paid_at) == ("paid", "card", NOW)
    assert again.payment_method == "Card"  # the method's name when paid, kept


def test_void_gives_everything_back_and_keeps_the_record(booking50, customer):
    card = api.issue_gift_card(D("10"))
    api.add_credit(customer, D("10"), "")
    factories.CouponFactory(code="TEN", discount_value=D("10"), max_uses=1)
    charge = api.checkout(booking50, code="TEN", gift_card=card.code, use_credits=True)

    api.void(charge)

    charge.refresh_from_db()
    card.refresh_from_db()
    assert (charge.status, charge.voided_at, charge.amount_due) == ("void", NOW, D("25.00"))
    assert card.balance == D("10.00")
    assert api.credit_balance(customer) == D("10.00")
    assert Redemption.objects.get().voided_at == NOW
    assert api.check_code("TEN", factories.AppointmentFactory()).max_uses == 1  # use freed


def test_a_voided_booking_can_be_checked_out_again(booking50):
    api.void(api.checkout(booking50))

    assert api.checkout(booking50).status == "pending"
    assert Charge.objects.filter(booking=booking50).count() == 2


def test_deleting_the_booking_voids_its_charge(booking50, customer):
    api.add_credit(customer, D("50"), "")
    charge = api.checkout(booking50, use_credits=True)

    booking50.delete()

    charge.refresh_from_db()
    assert (charge.status, charge.booking, charge.service_name) == ("void", None, "Coupe brushing")
    assert api.credit_balance(customer) == D("50.00")


def test_cancelling_the_booking_voids_its_charge(booking50):
    charge = api.checkout(booking50)

    booking50.status = "cancelled"
    booking50.save()

    charge.refresh_from_db()
    assert charge.status == "void"


# a constant number of queries ------------------------------------------------------------------


def checkout_queries(booking, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        api.checkout(booking, **kwargs)
    return len(queries)


def test_checkout_runs_a_constant_number_of_queries(customer):
    def scenario(size):
        other = factories.CustomerFactory()
        for n in range(size):
            factories.PricingRuleFactory(kind="amount", value=D("0"), priority=-n)
            factories.CouponFactory(code=f"OTHER{size}X{n}")
            api.add_credit(other, D("1"), "")
            api.add_credit(customer, D("1"), "")
        factories.CouponFactory(code=f"TEN{size}", discount_value=D("10"), max_uses=100)
        card = api.issue_gift_card(D("5"))
        return checkout_queries(
            factories.AppointmentFactory(customer=customer),
            code=f"TEN{size}", gift_card=card.code, use_credits=True,
        )  # fmt: skip

    assert scenario(1) == scenario(25)


@pytest.mark.django_db(transaction=True)
def test_checkout_query_counts(customer):
    """Rules cached (read by an earlier quote); code only: 11 queries (the booking locked,
    its live charge read, the code found with its promo code locked, whom it is for read
    and its limits counted under that lock, the packages read, the charge, its lines and
    the code use written); with gift card and credits: 17; the savepoint opened and
    released around it included."""
    for n in range(5):
        factories.PricingRuleFactory(kind="amount", value=D("0"), priority=-n)
    factories.CouponFactory(code="TEN", discount_value=D("10"), max_uses=100)
    api.add_credit(customer, D("3"), "")
    card = api.issue_gift_card(D("5"))
    first, second = factories.AppointmentFactory.create_batch(2, customer=customer)
    api.quote(first)  # the pricing rules are read once per process

    with transaction.atomic():  # as in a request with ATOMIC_REQUESTS (one savepoint)
        assert checkout_queries(first, code="TEN") == 11
        assert checkout_queries(second, code="TEN", gift_card=card.code, use_credits=True) == 17


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234.50 EUR"), ("fr", "1\xa0234,50 EUR"), ("ro", "1.234,50 EUR")],
)
def test_amounts_in_messages_read_as_in_the_staff_language(language, expected):
    from django.utils import translation

    from loyalty_promos.services.money import format_money

    with translation.override(language):
        assert format_money(Decimal("1234.5"), "EUR") == expected


def test_checking_out_again_with_another_code_is_refused(booking50):
    factories.CouponFactory(code="TEN", discount_value=D("10"))
    factories.CouponFactory(code="TWENTY", discount_value=D("20"))
    charge = api.checkout(booking50, code="TEN")

    assert api.checkout(booking50, code="ten") == charge  # a retry: the same charge
    assert api.checkout(booking50) == charge
    with pytest.raises(ChargeError) as refused:
        api.checkout(booking50, code="TWENTY")
    with pytest.raises(ChargeError):
        api.checkout(booking50, use_credits=True)

    assert refused.value.code == "already_checked_out"
    assert str(refused.value) == (
        "This booking is already checked out with other options: apply a code to its charge, "
        "or void it and check out again."
    )
    assert Charge.objects.get().discount_code == "TEN"


# remove_code ------------------------------------------------------------------------------


def test_remove_code_gives_the_price_back_and_releases_the_use(booking50):
    factories.CouponFactory(code="MINUS20", discount_value=D("20"), max_uses=1)
    charge = api.apply_code(api.checkout(booking50), "MINUS20")

    charge = api.remove_code(charge)

    assert amounts(charge) == (D("50.00"), D("0.00"), D("0.00"), D("0.00"), D("50.00"))
    assert (charge.discount_source, charge.discount_code) == ("", "")
    assert Redemption.objects.live().filter(charge=charge).count() == 0
    assert [line.kind for line in charge.lines.all()] == ["list_price", "amount_due"]
    other = factories.AppointmentFactory(customer=factories.CustomerFactory())
    assert api.checkout(other, code="MINUS20").discount_amount == D("10.00")  # counts again


def test_remove_code_brings_the_permanent_discount_back(booking50, customer):
    factories.CustomerDiscountFactory(customer=customer, percent=D("5"))
    factories.CouponFactory(code="MINUS20", discount_value=D("20"))
    charge = api.checkout(booking50, code="MINUS20")

    charge = api.remove_code(charge)

    assert (charge.discount_source, charge.discount_amount, charge.amount_due) == (
        "permanent",
        D("2.50"),
        D("47.50"),
    )


def test_remove_code_without_a_code_changes_nothing(booking50):
    charge = api.checkout(booking50)

    assert api.remove_code(charge).amount_due == D("50.00")


def test_remove_code_refuses_a_paid_charge(booking50):
    factories.CouponFactory(code="MINUS20", discount_value=D("20"))
    charge = api.pay(api.checkout(booking50, code="MINUS20"), method="card")

    with pytest.raises(ChargeError) as refused:
        api.remove_code(charge)

    assert refused.value.code == "not_pending"
    assert Redemption.objects.live().filter(charge=charge).count() == 1


def test_a_negative_price_from_the_host_is_refused_clearly(customer):
    service = factories.ServiceFactory(name="Odd", price=D("-10.00"))
    booking = factories.AppointmentFactory(customer=customer, service=service)

    for call in (api.quote, api.checkout):
        with pytest.raises(ChargeError) as refused:
            call(booking)
        assert refused.value.code == "negative_price"
        assert "-10.00 EUR" in str(refused.value)
    assert not Charge.objects.exists()


# A reprice keeps what the charge already used ------------------------------------------


@pytest.mark.parametrize("change", ["expired", "switched_off"])
def test_a_pending_charge_keeps_its_gift_card_when_repriced(booking50, clock, change):
    card = api.issue_gift_card(D("20.00"), expires_at=NOW + datetime.timedelta(days=5))
    factories.CouponFactory(code="TEN", discount_value=D("10"))
    charge = api.checkout(booking50, gift_card=card.code)
    if change == "expired":
        clock.move_to(NOW + datetime.timedelta(days=6))
    else:
        GiftCard.objects.filter(pk=card.pk).update(is_active=False)

    charge = api.apply_code(charge, "TEN")  # 45.00 after the code: the card still pays 20
    assert (charge.gift_card_amount, charge.amount_due) == (D("20.00"), D("25.00"))
    charge = api.remove_code(charge)
    assert (charge.gift_card_amount, charge.amount_due) == (D("20.00"), D("30.00"))
    card.refresh_from_db()
    assert card.balance == D("0.00")
    assert_ledgers_clean()
    with pytest.raises(GiftCardError):  # a new checkout is refused the card, as before
        api.quote(factories.AppointmentFactory(), gift_card=card.code)


@pytest.mark.parametrize("change", ["reward_off", "programme_off", "lots_expired"])
def test_a_pending_charge_keeps_its_reward_and_points_when_repriced(
    booking50, customer, clock, change
):
    api.configure_program(is_enabled=True, validity_count=10, validity_unit="days")
    api.adjust_points(customer, 100, "bonus")
    reward = factories.RewardFactory(points_cost=100, kind="amount", value=D("5"))
    charge = api.checkout(booking50, reward=reward)
    if change == "reward_off":
        type(reward).objects.filter(pk=reward.pk).update(is_active=False)
    elif change == "programme_off":
        api.configure_program(is_enabled=False)
    else:
        clock.move_to(NOW + datetime.timedelta(days=11))  # the spent points' lot expired
    plan = factories.PackagePlanFactory(visits=2)
    plan.services.set([factories.ServiceFactory(name="Another service")])

    api.assign_package(customer, plan, include_existing=True)  # reprices the charge

    charge.refresh_from_db()
    assert (charge.discount_source, charge.points_used, charge.amount_due) == (
        "reward", 100, D("45.00"))  # fmt: skip
    assert api.points_balance(customer) == 0
    assert PointsEntry.objects.filter(charge=charge, kind="spend").count() == 1
    assert_ledgers_clean()


def test_a_void_gives_back_what_the_ledgers_say_and_the_audit_sees_an_edited_charge(
    customer,
):
    from loyalty_promos.services.audit import find_mismatches

    api.add_credit(customer, D("80.00"), "")
    card = api.issue_gift_card(D("30.00"))
    booking = factories.AppointmentFactory(
        customer=customer, service=factories.ServiceFactory(name="Soin", price=D("60.00"))
    )
    charge = api.checkout(booking, gift_card=card.code, use_credits=True)  # 30 + 30
    Charge.objects.filter(pk=charge.pk).update(credits_amount=80, gift_card_amount=45)

    assert {m.ledger for m in find_mismatches()} == {"charge gift card", "charge credits"}
    api.void(charge)

    card.refresh_from_db()
    assert (card.balance, api.credit_balance(customer)) == (D("30.00"), D("80.00"))
    assert {m.ledger for m in find_mismatches()} == set()
