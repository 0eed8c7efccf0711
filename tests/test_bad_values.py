"""Bad values answer a clear error with a stable code and change nothing (issue 12, item 5)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from loyalty_promos import api
from loyalty_promos.exceptions import AmountError, InsufficientPoints
from loyalty_promos.models import CreditEntry, GiftCard, PointsEntry
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


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal(10) ** 12])
def test_add_credit_refuses_impossible_amounts(customer, amount):
    with pytest.raises(AmountError):
        api.add_credit(customer, amount, "Top-up")

    assert not CreditEntry.objects.exists()


@pytest.mark.parametrize("value", [Decimal("sNaN"), Decimal(10) ** 11])
def test_a_gift_card_cannot_be_worth_an_impossible_amount(value):
    with pytest.raises(AmountError):
        issue_gift_card(value)

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
        "loyalty_promos_points_customer",
    ],
)
@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_other_custom_urls_answer_404_for_bad_ids(admin_client, name, object_id):
    assert admin_client.get(reverse(f"admin:{name}", args=[object_id])).status_code == 404
