"""Customer wallet: credits (a ledger and its cached balance), credit packs, permanent discount.

Credits are money: 1 credit = 1 unit of the currency. Every change is a
CreditEntry; the CreditBalance row caches their sum, is updated in the same
transaction under a row lock, and can never go below zero.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty_promos.formats import format_decimal
from loyalty_promos.history import history
from loyalty_promos.models.base import (
    CachedBalanceModel,
    LedgerEntry,
    TimestampedModel,
    money_field,
)


class CustomerDiscount(TimestampedModel):
    """A percentage every checkout of this customer gets, unless a promo code is used."""

    customer = models.OneToOneField(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.CASCADE,
        related_name="loyalty_promos_discount",
        verbose_name=_("customer"),
    )
    percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Applied at checkout when no promo code is used; not on credits."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("internal note"), max_length=255, blank=True)

    history = history()

    class Meta:
        verbose_name = _("permanent customer discount")
        verbose_name_plural = _("permanent customer discounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="loyalty_promos_customer_discount_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} −{format_decimal(self.percent)} %"


class CreditBalance(CachedBalanceModel):
    balance_fields = ("balance",)

    customer = models.OneToOneField(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.CASCADE,
        related_name="loyalty_promos_credit",
        verbose_name=_("customer"),
    )
    balance = money_field(_("credit balance"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer credit")
        verbose_name_plural = _("customer credits")
        ordering = ["-updated_at"]
        permissions = [
            ("adjust_credit", _("Can add credit, one-off discounts and refunds")),
            ("sell_credit_pack", _("Can sell credit packs")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="loyalty_promos_credit_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.balance}"


class CreditEntry(LedgerEntry):
    class Kind(models.TextChoices):
        TOPUP = "topup", _("top-up")
        PACK_PURCHASE = "pack_purchase", _("credit pack (paid)")
        PACK_BONUS = "pack_bonus", _("credit pack (bonus)")
        DISCOUNT = "discount", _("one-off discount")
        REFUND = "refund", _("refund")
        SPEND = "spend", _("spent at checkout")
        REVERSAL = "reversal", _("reversal")

    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.PROTECT,
        related_name="loyalty_promos_credit_entries",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = money_field(_("amount"))
    balance_after = money_field(_("balance after"))
    charge = models.ForeignKey(
        "loyalty_promos.Charge",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="credit_entries",
        verbose_name=_("charge"),
    )
    pack = models.ForeignKey(
        "loyalty_promos.CreditPack",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credit pack"),
    )

    class Meta(LedgerEntry.Meta):
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        indexes = [models.Index(fields=["customer", "created_at"], name="lp_credit_customer_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:+}"


class CreditPack(TimestampedModel):
    """Credits sold at a discount, e.g. 100.00 of credit for 90.00."""

    name = models.CharField(_("name"), max_length=200)
    value = money_field(_("credit given"))
    price = money_field(_("price paid"))
    is_active = models.BooleanField(_("on sale"), default=True)
    sellable_online = models.BooleanField(_("can be bought online"), default=False)

    history = history()

    class Meta:
        verbose_name = _("credit pack")
        verbose_name_plural = _("credit packs")
        ordering = ["price"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0) & Q(value__gte=models.F("price")) & Q(value__gt=0),
                name="loyalty_promos_credit_pack_value_covers_price",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def bonus(self) -> Decimal:
        return self.value - self.price
