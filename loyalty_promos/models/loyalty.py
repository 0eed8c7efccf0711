"""Loyalty: gift cards (points, rules and rewards join them with the loyalty programme)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.models.base import LedgerEntry, money_field
from loyalty_promos.models.coupons import CODE_MAX_LENGTH


class GiftCard(models.Model):
    """A means of payment with a balance: partial use at checkout, full history."""

    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, unique=True)
    initial_value = money_field(_("value"))
    balance = money_field(_("balance"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_gift_cards",
        verbose_name=_("owner"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("internal note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("gift card")
        verbose_name_plural = _("gift cards")
        ordering = ["-created_at", "-pk"]
        permissions = [("issue_gift_card", _("Can issue and sell gift cards"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="loyalty_promos_gift_card_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.code

    def is_expired(self, at=None) -> bool:
        return self.expires_at is not None and self.expires_at < (at or timezone.now())


class GiftCardEntry(LedgerEntry):
    class Kind(models.TextChoices):
        ISSUE = "issue", _("issued")
        SPEND = "spend", _("spent at checkout")
        REVERSAL = "reversal", _("reversal")
        ADJUST = "adjust", _("adjustment")

    card = models.ForeignKey(
        GiftCard, models.CASCADE, related_name="entries", verbose_name=_("gift card")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = money_field(_("amount"))
    balance_after = money_field(_("balance after"))
    charge = models.ForeignKey(
        "loyalty_promos.Charge",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="gift_card_entries",
        verbose_name=_("charge"),
    )

    class Meta(LedgerEntry.Meta):
        verbose_name = _("gift card entry")
        verbose_name_plural = _("gift card entries")

    def __str__(self) -> str:
        return f"{self.card} {self.amount:+}"
