"""Money arithmetic: Decimal, two places, rounded half-up once per step."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

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


def format_money(amount: Decimal, currency: str = "") -> str:
    """An amount as staff read it in their language: ``40,00 EUR`` in French, ``40.00 EUR``."""
    text = number_format(round_money(amount), decimal_pos=MONEY_PLACES, use_l10n=True)
    return f"{text} {currency}" if currency else text


#: Symbols customers read after an amount; other currencies show their ISO code.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "RON": "lei"}


def format_price(amount: Decimal, currency: str) -> str:
    """An amount as customers read it in their language: ``14.00 €``, ``14,00 €`` in French."""
    text = number_format(round_money(amount), decimal_pos=MONEY_PLACES, use_l10n=True)
    return f"{text}\N{NO-BREAK SPACE}{CURRENCY_SYMBOLS.get(currency, currency)}"


# The one validator of amounts (services, forms, imports): see loyalty_promos.validators.
from loyalty_promos.validators import parse_money, validate_money  # noqa: E402

__all__ = [
    "discount_amount",
    "format_money",
    "format_price",
    "parse_money",
    "round_money",
    "validate_money",
]
