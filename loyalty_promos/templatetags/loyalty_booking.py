"""Template tags for the host's booking pages: ``{% load loyalty_booking %}``.

``{% payment_state booking %}`` — the booking's payment state in the customer's
words ("Paid with credits", "To pay: 14.00 €"); nothing before checkout.
``{{ amount|price:currency }}`` — an amount as customers read it (``14,00 €`` in French).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from loyalty_promos.services.money import format_price
from loyalty_promos.services.payment_state import payment_state as booking_payment_state

register = template.Library()


@register.simple_tag
def payment_state(booking: Any) -> str:
    """``{% payment_state booking %}``: how the booking was paid, or what is left to pay."""
    return booking_payment_state(booking)


@register.filter
def price(amount: Decimal | None, currency: str) -> str:
    """``{{ quote.amount_due|price:quote.currency }}``; ``""`` for no amount."""
    return "" if amount is None else format_price(amount, currency)
