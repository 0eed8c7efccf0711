"""Host customers: what protects them from deletion, and anonymising them instead.

A customer with any value or history with us (credit entries, points
entries, packages, gift cards they own, charges, code uses, rewards, online
purchases) cannot be deleted: those ForeignKeys are ``PROTECT``, so the
admin's delete page lists what protects the customer and ``delete()`` raises
``ProtectedError`` before anything is written. Finance keeps every ledger whole.

For a privacy (erasure) request, anonymise the customer instead:
``anonymise_customer`` blanks the personal data we copied (names in charge
snapshots, internal notes on their gift cards and permanent discount,
including its history) and calls the booking adapter's
``anonymise_customer`` hook, which erases the host's own customer record.
Amounts, dates and ledger descriptions stay: they are the accounting record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from loyalty_promos.integration import Customer, get_adapter
from loyalty_promos.models import Charge, CustomerDiscount, GiftCard


@dataclass
class Anonymised:
    """How many of our rows were blanked."""

    charges: int = 0
    gift_cards: int = 0
    discount_notes: int = 0


def anonymise_customer(customer: Customer) -> Anonymised:
    """Erase the customer's personal data, ours and (through the adapter) the host's.

    One transaction: if the adapter's hook fails (the default one does, until
    the host writes it), nothing is changed. Returns how many of our rows were
    blanked. Raises ``NotImplementedError`` while the booking adapter does not
    implement ``anonymise_customer``.
    """
    result = Anonymised()
    with transaction.atomic():
        result.charges = Charge.objects.filter(customer=customer).update(customer_name="")
        result.gift_cards = GiftCard.objects.filter(owner=customer).update(note="")
        discounts = CustomerDiscount.objects.filter(customer=customer)
        result.discount_notes = discounts.update(note="")
        CustomerDiscount.history.filter(customer_id=customer.pk).update(note="")
        get_adapter().anonymise_customer(customer)
    return result
