"""Customer credits: every change is a ledger entry, written with the balance under a row lock."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from loyalty_promos.exceptions import InsufficientCredit
from loyalty_promos.integration import Customer, User
from loyalty_promos.models import Charge, CreditBalance, CreditEntry, CreditPack
from loyalty_promos.models.base import ZERO
from loyalty_promos.services import locking
from loyalty_promos.services.money import round_money
from loyalty_promos.validators import parse_money

Kind = CreditEntry.Kind
#: What staff may write by hand (spending and reversals come from checkout).
MANUAL_KINDS = (Kind.TOPUP, Kind.DISCOUNT, Kind.REFUND)


def credit_balance(customer: Customer) -> Decimal:
    """The customer's credit (0.00 when they never had any). One query."""
    balance = CreditBalance.objects.filter(customer=customer).values_list("balance", flat=True)
    return next(iter(balance), ZERO)


def locked_balance(customer: Customer) -> CreditBalance:
    """The customer's balance row, created if needed, locked until the transaction ends."""
    if customer is None:
        raise TypeError("Credits belong to a customer, not to None.")
    return locking.lock(credits_of=[customer]).get(locking.CREDIT_BALANCE, CreditBalance)


def _write(
    customer: Customer,
    amount: Decimal,
    kind: str,
    *,
    description: str = "",
    user: User | None = None,
    charge: Charge | None = None,
    pack: CreditPack | None = None,
) -> CreditEntry:
    """Append one entry and move the cached balance with it; refuses to go below zero.

    Runs inside the caller's transaction, relative to the locked balance row.
    """
    amount = round_money(amount)
    balance = locked_balance(customer)
    new_balance = balance.balance + amount
    if new_balance < 0:
        raise InsufficientCredit(
            params={"balance": balance.balance, "amount": -amount},
        )
    balance.balance = new_balance
    balance.save(update_fields=["balance", "updated_at"])
    entry: CreditEntry = CreditEntry.objects.create(
        customer=customer,
        kind=kind,
        amount=amount,
        balance_after=new_balance,
        description=description,
        created_by=user,
        charge=charge,
        pack=pack,
    )
    return entry


def add_credit(
    customer: Customer,
    amount: Decimal | str | int,
    description: str,
    *,
    kind: str = Kind.TOPUP,
    user: User | None = None,
) -> CreditEntry:
    """Staff add credit: a top-up, a one-off discount or a refund (amount > 0).

    ``kind`` is ``"topup"``, ``"discount"`` or ``"refund"`` (``CreditEntry.Kind``).
    Raises :class:`~loyalty_promos.exceptions.InsufficientCredit` (``invalid_amount``)
    for an amount that is not above zero, and
    :class:`~loyalty_promos.exceptions.AmountError` for one that is not a finite
    number the money columns can hold.
    """
    if kind not in MANUAL_KINDS:
        raise ValueError(f"add_credit() writes {MANUAL_KINDS}, not {kind!r}")
    amount = parse_money(amount, minimum=None)  # NaN, infinities, overflow: AmountError
    if round_money(amount) <= 0:
        raise InsufficientCredit("invalid_amount", _("Enter an amount above zero."))
    with locking.atomic():
        return _write(customer, amount, kind, description=description, user=user)


def remove_credit(
    customer: Customer, amount: Decimal | str | int, description: str, *, user: User | None = None
) -> CreditEntry:
    """Staff take credit back (a correction), written as a reversal entry.

    Raises :class:`~loyalty_promos.exceptions.InsufficientCredit`:
    ``insufficient_credit`` when the balance would go below zero (nothing is
    written), ``invalid_amount`` for an amount that is not above zero; and
    :class:`~loyalty_promos.exceptions.AmountError` for one that is not a number.
    """
    amount = parse_money(amount, minimum=None)
    if round_money(amount) <= 0:
        raise InsufficientCredit("invalid_amount", _("Enter an amount above zero."))
    with locking.atomic():
        return _write(customer, -amount, Kind.REVERSAL, description=description, user=user)


#: What the staff's credit form writes: a manual kind, or ``"reversal"`` (take credit back).
STAFF_KINDS = (*MANUAL_KINDS, Kind.REVERSAL)


def write_credit(
    customer: Customer, kind: str, amount: Decimal, reason: str, *, user: User | None = None
) -> CreditEntry:
    """Add credit (top-up, discount, refund) or take it back (``reversal``), with a reason."""
    if kind == Kind.REVERSAL:
        return remove_credit(customer, amount, reason, user=user)
    return add_credit(customer, amount, reason, kind=kind, user=user)


def write_credit_many(
    customers: Iterable[Customer],
    kind: str,
    amount: Decimal,
    reason: str,
    *,
    user: User | None = None,
) -> list[CreditEntry]:
    """:func:`write_credit` for several customers: all of them, or none when one fails
    (a correction taking more than someone holds)."""
    customers = list(customers)
    with locking.atomic():
        locking.lock(credits_of=customers)  # every balance, in the one order, before writing
        return [write_credit(c, kind, amount, reason, user=user) for c in customers]


def spend_credit(
    customer: Customer, amount: Decimal, *, charge: Charge, description: str = ""
) -> CreditEntry:
    return _write(customer, -amount, Kind.SPEND, charge=charge, description=description)


def refund_charge_credit(
    customer: Customer, amount: Decimal, *, charge: Charge, description: str = ""
) -> CreditEntry:
    return _write(customer, amount, Kind.REVERSAL, charge=charge, description=description)


def sell_credit_pack(
    customer: Customer,
    pack: CreditPack,
    *,
    user: User | None = None,
    price: Decimal | None = None,
    value: Decimal | None = None,
) -> list[CreditEntry]:
    """Sell ``pack`` to ``customer``: its price and its bonus credited, in one transaction.

    Two entries (the paid part, then the bonus when there is one), so the
    liability report shows what was paid for and what was given. Returns them.
    ``price`` and ``value`` are what the sale was made at when it differs from
    the pack today (an online purchase paid after staff changed the pack).
    """
    price = pack.price if price is None else price
    bonus = (pack.value if value is None else value) - price
    with locking.atomic():
        entries = [
            _write(
                customer,
                price,
                Kind.PACK_PURCHASE,
                description=pack.name,
                user=user,
                pack=pack,
            )
        ]
        if bonus > 0:
            entries.append(
                _write(
                    customer,
                    bonus,
                    Kind.PACK_BONUS,
                    description=pack.name,
                    user=user,
                    pack=pack,
                )
            )
        return entries
