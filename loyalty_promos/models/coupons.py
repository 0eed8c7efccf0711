"""Promo codes: a Coupon is the rule, its CouponCodes are what customers type.

A coupon made by hand has one code; a generated batch is many codes under one
coupon, so editing the rule changes them all and 100k codes cost 100k narrow
rows. Every use is a Redemption row: usage counts are always computed from
them, never kept in a counter.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.history import history
from loyalty_promos.models.base import TimestampedModel, money_field
from loyalty_promos.validators import validate_use_limit

CODE_MAX_LENGTH = 64
_SEPARATORS = re.compile(r"[\s_\-]+")


def normalize_code(value: str) -> str:
    """The one form a code is stored, looked up and redeemed in.

    Case, surrounding spaces and the separators space, ``-`` and ``_`` are
    ignored: ``" summer-2026 "``, ``"SUMMER 2026"`` and ``"Summer_2026"`` are
    the same code, ``SUMMER2026``.
    """
    return _SEPARATORS.sub("", value or "").upper()


def validate_code(value: str) -> None:
    normalized = normalize_code(value)
    if not normalized:
        raise ValidationError(_("Enter a code."), code="blank")
    if not normalized.isalnum():
        raise ValidationError(
            _("A code may contain only letters, digits, spaces, dashes and underscores."),
            code="invalid_characters",
        )
    if len(normalized) > CODE_MAX_LENGTH:
        raise ValidationError(
            _("A code may have at most %(max)d characters."),
            code="too_long",
            params={"max": CODE_MAX_LENGTH},
        )


def validate_weekdays(value) -> None:
    if not isinstance(value, list) or any(
        not isinstance(day, int) or not 0 <= day <= 6 for day in value
    ):
        raise ValidationError(
            _("Weekdays are numbers from 0 (Monday) to 6 (Sunday)."), code="invalid_weekdays"
        )


def _live_use_of(field: str) -> Exists:
    """True for rows with at least one live (not released) redemption."""
    return Exists(Redemption.objects.filter(**{field: OuterRef("pk")}, voided_at__isnull=True))


class UsageQuerySet(models.QuerySet):
    """Uses counted from redemptions (never a counter): a series per booking counts once."""

    #: The Redemption field pointing at this model.
    redemption_field: str

    def with_uses(self):
        """Annotate ``uses``: live redemptions, counted once per use key."""
        return self.annotate(
            uses=Count(
                "redemptions__use_key",
                filter=Q(redemptions__voided_at__isnull=True),
                distinct=True,
            )
        )

    def used(self):
        return self.filter(_live_use_of(self.redemption_field))

    def unused(self):
        return self.filter(~_live_use_of(self.redemption_field))


class CouponQuerySet(UsageQuerySet):
    """Coupons in the domain's words. ``at`` defaults to now."""

    redemption_field = "coupon"

    def active(self, at=None) -> CouponQuerySet:
        """Switched on and inside their validity window (limits are not looked at)."""
        at = at or timezone.now()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=at),
            Q(valid_until__isnull=True) | Q(valid_until__gte=at),
            is_active=True,
        )

    def scheduled(self, at=None) -> CouponQuerySet:
        return self.filter(is_active=True, valid_from__gt=at or timezone.now())

    def expired(self, at=None) -> CouponQuerySet:
        return self.filter(valid_until__lt=at or timezone.now())

    def used_up(self) -> CouponQuerySet:
        return self.with_uses().filter(max_uses__isnull=False, uses__gte=F("max_uses"))


class Coupon(TimestampedModel):
    """The rule: discount, windows, limits and restrictions shared by all its codes."""

    class DiscountType(models.TextChoices):
        PERCENT = "percent", _("percentage")
        AMOUNT = "amount", _("fixed amount")

    class SeriesMode(models.TextChoices):
        PER_BOOKING = "per_booking", _("per booking: every occurrence of a series, one use")
        PER_OCCURRENCE = "per_occurrence", _("per occurrence: each occurrence is one use")

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("Shown to staff and on billing records; must be unique."),
    )
    discount_type = models.CharField(
        _("discount type"),
        max_length=10,
        choices=DiscountType.choices,
        default=DiscountType.PERCENT,
    )
    discount_value = models.DecimalField(
        _("discount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A percentage (100 makes the booking free, 0 only marks it) or an amount. "
            "A discount larger than the price brings it to zero."
        ),
    )
    valid_from = models.DateTimeField(
        _("valid from"), null=True, blank=True, help_text=_("First moment the code can be used.")
    )
    valid_until = models.DateTimeField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Last moment the code can be used (included)."),
    )
    appointment_from = models.DateTimeField(
        _("appointments from"),
        null=True,
        blank=True,
        help_text=_("Only for appointments starting at or after this moment."),
    )
    appointment_until = models.DateTimeField(
        _("appointments until"),
        null=True,
        blank=True,
        help_text=_("Only for appointments starting at or before this moment."),
    )
    time_from = models.TimeField(
        _("daily from"),
        null=True,
        blank=True,
        help_text=_("Happy hour: appointments starting from this time of day (included)."),
    )
    time_until = models.TimeField(
        _("daily until"),
        null=True,
        blank=True,
        help_text=_("…and before this time of day (excluded). May be past midnight."),
    )
    weekdays = models.JSONField(
        _("weekdays"),
        default=list,
        blank=True,
        validators=[validate_weekdays],
        help_text=_("Days of the appointment. None ticked: every day."),
    )
    max_uses = models.PositiveIntegerField(
        _("maximum uses in total"),
        null=True,
        blank=True,
        validators=[validate_use_limit],
        help_text=_("Over all its codes, first come first served. Blank: unlimited."),
    )
    max_uses_per_customer = models.PositiveIntegerField(
        _("maximum uses per customer"),
        null=True,
        blank=True,
        default=1,
        validators=[validate_use_limit],
        help_text=_("Blank: unlimited."),
    )
    services = models.ManyToManyField(
        settings.LOYALTY_PROMOS_SERVICE_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("services"),
        help_text=_("Only for these services. None: every service."),
    )
    staff = models.ManyToManyField(
        settings.LOYALTY_PROMOS_STAFF_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("staff members"),
        help_text=_("Only with these staff members. None: everyone."),
    )
    first_booking_only = models.BooleanField(
        _("first booking only"),
        default=False,
        help_text=_("Only for a customer who has never booked before."),
    )
    staff_only = models.BooleanField(
        _("staff only"),
        default=False,
        help_text=_(
            "Only a staff member applying it in the back office can use it; "
            "customers booking online cannot."
        ),
    )
    series_mode = models.CharField(
        _("recurring bookings"),
        max_length=16,
        choices=SeriesMode.choices,
        default=SeriesMode.PER_BOOKING,
        help_text=_(
            "Per booking: the code covers every occurrence of a series booked together and "
            "counts as one use. Per occurrence: each occurrence counts, so a code valid once "
            "covers only the first."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("internal note"), blank=True)

    objects = CouponQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("generate_codes", _("Can generate, paste and import codes")),
            ("bulk_delete_codes", _("Can delete codes in bulk")),
            ("share_codes", _("Can send codes to customers")),
            ("test_codes", _("Can test a code against a booking")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_value__gte=0)
                & (Q(discount_type="amount") | Q(discount_value__lte=100)),
                name="loyalty_promos_coupon_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if (
            self.discount_type == self.DiscountType.PERCENT
            and self.discount_value is not None
            and self.discount_value > 100
        ):
            errors["discount_value"] = _("A percentage cannot be over 100.")
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            errors["valid_until"] = _("The end of the validity is before its start.")
        if (
            self.appointment_from
            and self.appointment_until
            and self.appointment_from > self.appointment_until
        ):
            errors["appointment_until"] = _("The last appointment date is before the first.")
        if (self.time_from is None) != (self.time_until is None):
            errors["time_until"] = _("Give both times of the daily window, or neither.")
        elif self.time_from is not None and self.time_from == self.time_until:
            errors["time_until"] = _("The daily window is empty: its start and end are equal.")
        if errors:
            raise ValidationError(errors)

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SCHEDULED = "scheduled", _("scheduled")
        EXPIRED = "expired", _("expired")
        USED_UP = "used_up", _("used up")
        INACTIVE = "inactive", _("inactive")

    def get_uses(self) -> int:
        """Uses so far (from the ``with_uses()`` annotation when present)."""
        uses = getattr(self, "uses", None)
        return self.redemptions.uses() if uses is None else uses

    def get_status(self, at=None) -> Coupon.Status:
        at = at or timezone.now()
        if not self.is_active:
            return self.Status.INACTIVE
        if self.valid_until and self.valid_until < at:
            return self.Status.EXPIRED
        if self.valid_from and self.valid_from > at:
            return self.Status.SCHEDULED
        if self.max_uses is not None and self.get_uses() >= self.max_uses:
            return self.Status.USED_UP
        return self.Status.ACTIVE

    @property
    def discount_display(self) -> str:
        value = self.discount_value.normalize()
        if self.discount_type == self.DiscountType.PERCENT:
            return f"{value:f} %"
        return f"{self.discount_value:.2f}"


class CodeBatch(models.Model):
    """Codes created together under one coupon: generated, pasted or imported."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("generated")
        PASTED = "pasted", _("pasted list")
        IMPORTED = "imported", _("imported file")

    coupon = models.ForeignKey(
        Coupon, models.CASCADE, related_name="batches", verbose_name=_("promo code")
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    size = models.PositiveIntegerField(_("codes"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("batch of codes")
        verbose_name_plural = _("batches of codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")
        return self.label or f"{self.coupon} · {self.get_source_display()} · {when}"


class CouponCodeQuerySet(UsageQuerySet):
    redemption_field = "code"

    def matching(self, code: str) -> CouponCodeQuerySet:
        return self.filter(normalized=normalize_code(code))

    def expired(self, at=None) -> CouponCodeQuerySet:
        return self.filter(coupon__valid_until__lt=at or timezone.now())

    def active(self, at=None) -> CouponCodeQuerySet:
        return self.filter(is_active=True, coupon__in=Coupon.objects.active(at))


class CouponCode(models.Model):
    coupon = models.ForeignKey(
        Coupon, models.CASCADE, related_name="codes", verbose_name=_("promo code")
    )
    code = models.CharField(
        _("code"),
        max_length=CODE_MAX_LENGTH + 16,
        validators=[validate_code],
        help_text=_("What the customer types. Case, spaces and dashes are ignored."),
    )
    normalized = models.CharField(_("normalised code"), max_length=CODE_MAX_LENGTH, editable=False)
    max_uses = models.PositiveIntegerField(
        _("maximum uses of this code"),
        null=True,
        blank=True,
        validators=[validate_use_limit],
        help_text=_("Blank: unlimited."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    batch = models.ForeignKey(
        CodeBatch,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="codes",
        verbose_name=_("batch"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CouponCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["coupon", "normalized"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized"],
                condition=Q(is_active=True),
                name="loyalty_promos_one_active_code_per_value",
                violation_error_message=_("This code is already active on another promo code."),
            ),
        ]
        indexes = [models.Index(fields=["normalized"], name="lp_couponcode_normalized")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_code(self.code)
        if kwargs.get("update_fields") is not None and "code" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Before validate_constraints(), which checks the normalised value.
        self.normalized = normalize_code(self.code)


class RedemptionQuerySet(models.QuerySet):
    def live(self) -> RedemptionQuerySet:
        return self.filter(voided_at__isnull=True)

    def uses(self) -> int:
        """Uses among these redemptions: a series redeemed per booking counts once."""
        return self.live().values("use_key").distinct().count()


class Redemption(models.Model):
    """One use of a code by one booking. Released uses are voided, never deleted."""

    coupon = models.ForeignKey(
        Coupon,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="redemptions",
        verbose_name=_("promo code"),
    )
    code = models.ForeignKey(
        CouponCode,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="redemptions",
        verbose_name=_("code"),
    )
    booking = models.ForeignKey(
        settings.LOYALTY_PROMOS_BOOKING_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_redemptions",
        verbose_name=_("booking"),
    )
    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_redemptions",
        verbose_name=_("customer"),
    )
    charge = models.ForeignKey(
        "loyalty_promos.Charge",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="redemptions",
        verbose_name=_("charge"),
    )
    # Snapshot: deleting the coupon or its code never changes a past booking.
    code_text = models.CharField(_("code"), max_length=CODE_MAX_LENGTH + 16)
    coupon_name = models.CharField(_("promo code name"), max_length=200)
    discount_type = models.CharField(_("discount type"), max_length=10)
    discount_value = models.DecimalField(_("discount"), max_digits=10, decimal_places=2)
    booking_ref = models.CharField(_("booking reference"), max_length=64)
    #: The use this redemption counts as: the series when the coupon counts per
    #: booking and the booking belongs to one, else the booking itself.
    use_key = models.CharField(_("use"), max_length=80, editable=False)
    amount = money_field(_("discount given"))
    #: The customer had never booked before: the code brought a new customer.
    first_booking = models.BooleanField(_("new customer"), default=False)
    created_at = models.DateTimeField(_("used at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    voided_at = models.DateTimeField(_("released at"), null=True, blank=True)

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("code use")
        verbose_name_plural = _("code uses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(voided_at__isnull=True, booking__isnull=False),
                name="loyalty_promos_one_live_redemption_per_booking",
            ),
        ]
        indexes = [
            models.Index(fields=["coupon", "use_key"], name="lp_redemption_coupon_use"),
            models.Index(fields=["code", "use_key"], name="lp_redemption_code_use"),
        ]

    def __str__(self) -> str:
        return f"{self.code_text} · {self.booking_ref}"
