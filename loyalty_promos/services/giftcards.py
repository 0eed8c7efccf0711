"""Gift cards: issue, look up, spend and refund, each change a ledger entry under a row lock."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from loyalty_promos.exceptions import GiftCardError
from loyalty_promos.models import GiftCard, GiftCardEntry, normalize_code
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
    value: Decimal, *, owner=None, expires_at=None, code: str = "", note="", user=None
) -> GiftCard:
    """A new card worth ``value``; a code is drawn unless one is given."""
    value = parse_money(value, minimum=None)  # NaN, infinities, overflow: AmountError
    if value <= 0:
        raise GiftCardError("invalid_value")
    with transaction.atomic():
        card = GiftCard.objects.create(
            code=normalize_code(code) or _new_code(),
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


def find_gift_card(code: str, *, lock=False, at=None) -> GiftCard:
    """The usable card for ``code``, or GiftCardError (unknown, inactive, expired, empty)."""
    cards = GiftCard.objects.select_for_update() if lock else GiftCard.objects
    card = cards.filter(code=normalize_code(code)).first()
    if card is None:
        raise GiftCardError("unknown")
    if not card.is_active:
        raise GiftCardError("inactive")
    if card.is_expired(at or timezone.now()):
        raise GiftCardError("expired")
    if card.balance <= 0:
        raise GiftCardError("empty")
    return card


def _move(card: GiftCard, amount: Decimal, kind: str, *, charge=None, description="", user=None):
    with transaction.atomic():
        card = GiftCard.objects.select_for_update().get(pk=card.pk)
        new_balance = card.balance + round_money(amount)
        if new_balance < 0:
            raise GiftCardError("empty")
        card.balance = new_balance
        card.save(update_fields=["balance"])
        return GiftCardEntry.objects.create(
            card=card,
            kind=kind,
            amount=round_money(amount),
            balance_after=new_balance,
            charge=charge,
            description=description,
            created_by=user,
        )


def spend_gift_card(card: GiftCard, amount: Decimal, *, charge) -> GiftCardEntry:
    return _move(card, -amount, GiftCardEntry.Kind.SPEND, charge=charge)


def refund_gift_card(card: GiftCard, amount: Decimal, *, charge) -> GiftCardEntry:
    return _move(card, amount, GiftCardEntry.Kind.REVERSAL, charge=charge)
