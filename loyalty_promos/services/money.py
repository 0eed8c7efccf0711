"""Money arithmetic: Decimal, two places, rounded half-up once per step."""

from decimal import ROUND_HALF_UP, Decimal

from loyalty_promos.models.base import MONEY_PLACES, ZERO

QUANTUM = Decimal(1).scaleb(-MONEY_PLACES)


def round_money(value: Decimal | int | float | str) -> Decimal:
    return Decimal(value).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def discount_amount(price: Decimal, discount_type: str, value: Decimal) -> Decimal:
    """The discount a percent or fixed amount takes off ``price``: never more than the price."""
    price = round_money(price)
    if price <= ZERO:
        return ZERO
    if discount_type == "percent":
        amount = round_money(price * Decimal(value) / 100)
    else:
        amount = round_money(value)
    return min(max(amount, ZERO), price)


# How amounts are written (one voice per language): loyalty_promos.formats.
from loyalty_promos.formats import CURRENCY_SYMBOLS, format_money, format_price  # noqa: E402

# The one validator of amounts (services, forms, imports): see loyalty_promos.validators.
from loyalty_promos.validators import parse_money, validate_money  # noqa: E402

__all__ = [
    "CURRENCY_SYMBOLS",
    "discount_amount",
    "format_money",
    "format_price",
    "parse_money",
    "round_money",
    "validate_money",
]
