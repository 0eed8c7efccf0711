"""Which code went to which customer, and when: the record of "email a code".

Sending one code to everyone writes one row per customer with that code.
Sending from a batch gives each customer their own unused code: the row
names the batch, and the database holds the two promises (a code of a batch
goes to one customer only; a customer gets one code of a batch), so a second
send skips them and two sends at once cannot hand one code to two people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.models.coupons import CODE_TEXT_MAX_LENGTH, CodeBatch, Coupon, CouponCode


class CodeShareQuerySet(models.QuerySet):
    def personal(self) -> CodeShareQuerySet:
        """Codes given to one customer each, from a batch."""
        return self.filter(batch__isnull=False)


class CodeShare(models.Model):
    """One code sent to one customer (by email, text message, or both)."""

    coupon = models.ForeignKey(
        Coupon, models.CASCADE, related_name="shares", verbose_name=_("promo code")
    )
    #: Set when each customer got their own code from this batch.
    batch = models.ForeignKey(
        CodeBatch,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("batch"),
    )
    code = models.ForeignKey(
        CouponCode,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("code"),
    )
    # Snapshot: deleting the code later keeps what was sent.
    code_text = models.CharField(_("code"), max_length=CODE_TEXT_MAX_LENGTH)
    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.CASCADE,
        related_name="loyalty_promos_code_shares",
        verbose_name=_("customer"),
    )
    emailed = models.BooleanField(_("emailed"), default=False)
    texted = models.BooleanField(_("text message"), default=False)
    language = models.CharField(_("language"), max_length=15, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    objects = CodeShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("code sent")
        verbose_name_plural = _("codes sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(batch__isnull=False),
                name="loyalty_promos_personal_code_sent_once",
            ),
            models.UniqueConstraint(
                fields=["batch", "customer"],
                condition=Q(batch__isnull=False),
                name="loyalty_promos_one_code_per_batch_and_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_text} → {self.customer}"
