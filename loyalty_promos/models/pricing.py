"""Dynamic pricing rules: weekend prices, seasonal sales, per-hour room rates.

Which rules apply, and in which order (``services/pricing.py``):

1. **Alone** rules (``stacking = "exclusive"``, the default): among those
   matching the booking, only the one with the **highest priority** applies
   (ties: the most recently created). It changes the list price: a set price
   (per hour or not) replaces it, a percentage or an amount changes it.
2. **On top** rules (``stacking = "stack"``, a percentage or an amount, never
   a set price): every one matching the booking applies next, to the price
   the previous step left, highest priority first (ties: newest first).
   Their priority orders them among themselves; they always come after the
   alone rule, whatever its priority.

So "room 2 at 50/h" (alone, set price per hour) and "weekends −10 %" (on
top) price a 2-hour Saturday booking 2 × 50 = 100.00, then −10 % = 90.00.
With no *on top* rule, pricing is exactly one rule, as before. Each step is
rounded half-up to the cent and never goes below zero. Rules change the list
price before any discount, and appear one line each on the charge.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty_promos.history import history
from loyalty_promos.models.base import TimestampedModel
from loyalty_promos.models.coupons import validate_weekdays


class PricingRuleQuerySet(models.QuerySet):
    def active(self) -> PricingRuleQuerySet:
        return self.filter(is_active=True)


class PricingRule(TimestampedModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("change by a percentage")
        AMOUNT = "amount", _("change by an amount")
        SET_PRICE = "set_price", _("set the price")

    class Stacking(models.TextChoices):
        EXCLUSIVE = "exclusive", _("alone: only the matching rule with the highest priority")
        STACK = "stack", _("on top: after the rule applying alone, on its result")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "Percentage or amount: positive raises the price, negative lowers it "
            "(for example −10). Set price: the new price."
        ),
    )
    per_hour = models.BooleanField(
        _("per hour"),
        default=False,
        help_text=_("Set price only: the price is per hour of the booking (rooms, studios)."),
    )
    priority = models.IntegerField(
        _("priority"),
        default=0,
        help_text=_(
            "Among the matching rules applying alone, only the one with the highest "
            "priority applies. Rules on top apply after it, highest priority first."
        ),
    )
    stacking = models.CharField(
        _("applies"),
        max_length=9,
        choices=Stacking.choices,
        default=Stacking.EXCLUSIVE,
        help_text=_(
            "On top: a percentage or an amount applied to the price the other rules "
            "left, for example −10 % at weekends on a room's hourly price."
        ),
    )
    services = models.ManyToManyField(
        settings.LOYALTY_PROMOS_SERVICE_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("services"),
        help_text=_("None: every service."),
    )
    staff = models.ManyToManyField(
        settings.LOYALTY_PROMOS_STAFF_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("staff members"),
        help_text=_("None: everyone."),
    )
    weekdays = models.JSONField(
        _("weekdays"),
        default=list,
        blank=True,
        validators=[validate_weekdays],
        help_text=_("Days of the appointment. None ticked: every day."),
    )
    time_from = models.TimeField(
        _("from (time of day)"), null=True, blank=True, help_text=_("Start included.")
    )
    time_until = models.TimeField(
        _("until (time of day)"), null=True, blank=True, help_text=_("End excluded.")
    )
    date_from = models.DateField(_("from (date)"), null=True, blank=True)
    date_until = models.DateField(
        _("until (date)"), null=True, blank=True, help_text=_("Included.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PricingRuleQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("pricing rule")
        verbose_name_plural = _("pricing rules")
        ordering = ["-priority", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="set_price") | Q(value__gte=0),
                name="loyalty_promos_pricing_set_price_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__gte=-100),
                name="loyalty_promos_pricing_percent_not_below_minus_100",
            ),
            models.CheckConstraint(
                condition=~Q(stacking="stack", kind="set_price"),
                name="loyalty_promos_pricing_set_price_never_on_top",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.PERCENT and self.value is not None and self.value < -100:
            errors["value"] = _("A price cannot go down by more than 100 %.")
        if self.kind == self.Kind.SET_PRICE and self.value is not None and self.value < 0:
            errors["value"] = _("A price cannot be negative.")
        if self.per_hour and self.kind != self.Kind.SET_PRICE:
            errors["per_hour"] = _("Only a set price can be per hour.")
        if self.stacking == self.Stacking.STACK and self.kind == self.Kind.SET_PRICE:
            errors["stacking"] = _(
                "A set price replaces the price, so it applies alone; use a percentage "
                "or an amount on top."
            )
        if (self.time_from is None) != (self.time_until is None):
            errors["time_until"] = _("Give both times of the daily window, or neither.")
        if self.date_from and self.date_until and self.date_from > self.date_until:
            errors["date_until"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def change_display(self) -> str:
        if self.kind == self.Kind.SET_PRICE:
            suffix = _("/h") if self.per_hour else ""
            return f"= {self.value}{suffix}"
        sign = "+" if self.value >= 0 else ""
        unit = " %" if self.kind == self.Kind.PERCENT else ""
        return f"{sign}{self.value.normalize():f}{unit}"
