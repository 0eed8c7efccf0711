"""A booking's payment state in the customer's words, after checkout.

"Paid with a coupon", "Paid with credits", "Paid with your package", "Paid
with a gift card", "Paid with your points", "Paid", "To pay: 14.00 €".
Read-only: one query for the booking's live charge.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from loyalty_promos.integration import Booking
from loyalty_promos.models import Charge
from loyalty_promos.services.money import format_price

Source = Charge.DiscountSource


def describe_charge(charge: Charge) -> str:
    """What the customer reads about ``charge``: how it was paid, or what is left to pay.

    A charge paid at checkout with nothing left to pay names the last step that
    paid it (in the order of checkout: discount, package, gift card, credits),
    so a 50 % coupon with the rest in credits reads "Paid with credits". A
    charge paid later (at the desk, online) reads "Paid"; a pending one "To pay:
    <amount due>"; a void one "".
    """
    if charge.status == Charge.Status.VOID:
        return ""
    if charge.status == Charge.Status.PENDING:
        return _("To pay: %(amount)s") % {
            "amount": format_price(charge.amount_due, charge.currency)
        }
    if charge.amount_due:
        return _("Paid")
    if charge.credits_amount:
        return _("Paid with credits")
    if charge.gift_card_amount:
        return _("Paid with a gift card")
    if charge.package_amount:
        return _("Paid with your package")
    if charge.discount_amount and charge.discount_source == Source.COUPON:
        return _("Paid with a coupon")
    if charge.discount_amount and charge.discount_source == Source.REWARD:
        return _("Paid with your points")
    return _("Paid")


def payment_state(booking: Booking) -> str:
    """The payment state of ``booking`` in the customer's words; ``""`` before checkout.

    See :func:`describe_charge`. One query (the booking's live charge).
    """
    if booking is None or booking.pk is None:
        return ""
    charge = Charge.objects.live().filter(booking=booking).first()
    return "" if charge is None else describe_charge(charge)
