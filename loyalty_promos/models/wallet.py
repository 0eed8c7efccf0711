"""Customer wallet: the permanent per-customer discount (credits join it later)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty_promos.history import history
from loyalty_promos.models.base import TimestampedModel


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
        return f"{self.customer} −{self.percent.normalize()} %"
