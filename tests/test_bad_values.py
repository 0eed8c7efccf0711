"""Bad values answer a clear error with a stable code and change nothing (issue 12, item 5)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.exceptions import (
    AmountError,
    ConfigError,
    CouponError,
    GiftCardError,
    InsufficientPoints,
)
from loyalty_promos.models import Charge, CreditEntry, GiftCard, PointsEntry, Redemption, Reward
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.validators import parse_money
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("NaN", "not_finite", "Enter a real amount: “NaN” is not a number."),
        ("sNaN", "not_finite", "Enter a real amount: “sNaN” is not a number."),
        ("Infinity", "not_finite", "Enter a real amount: “Infinity” is not a number."),
        ("-inf", "not_finite", "Enter a real amount: “-inf” is not a number."),
        ("1e12", "amount_too_large", "The amount may be at most 9999999999.99."),
        # Beyond what Python's decimal context holds: abs() would raise decimal.Overflow.
        ("1e999999999", "amount_too_large", "The amount may be at most 9999999999.99."),
        ("-9e9999999", "amount_too_large", "The amount may be at most 9999999999.99."),
        ("12,50", "invalid_amount", "Enter an amount as a number, e.g. 12.50."),
        ("-1", "negative_amount", "The amount cannot be negative."),
    ],
)
def test_parse_money_refuses_what_no_column_holds(value, code, message):
    with pytest.raises(AmountError) as error:
        parse_money(value)

    assert (error.value.code, error.value.messages) == (code, [message])


def test_parse_money_rounds_half_up_to_cents():
    assert parse_money("9999999999.99") == Decimal("9999999999.99")
    assert parse_money(0.125) == Decimal("0.13")


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Decimal("NaN"), "not_finite"),
        (Decimal("Infinity"), "not_finite"),
        (Decimal(10) ** 12, "amount_too_large"),
    ],
)
def test_add_credit_refuses_impossible_amounts(customer, amount, code):
    with pytest.raises(AmountError) as refused:
        api.add_credit(customer, amount, "Top-up")

    assert refused.value.code == code

    assert not CreditEntry.objects.exists()


@pytest.mark.parametrize(
    ("value", "code"), [(Decimal("sNaN"), "not_finite"), (Decimal(10) ** 11, "amount_too_large")]
)
def test_a_gift_card_cannot_be_worth_an_impossible_amount(value, code):
    with pytest.raises(AmountError) as refused:
        issue_gift_card(value)

    assert refused.value.code == code

    assert not GiftCard.objects.exists()


@pytest.mark.parametrize("points", [10**12, -(10**12), 100_000_001])
def test_adjust_points_refuses_more_than_the_columns_hold(customer, points):
    with pytest.raises(InsufficientPoints) as error:
        api.adjust_points(customer, points, "Typo")

    assert error.value.code == "too_many_points"
    assert error.value.messages == ["At most 100000000 points can be moved at once."]
    assert not PointsEntry.objects.exists()


def test_the_coupon_form_refuses_zero_uses_per_customer(admin_client):
    response = admin_client.post(
        reverse("admin:loyalty_promos_coupon_add"),
        {
            "name": "Nobody",
            "code": "NOBODY",
            "is_active": "on",
            "discount_type": "percent",
            "discount_value": "10",
            "max_uses": "-1",
            "max_uses_per_customer": "0",
            "series_mode": "per_booking",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["max_uses_per_customer"] == [
        "The limit must be at least 1. Leave it blank for no limit, or switch the code off instead."
    ]
    assert "max_uses" in errors
    assert "The limit must be at least 1." in response.text


def test_generate_codes_command_refuses_absurd_use_limits():
    factories.CouponFactory(name="Black Friday")

    with pytest.raises(CommandError, match="The limit may be at most 10000000 uses"):
        call_command("generate_codes", "Black Friday", "5", "--max-uses", str(10**12))


@pytest.mark.parametrize("page", ["generate", "paste", "share"])
@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_custom_coupon_urls_answer_404_for_bad_ids(admin_client, page, object_id):
    url = reverse(f"admin:loyalty_promos_coupon_{page}", args=[object_id])

    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "loyalty_promos_charge_checkout",
        "loyalty_promos_charge_apply_code",
        "loyalty_promos_customer",
    ],
)
@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_other_custom_urls_answer_404_for_bad_ids(admin_client, name, object_id):
    assert admin_client.get(reverse(f"admin:{name}", args=[object_id])).status_code == 404


def _our_routes():
    """Every URL our admins add or keep, with its parameters (``<path:object_id>`` …)."""
    from django.contrib import admin

    from loyalty_promos.models import ExportJob

    app = ExportJob._meta.app_label
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != app:
            continue
        for pattern in model_admin.get_urls():
            route = getattr(pattern.pattern, "_route", "")
            if "<" in route and pattern.name:
                yield pattern.name, re.findall(r"<(?:\w+:)?(\w+)>", route)


@pytest.mark.parametrize("object_id", ["abc", "999999", "0", "-1", "%00"])
def test_no_url_of_ours_answers_500_for_a_bad_id(admin_client, object_id):
    routes = list(_our_routes())
    assert len(routes) > 40  # every model's change/delete/history plus our own pages

    for name, params in routes:
        url = reverse(f"admin:{name}", kwargs=dict.fromkeys(params, "987654321"))
        response = admin_client.get(url.replace("987654321", object_id))

        # 404 (no such object), 302 (Django's "does not exist" redirect) or 403 (a
        # read-only ledger's delete page): never a 500.
        assert response.status_code in (302, 403, 404), (name, response.status_code)


def test_a_per_hour_price_beyond_the_money_columns_is_refused(customer):
    room = factories.ServiceFactory(name="Room", price=Decimal("50"))
    api.create_pricing_rule(
        name="Hourly", kind="set_price", value=Decimal("99999999.99"), per_hour=True,
        services=[room],
    )  # fmt: skip
    start = datetime.datetime(2026, 3, 16, 8, tzinfo=datetime.UTC)
    booking = factories.AppointmentFactory(
        customer=customer, service=room, start=start, end=start + datetime.timedelta(days=60)
    )

    with pytest.raises(AmountError) as refused:
        api.checkout(booking)

    assert refused.value.code == "amount_too_large"
    assert str(refused.value) == "The amount may be at most 9999999999.99."
    assert not Charge.objects.exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("percent", Decimal("150"), "A percentage cannot be over 100."),
        ("amount", Decimal("-5"), "A reward's value cannot be negative."),
        ("gift_card", Decimal("0"), "Say how much the reward is worth."),
    ],
)
def test_a_reward_with_an_impossible_value_is_refused(kind, value, message):
    with pytest.raises(ConfigError) as refused:
        api.create_reward(name="Odd", points_cost=100, kind=kind, value=value)

    assert refused.value.message_dict == {"value": [message]}
    assert not Reward.objects.exists()


def test_the_reward_form_refuses_a_percentage_over_100(admin_client):
    response = admin_client.post(
        reverse("admin:loyalty_promos_reward_add"),
        {"name": "Half", "is_active": "on", "points_cost": "100", "kind": "percent",
         "value": "150", "valid_days": "90"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "A percentage cannot be over 100." in response.text
    assert not Reward.objects.exists()


@pytest.mark.parametrize("typed", ["SPRING\x0010", "\x00", "SPRING10\x00; DROP TABLE"])
def test_nul_bytes_in_codes_are_unknown_codes(booking, typed):
    factories.CouponFactory(code="SPRING10")
    issue_gift_card(Decimal("20"), code="GIFTONE")

    with pytest.raises(CouponError) as refused:
        api.check_code(typed, booking)
    with pytest.raises(CouponError) as checkout_refused:
        api.checkout(booking, code=typed)
    with pytest.raises(GiftCardError) as card_refused:
        api.checkout(booking, gift_card=typed.replace("SPRING10", "GIFTONE"))

    assert (refused.value.code, checkout_refused.value.code, card_refused.value.code) == (
        "unknown",
        "unknown",
        "unknown",
    )
    assert not Charge.objects.exists()


def test_assigning_a_package_keeps_an_expired_code_on_a_pending_charge(customer, booking):
    coupon = factories.CouponFactory(code="SPRING", discount_value=Decimal("10"))
    charge = api.checkout(booking, code="SPRING")
    assert charge.discount_amount == Decimal("4.50")
    coupon.valid_until = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)  # expired since
    coupon.save()
    plan = factories.PackagePlanFactory(kind="credit_pack", visits=None, credit=Decimal("20"))

    api.assign_package(customer, plan, include_existing=True)

    charge.refresh_from_db()
    assert (charge.discount_code, charge.discount_amount) == ("SPRING", Decimal("4.50"))
    assert (charge.package_amount, charge.amount_due) == (Decimal("20.00"), Decimal("20.50"))
    assert Redemption.objects.live().filter(charge=charge).count() == 1


def test_the_credit_form_refuses_an_amount_no_column_holds(admin_client, customer):
    url = reverse("admin:loyalty_promos_credit_add")
    response = admin_client.post(
        url, {"customer": customer.pk, "kind": "topup", "amount": "1e15", "reason": "x"}
    )

    assert response.status_code == 200
    assert "Ensure that there are no more than 12 digits in total." in response.text
    assert not CreditEntry.objects.exists()
