"""Promo codes: a Coupon is the rule, its CouponCodes are what customers type.

A coupon made by hand has one code; a generated batch is many codes under one
coupon, so editing the rule changes them all and 100k codes cost 100k narrow
rows. Every use is a Redemption row: usage counts are always computed from
them, never kept in a counter.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.formats import format_datetime, format_money, format_number
from loyalty_promos.history import history
from loyalty_promos.models.base import TimestampedModel, money_field
from loyalty_promos.validators import validate_use_limit

CODE_MAX_LENGTH = 64
#: Room for the separators a person may type between groups (``SPRING-2026``).
CODE_TEXT_MAX_LENGTH = CODE_MAX_LENGTH + 16
#: Spaces, ``-``, ``_`` and the dashes a word processor puts instead of ``-``.
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212]+")
_ALLOWED = re.compile(r"[A-Z0-9]+")
#: Unicode categories that are never seen: controls, formats (zero-width space,
#: joiners, bidi marks, soft hyphen, BOM), private use, surrogates, unassigned,
#: line and paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
#: Default-ignorable characters outside those categories (Unicode's
#: Default_Ignorable_Code_Point, which :mod:`unicodedata` does not expose):
#: the grapheme joiner, variation selectors and the Hangul fillers.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF),
)  # fmt: skip


def _is_invisible(char: str) -> bool:
    point = ord(char)
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or any(
        low <= point <= high for low, high in _IGNORABLE_RANGES
    )


def _text(value) -> str:
    """What was typed, as text (a spreadsheet cell may hold the number 123456)."""
    return "" if value is None else str(value)


def _fold(text: str) -> str:
    """Upper case, compatibility forms and accents folded: ``ｎｏëｌ`` is ``NOEL``."""
    if text.isascii():
        return text.upper()  # the common case, without the Unicode passes
    text = unicodedata.normalize("NFKC", text).upper()
    # Accents are combining marks once decomposed (é = e + ´); dropping them
    # reads é as E and ș as S. Letters that do not decompose (ø, ł, œ) stay.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


def normalize_code(value: str) -> str:
    """The one form a code is stored, looked up and redeemed in.

    Case, surrounding spaces and the separators space, ``-`` and ``_`` are
    ignored: ``" summer-2026 "``, ``"SUMMER 2026"`` and ``"Summer_2026"`` are
    the same code, ``SUMMER2026``. Compatibility forms count as the letter
    they stand for (Unicode NFKC: full-width ``ＳＰＲＩＮＧ１０`` is
    ``SPRING10``) and accents are dropped (``Noël`` is ``NOEL``).

    This never raises: it is also how lookups read what someone typed.
    Whether a value may be a code at all is :func:`validate_code`'s answer.
    """
    return _SEPARATORS.sub("", _fold(_text(value)))


def display_code(value: str) -> str:
    """How a code is kept and shown: as typed, in its compatibility form, trimmed."""
    return unicodedata.normalize("NFKC", _text(value)).strip()


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".strip()


def validate_code(value: str) -> None:
    """Refuse what a person could not read or type back; the one rule for every code.

    Promo codes and gift card codes, typed in a form, pasted, imported or
    passed to the API, all go through here. A code is made of the letters
    A to Z and the digits 0 to 9, optionally in groups separated by spaces,
    ``-`` or ``_``. Accented letters are accepted and read without their
    accent (``é`` is ``E``); full-width letters are read as ordinary ones.
    Refused, each with its own error code:

    * ``invisible_characters`` — controls (NUL, tab, line feed …) and
      characters that show nothing (zero-width space, joiners, direction
      marks, soft hyphen, variation selectors);
    * ``other_script`` — letters that are not A to Z once their accent is
      dropped (Cyrillic ``Ѕ``, Greek ``Α``, ``ø``, ``ł``): they may look
      exactly like a Latin letter, so a second code could pass for the first;
    * ``invalid_characters`` — symbols and punctuation (``=``, ``+``, ``!``);
    * ``blank`` and ``too_long``.
    """
    text = display_code(value)
    normalized = normalize_code(text)
    if not normalized:
        raise ValidationError(_("Enter a code."), code="blank")
    # Printable ASCII (the common case) has no invisible character to look for.
    if not (text.isascii() and text.isprintable()):
        invisible = next((c for c in text if _is_invisible(c)), None)
        if invisible is not None:
            raise ValidationError(
                _(
                    "A code cannot contain invisible or control characters "
                    "(this one contains %(character)s)."
                ),
                code="invisible_characters",
                params={"character": _describe(invisible)},
            )
    for char in "" if _ALLOWED.fullmatch(normalized) else normalized:
        if _ALLOWED.fullmatch(char):
            continue
        if unicodedata.category(char).startswith("L"):
            raise ValidationError(
                _(
                    "“%(character)s” (%(name)s) cannot be used in a code: codes use the "
                    "letters A to Z only, so that no code can pass for another that looks "
                    "the same. Accents are ignored (é counts as E)."
                ),
                code="other_script",
                params={"character": char, "name": _describe(char)},
            )
        raise ValidationError(
            _(
                "“%(character)s” cannot be used in a code. Use the letters A to Z and the "
                "digits 0 to 9, with spaces, dashes or underscores between groups if you like."
            ),
            code="invalid_characters",
            params={"character": char},
        )
    if len(normalized) > CODE_MAX_LENGTH or len(text) > CODE_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("A code may have at most %(max)d letters and digits."),
            code="too_long",
            params={"max": CODE_MAX_LENGTH},
        )


def is_valid_code(value: str) -> bool:
    """True when :func:`validate_code` accepts ``value`` (lookups treat the rest as unknown)."""
    try:
        validate_code(value)
    except ValidationError:
        return False
    return True


#: What forms say about codes, next to every code field.
CODE_HELP_TEXT = _(
    "Letters A to Z and digits 0 to 9; spaces, dashes and underscores may separate groups. "
    "Case, separators and accents are ignored (é counts as E); other alphabets, symbols "
    "and invisible characters are refused."
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

    def with_uses(self) -> Self:
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
        """``20 %``, ``12,5 %`` or ``10,00`` in the staff's (or customer's) language."""
        if self.discount_type == self.DiscountType.PERCENT:
            return f"{format_number(Decimal(f'{self.discount_value.normalize():f}'))} %"
        return format_money(self.discount_value)


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
        when = format_datetime(self.created_at)  # the staff's language, like every page
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
        max_length=CODE_TEXT_MAX_LENGTH,
        validators=[validate_code],
        help_text=CODE_HELP_TEXT,
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
        self.code = display_code(self.code)
        self.normalized = normalize_code(self.code)
        if kwargs.get("update_fields") is not None and "code" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Before validate_constraints(), which checks the normalised value.
        self.code = display_code(self.code)
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
        models.PROTECT,
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
    code_text = models.CharField(_("code"), max_length=CODE_TEXT_MAX_LENGTH)
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
