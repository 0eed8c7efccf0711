"""Prepaid packages: plans staff sell, the packages customers hold, and their usage ledger.

Three kinds of plan: a **time pass** covers every booking in its period, a
**visit pack** pays N bookings (one visit each), a **credit pack** holds a
value that each booking's price is deducted from (partly when short).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.history import history
from loyalty_promos.models.base import (
    CachedBalanceModel,
    LedgerEntry,
    TimestampedModel,
    money_field,
)
from loyalty_promos.services.clock import add_days, add_months


class PackagePlan(TimestampedModel):
    class Kind(models.TextChoices):
        TIME_PASS = "time_pass", _("time pass")
        VISIT_PACK = "visit_pack", _("visit pack")
        CREDIT_PACK = "credit_pack", _("credit pack")

    class ValidityUnit(models.TextChoices):
        NONE = "", _("no expiry")
        DAYS = "days", _("days")
        MONTHS = "months", _("months")
        YEARS = "years", _("years")

    class Cancellation(models.TextChoices):
        RETURN = "return", _("the visit or credit comes back")
        FORFEIT_LATE = "forfeit_late", _("forfeited for a late cancellation or a no-show")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    price = money_field(_("price"))
    visits = models.PositiveIntegerField(
        _("visits"), null=True, blank=True, help_text=_("Visit pack: bookings it pays.")
    )
    credit = money_field(_("credit"), null=True, blank=True, default=None)
    validity_count = models.PositiveIntegerField(_("valid for"), null=True, blank=True)
    validity_unit = models.CharField(
        _("unit"), max_length=6, choices=ValidityUnit.choices, default="", blank=True
    )
    services = models.ManyToManyField(
        settings.LOYALTY_PROMOS_SERVICE_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("services covered"),
        help_text=_("None: every service."),
    )
    sellable_online = models.BooleanField(_("can be bought online"), default=False)
    is_active = models.BooleanField(_("on sale"), default=True)
    cancellation = models.CharField(
        _("when a booking is cancelled"),
        max_length=12,
        choices=Cancellation.choices,
        default=Cancellation.RETURN,
    )
    late_cancellation_hours = models.PositiveIntegerField(
        _("late cancellation (hours)"),
        default=24,
        help_text=_("A cancellation less than this many hours before the start is late."),
    )
    description = models.TextField(_("description"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("package plan")
        verbose_name_plural = _("package plans")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.pk is not None and self.kind != self._stored_kind() and self._is_held():
            # Packages keep what they hold (visits or credit) for the plan's kind: another
            # kind would make their visits worthless or their checkout fail. Said for the
            # whole form: the admin shows the kind of a held plan read-only.
            errors[NON_FIELD_ERRORS] = _(
                "Customers hold packages of this plan, so its kind cannot change. Create a "
                "new plan instead."
            )
        if self.kind == self.Kind.VISIT_PACK and not self.visits:
            errors["visits"] = _("A visit pack needs a number of visits.")
        if self.kind == self.Kind.CREDIT_PACK and not self.credit:
            errors["credit"] = _("A credit pack needs a credit value.")
        if self.kind == self.Kind.TIME_PASS and not (self.validity_count and self.validity_unit):
            errors["validity_count"] = _("A time pass needs a period of validity.")
        if bool(self.validity_count) != bool(self.validity_unit):
            errors["validity_unit"] = _("Give both the number and the unit, or neither.")
        if errors:
            raise ValidationError(errors)

    def _stored_kind(self) -> str | None:
        return type(self).objects.filter(pk=self.pk).values_list("kind", flat=True).first()

    def _is_held(self) -> bool:
        return CustomerPackage.objects.filter(plan_id=self.pk).exists()

    def expiry_from(self, start: datetime.datetime) -> datetime.datetime | None:
        """When a package starting at ``start`` expires: the same wall time in the
        business's calendar (:mod:`~loyalty_promos.services.clock`), or None."""
        count, unit = self.validity_count, self.validity_unit
        if not count or not unit:
            return None
        if unit == self.ValidityUnit.DAYS:
            return add_days(start, count)
        return add_months(start, count * (12 if unit == self.ValidityUnit.YEARS else 1))


class CustomerPackageQuerySet(models.QuerySet):
    def usable(self, customer, at) -> CustomerPackageQuerySet:
        """Active packages of ``customer`` valid at ``at`` with something left."""
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gte=at),
            Q(plan__kind=PackagePlan.Kind.TIME_PASS) | Q(visits_left__gt=0) | Q(credit_left__gt=0),
            customer=customer,
            is_active=True,
            starts_at__lte=at,
        )


class CustomerPackage(CachedBalanceModel, TimestampedModel):
    balance_fields = ("visits_left", "credit_left")

    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.PROTECT,
        related_name="loyalty_promos_packages",
        verbose_name=_("customer"),
    )
    plan = models.ForeignKey(
        PackagePlan, models.PROTECT, related_name="customer_packages", verbose_name=_("plan")
    )
    price_paid = money_field(_("price paid"))
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    include_existing = models.BooleanField(
        _("covers bookings made before"),
        default=False,
        help_text=_("Also applies to appointments already booked when it was assigned."),
    )
    #: Bookings that existed at assignment and are not covered (include_existing off).
    excluded_booking_refs = models.JSONField(default=list, blank=True, editable=False)
    visits_left = models.PositiveIntegerField(_("visits left"), null=True, blank=True)
    credit_left = money_field(_("credit left"), null=True, blank=True, default=None)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    objects = CustomerPackageQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer package")
        verbose_name_plural = _("customer packages")
        ordering = ["-starts_at", "-pk"]
        permissions = [("assign_package", _("Can assign packages to customers"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_left__isnull=True) | Q(credit_left__gte=0),
                name="loyalty_promos_package_credit_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.customer}"

    @property
    def remaining_display(self) -> str:
        if self.plan.kind == PackagePlan.Kind.VISIT_PACK:
            return f"{self.visits_left} / {self.plan.visits}"
        if self.plan.kind == PackagePlan.Kind.CREDIT_PACK:
            return f"{self.credit_left} / {self.plan.credit}"
        return "∞"


class PackageUsage(LedgerEntry):
    class Kind(models.TextChoices):
        #: What the package held when it was assigned (visits, credit): the ledger's start.
        OPEN = "open", _("opened")
        USE = "use", _("used")
        RETURN = "return", _("returned")
        FORFEIT = "forfeit", _("forfeited")

    package = models.ForeignKey(
        CustomerPackage, models.CASCADE, related_name="usages", verbose_name=_("package")
    )
    charge = models.ForeignKey(
        "loyalty_promos.Charge",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="package_usages",
        verbose_name=_("charge"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    visits = models.IntegerField(_("visits"), default=0)
    amount = money_field(_("amount"))

    class Meta(LedgerEntry.Meta):
        verbose_name = _("package usage")
        verbose_name_plural = _("package usages")

    def __str__(self) -> str:
        return f"{self.package}: {self.get_kind_display()}"
