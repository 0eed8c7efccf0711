"""Online purchases: a customer buys a package, a credit pack or a gift card.

A :class:`Purchase` is created *pending* when the customer presses "Buy"; the
payment backend (``LOYALTY_PROMOS["PAYMENT_BACKEND"]``) sends them to the
host's provider, and the host's webhook (or staff, for a payment at the desk)
completes it. Only then is anything delivered, and what was delivered is
recorded on the purchase (``package``, ``gift_card`` or ``credit_entry``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty_promos.models.base import TimestampedModel, money_field

#: Bytes of randomness in a reference (``secrets.token_urlsafe``): 24 characters,
#: 144 bits, so a reference in a URL cannot be guessed.
REFERENCE_BYTES = 18


def new_reference() -> str:
    """A fresh, unguessable purchase reference (URL-safe)."""
    return secrets.token_urlsafe(REFERENCE_BYTES)


class PurchaseQuerySet(models.QuerySet):
    def of(self, customer) -> PurchaseQuerySet:
        """The purchases of ``customer`` (the only ones the customer pages show)."""
        return self.filter(customer=customer)

    def pending(self) -> PurchaseQuerySet:
        return self.filter(status=Purchase.Status.PENDING)


class Purchase(TimestampedModel):
    class Kind(models.TextChoices):
        PACKAGE = "package", _("package")
        CREDIT_PACK = "credit_pack", _("credit pack")
        GIFT_CARD = "gift_card", _("gift card")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for payment")
        PAID = "paid", _("paid")
        FAILED = "failed", _("payment failed")
        CANCELLED = "cancelled", _("cancelled")

    #: Unguessable; the customer's purchase page and the provider's webhook name it.
    reference = models.CharField(
        _("reference"), max_length=40, unique=True, default=new_reference, editable=False
    )
    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.PROTECT,
        related_name="loyalty_promos_purchases",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    plan = models.ForeignKey(
        "loyalty_promos.PackagePlan",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("package plan"),
    )
    credit_pack = models.ForeignKey(
        "loyalty_promos.CreditPack",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("credit pack"),
    )
    #: The item's name when it was bought (a snapshot: plans and packs may be renamed).
    description = models.CharField(_("description"), max_length=255, blank=True)
    #: What it is worth when bought: a gift card's value, a credit pack's credit
    #: (price + bonus); None for packages.
    amount = money_field(_("value"), null=True, blank=True, default=None)
    price = money_field(_("price"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    #: Dotted path of the payment backend that started it.
    backend = models.CharField(_("payment backend"), max_length=200)
    provider_reference = models.CharField(
        _("provider reference"),
        max_length=255,
        blank=True,
        help_text=_("The payment's id at the provider (or a note for a payment at the desk)."),
    )
    failure_reason = models.CharField(_("reason"), max_length=255, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or cancelled by"),
    )
    # What was delivered once paid (one of them, by kind).
    package = models.OneToOneField(
        "loyalty_promos.CustomerPackage",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase",
        verbose_name=_("package delivered"),
    )
    gift_card = models.OneToOneField(
        "loyalty_promos.GiftCard",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase",
        verbose_name=_("gift card delivered"),
    )
    credit_entry = models.OneToOneField(
        "loyalty_promos.CreditEntry",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase",
        verbose_name=_("credit delivered"),
    )

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("online purchase")
        verbose_name_plural = _("online purchases")
        ordering = ["-created_at", "-pk"]
        permissions = [("confirm_purchase", _("Can confirm and cancel online purchases"))]
        indexes = [models.Index(fields=["customer", "created_at"], name="lp_purchase_customer")]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0), name="loyalty_promos_purchase_price_not_negative"
            ),
            # Paid ⇔ a payment time and something delivered; nothing delivered otherwise.
            models.CheckConstraint(
                condition=(
                    Q(status="paid", paid_at__isnull=False)
                    & (
                        Q(package__isnull=False)
                        | Q(gift_card__isnull=False)
                        | Q(credit_entry__isnull=False)
                    )
                )
                | (
                    ~Q(status="paid")
                    & Q(package__isnull=True, gift_card__isnull=True, credit_entry__isnull=True)
                ),
                name="loyalty_promos_purchase_delivered_only_when_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description or self.get_kind_display()} · {self.reference}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
