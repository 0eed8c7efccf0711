"""Dynamic pricing rules: weekend prices, seasonal sales, per-hour room rates.

When several active rules match a booking, the one with the **highest
priority** applies, alone (ties: the most recently created). Rules change the
list price before any discount.
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
        help_text=_("When several rules match, only the one with the highest priority applies."),
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
