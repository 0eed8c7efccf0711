"""Online purchases: start one, then complete, fail or cancel it — each exactly once.

A purchase goes ``pending`` → ``paid`` / ``failed`` / ``cancelled`` and never
leaves a closed state. Every transition locks the purchase row first (the
first kind in :mod:`~loyalty_promos.services.locking`'s order) and re-reads its
status under the lock, so a provider that delivers the same webhook twice, or
two workers that receive it at the same moment, deliver the package, credit or
gift card once: the second call finds the purchase paid and returns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils import timezone

from loyalty_promos import signals
from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import PurchaseError
from loyalty_promos.integration import Customer, User
from loyalty_promos.models import CreditPack, PackagePlan, Purchase
from loyalty_promos.services import locking
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.package_assignment import give_package
from loyalty_promos.services.wallet import sell_credit_pack
from loyalty_promos.signals import send_after_commit
from loyalty_promos.validators import parse_money


@dataclass(frozen=True)
class GiftCardOffer:
    """A gift card the shop sells: a card worth ``amount``, for ``amount``."""

    amount: Decimal

    @property
    def price(self) -> Decimal:
        return self.amount


#: What a customer can buy online.
ShopItem = PackagePlan | CreditPack | GiftCardOffer


def plans_for_sale() -> QuerySet[PackagePlan]:
    """Package plans on sale and marked "can be bought online", with their services."""
    return PackagePlan.objects.filter(is_active=True, sellable_online=True).prefetch_related(
        "services"
    )


def credit_packs_for_sale() -> QuerySet[CreditPack]:
    """Credit packs on sale and marked "can be bought online"."""
    return CreditPack.objects.filter(is_active=True, sellable_online=True)


def gift_cards_for_sale() -> list[GiftCardOffer]:
    """The gift cards the shop sells (``LOYALTY_PROMOS["SHOP_GIFT_CARD_AMOUNTS"]``)."""
    amounts: Sequence[Decimal | str | int] = app_settings.SHOP_GIFT_CARD_AMOUNTS
    return [GiftCardOffer(parse_money(amount)) for amount in amounts]


def _purchase_of(item: ShopItem) -> Purchase:
    """An unsaved purchase of ``item``, or PurchaseError when it is not sold online."""
    if isinstance(item, PackagePlan):
        if not (item.is_active and item.sellable_online):
            raise PurchaseError("not_on_sale")
        return Purchase(
            kind=Purchase.Kind.PACKAGE, plan=item, description=item.name, price=item.price
        )
    if isinstance(item, CreditPack):
        if not (item.is_active and item.sellable_online):
            raise PurchaseError("not_on_sale")
        return Purchase(
            kind=Purchase.Kind.CREDIT_PACK,
            credit_pack=item,
            description=item.name,
            price=item.price,
            amount=item.value,
        )
    if isinstance(item, GiftCardOffer):
        # is_finite() first: comparing a signalling NaN raises instead of saying False.
        if not item.amount.is_finite() or item not in gift_cards_for_sale():
            raise PurchaseError("invalid_value")
        return Purchase(kind=Purchase.Kind.GIFT_CARD, amount=item.amount, price=item.price)
    raise TypeError(f"Cannot sell a {type(item).__name__} online.")


def start_purchase(
    customer: Customer,
    item: ShopItem,
    *,
    backend: str | None = None,
    price: Decimal | None = None,
) -> Purchase:
    """Record that ``customer`` wants to buy ``item``: a pending purchase, nothing delivered.

    ``item`` is a :class:`~loyalty_promos.models.PackagePlan` or
    :class:`~loyalty_promos.models.CreditPack` marked "can be bought online"
    and on sale, or a :class:`GiftCardOffer` for one of the amounts the shop
    offers. ``backend`` (a dotted path) defaults to
    ``LOYALTY_PROMOS["PAYMENT_BACKEND"]``. ``price`` is the price the customer
    was shown (the shop's "Buy" button sends it): when staff changed the price
    since, nothing is started, so nobody pays a price they did not see. The
    purchase's ``reference`` is unguessable; pass it to the provider and get it
    back in the webhook.

    Raises :class:`~loyalty_promos.exceptions.PurchaseError` ``not_on_sale``
    (plan or pack not sold online), ``invalid_value`` (a gift-card amount the
    shop does not offer) or ``price_changed`` (``price`` is not the price now).
    """
    if customer is None:
        raise TypeError("A purchase needs a customer.")
    purchase = _purchase_of(item)
    if price is not None and price != purchase.price:
        raise PurchaseError("price_changed")
    purchase.customer = customer
    purchase.currency = app_settings.CURRENCY
    purchase.backend = backend or app_settings.PAYMENT_BACKEND
    purchase.save()
    return purchase


def _locked(reference: str | Purchase) -> Purchase:
    """The purchase with ``reference``, locked until the transaction ends, read afresh."""
    if isinstance(reference, Purchase):
        reference = reference.reference
    rows = locking.lock_query(
        locking.PURCHASE,
        Purchase.objects.filter(reference=str(reference)).select_related(
            "customer", "plan", "credit_pack"
        ),
    )
    if not rows:
        raise PurchaseError("unknown")
    purchase: Purchase = rows[0]
    return purchase


def _deliver(purchase: Purchase, user: User | None) -> None:
    """Give the customer what they paid for and note it on the purchase (caller's lock)."""
    customer = purchase.customer
    if purchase.kind == Purchase.Kind.PACKAGE:
        assert purchase.plan is not None
        purchase.package = give_package(customer, purchase.plan, price=purchase.price, user=user)
    elif purchase.kind == Purchase.Kind.CREDIT_PACK:
        assert purchase.credit_pack is not None
        # At the price and value it was bought at, whatever staff changed since.
        entries = sell_credit_pack(
            customer, purchase.credit_pack, user=user, price=purchase.price, value=purchase.amount
        )
        purchase.credit_entry = entries[0]
    else:
        assert purchase.amount is not None
        purchase.gift_card = issue_gift_card(
            purchase.amount, owner=customer, note=purchase.reference, user=user
        )


def _pays(purchase: Purchase, amount: Decimal | str | None, currency: str | None) -> bool:
    """Whether a provider's ``amount`` and ``currency`` (None: not told) are exactly the
    purchase's price: ``199.995`` for ``200.00`` is not, and an amount that is no
    number is not either."""
    if amount is not None:
        try:
            paid = Decimal(str(amount).strip())
        except (InvalidOperation, ValueError):
            return False
        if not paid.is_finite() or paid != purchase.price:
            return False
    return currency is None or str(currency).strip().upper() == purchase.currency.upper()


def complete_purchase(
    reference: str | Purchase,
    *,
    provider_reference: str = "",
    user: User | None = None,
    amount: Decimal | str | None = None,
    currency: str | None = None,
) -> Purchase:
    """The purchase is paid: deliver it (once) and return it.

    Call it from the payment provider's webhook with the purchase's
    ``reference`` and, from the provider's notice, the ``amount`` and
    ``currency`` it took: a payment that is not the purchase's price (a
    tampered or partial payment) delivers nothing. Staff confirming a payment
    at the desk call it with their ``user``. Safe to call again and at the
    same time from several workers: a paid purchase is returned as it is,
    without delivering twice. Sends
    :data:`~loyalty_promos.signals.purchase_completed` after commit.

    Raises :class:`~loyalty_promos.exceptions.PurchaseError` ``unknown`` (no
    such reference), ``purchase_closed`` (it failed or was cancelled: the
    payment must be refunded) or ``amount_mismatch`` (``amount`` or
    ``currency`` is not exactly the purchase's, or no amount at all: it stays
    pending, to be checked); then nothing is written. A notice replayed for a
    paid purchase returns it, whatever amount it carries. A plan or credit
    pack taken off sale after the customer pressed "Buy" is still delivered:
    it was on sale when they bought it.
    """
    with locking.atomic():
        purchase = _locked(reference)
        if purchase.status == Purchase.Status.PAID:
            return purchase  # a replayed notice: whatever it says, delivered once
        if purchase.status != Purchase.Status.PENDING:
            raise PurchaseError("purchase_closed")
        if not _pays(purchase, amount, currency):
            raise PurchaseError("amount_mismatch")
        _deliver(purchase, user)
        purchase.status = Purchase.Status.PAID
        purchase.paid_at = timezone.now()
        purchase.closed_by = user
        if provider_reference:
            purchase.provider_reference = provider_reference
        purchase.save()
        send_after_commit(signals.purchase_completed, Purchase, purchase=purchase, user=user)
    return purchase


def _close(
    reference: str | Purchase, status: str, *, reason: str, user: User | None = None
) -> Purchase:
    with locking.atomic():
        purchase = _locked(reference)
        if purchase.status == status:
            return purchase  # a retried call
        if purchase.status != Purchase.Status.PENDING:
            raise PurchaseError("purchase_closed")
        purchase.status = status
        purchase.failure_reason = reason[:255]
        purchase.closed_by = user
        purchase.save(update_fields=["status", "failure_reason", "closed_by", "updated_at"])
    return purchase


def fail_purchase(reference: str | Purchase, *, reason: str = "") -> Purchase:
    """The provider refused the payment: the purchase is closed as failed, nothing delivered.

    Idempotent (a failed purchase is returned as it is). Raises
    :class:`~loyalty_promos.exceptions.PurchaseError` ``unknown`` or
    ``purchase_closed`` (already paid or cancelled).
    """
    return _close(reference, Purchase.Status.FAILED, reason=reason)


def cancel_purchase(
    reference: str | Purchase, *, reason: str = "", user: User | None = None
) -> Purchase:
    """Cancel a pending purchase (the customer gave up, or staff close a desk payment).

    Idempotent (a cancelled purchase is returned as it is). Raises
    :class:`~loyalty_promos.exceptions.PurchaseError` ``unknown`` or
    ``purchase_closed`` (already paid or failed).
    """
    return _close(reference, Purchase.Status.CANCELLED, reason=reason, user=user)


def _pending_references(purchases: QuerySet[Purchase]) -> list[str]:
    return list(
        purchases.filter(status=Purchase.Status.PENDING).values_list("reference", flat=True)
    )


def confirm_purchases(purchases: QuerySet[Purchase], *, user: User | None) -> list[Purchase]:
    """Staff confirm payments at the desk: complete each pending purchase; return those.

    Each purchase is completed in its own transaction, as a webhook would:
    one that fails (cancelled meanwhile) stops the run, those before it stay paid.
    """
    return [
        complete_purchase(reference, provider_reference="desk", user=user)
        for reference in _pending_references(purchases)
    ]


def cancel_purchases(purchases: QuerySet[Purchase], *, user: User | None) -> list[Purchase]:
    """Staff cancel pending purchases; return those cancelled."""
    return [cancel_purchase(reference, user=user) for reference in _pending_references(purchases)]
