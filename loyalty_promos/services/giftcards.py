"""Gift cards: issue, look up, spend and refund, each change a ledger entry under a row lock."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from loyalty_promos.exceptions import CodeError, GiftCardError
from loyalty_promos.integration import Customer, User
from loyalty_promos.models import Charge, GiftCard, GiftCardEntry, normalize_code
from loyalty_promos.models.coupons import is_valid_code, validate_code
from loyalty_promos.services import locking
from loyalty_promos.services.codes import random_letters
from loyalty_promos.services.money import round_money
from loyalty_promos.validators import parse_money

GIFT_CARD_LENGTH = 12


def _new_code() -> str:
    while True:
        code = "GC" + random_letters(GIFT_CARD_LENGTH - 2)
        if not GiftCard.objects.filter(code=code).exists():
            return code


def issue_gift_card(
    value: Decimal | str | int,
    *,
    owner: Customer | None = None,
    expires_at: datetime.datetime | None = None,
    code: str = "",
    note: str = "",
    user: User | None = None,
) -> GiftCard:
    """A new card worth ``value``; a code is drawn unless one is given.

    A given code follows the rules of every code (``validate_code``: letters
    A to Z and digits, accents ignored) and is stored normalised. ``owner``
    (a customer, optional) is who holds it; ``user`` the staff user issuing it.

    Raises :class:`~loyalty_promos.exceptions.GiftCardError` ``invalid_value``
    for a value that is not above zero;
    :class:`~loyalty_promos.exceptions.AmountError` for one that is not a
    number; :class:`~loyalty_promos.exceptions.CodeError` for a given code
    that breaks the rules (its code says which) or that another card has
    (``code_taken``).
    """
    value = parse_money(value, minimum=None)  # NaN, infinities, overflow: AmountError
    if value <= 0:
        raise GiftCardError("invalid_value")
    if code:
        try:
            validate_code(code)
        except ValidationError as error:
            raise CodeError.from_validation(error) from None
        code = normalize_code(code)
        if GiftCard.objects.filter(code=code).exists():
            raise CodeError("code_taken", _("A gift card with this code already exists."))
    with locking.atomic():
        card = GiftCard.objects.create(
            code=code or _new_code(),
            initial_value=value,
            balance=value,
            expires_at=expires_at,
            owner=owner,
            note=note,
        )
        GiftCardEntry.objects.create(
            card=card,
            kind=GiftCardEntry.Kind.ISSUE,
            amount=value,
            balance_after=value,
            created_by=user,
        )
    return card


def find_gift_card(
    code: str, *, lock: bool = False, at: datetime.datetime | None = None, kept: bool = False
) -> GiftCard:
    """The usable card for ``code``, or GiftCardError (unknown, inactive, expired, empty).

    With ``lock`` (inside a transaction) the card row is locked and read afresh.
    A value that cannot be a code (``validate_code``) is ``unknown`` without
    a query: no card has it. ``kept``: the card a repriced charge already used,
    accepted when it was applied; it pays again whatever its state now.
    """
    if not is_valid_code(code):
        raise GiftCardError("unknown")
    matching = GiftCard.objects.filter(code=normalize_code(code))
    # Locked, the card is read once, under the lock.
    found = locking.lock_query(locking.GIFT_CARD, matching) if lock else list(matching[:1])
    if not found:
        raise GiftCardError("unknown")
    card: GiftCard = found[0]
    if kept:
        return card
    if not card.is_active:
        raise GiftCardError("inactive")
    if card.is_expired(at or timezone.now()):
        raise GiftCardError("expired")
    if card.balance <= 0:
        raise GiftCardError("empty")
    return card


def _move(
    card: GiftCard,
    amount: Decimal,
    kind: str,
    *,
    charge: Charge | None = None,
    description: str = "",
    user: User | None = None,
) -> GiftCardEntry:
    """Move the balance relative to the locked row and write the entry (caller's transaction)."""
    card = locking.lock(gift_cards=[card]).get(locking.GIFT_CARD, GiftCard)
    new_balance = card.balance + round_money(amount)
    if new_balance < 0:
        raise GiftCardError("empty")
    card.balance = new_balance
    card.save(update_fields=["balance"])
    entry: GiftCardEntry = GiftCardEntry.objects.create(
        card=card,
        kind=kind,
        amount=round_money(amount),
        balance_after=new_balance,
        charge=charge,
        description=description,
        created_by=user,
    )
    return entry


def spend_gift_card(card: GiftCard, amount: Decimal, *, charge: Charge) -> GiftCardEntry:
    return _move(card, -amount, GiftCardEntry.Kind.SPEND, charge=charge)


def refund_gift_card(card: GiftCard, amount: Decimal, *, charge: Charge) -> GiftCardEntry:
    return _move(card, amount, GiftCardEntry.Kind.REVERSAL, charge=charge)
