"""Loyalty: the programme, earning rules, the points ledger, rewards and gift cards.

Points are a ledger of entries. Every positive entry (earned or added by
staff) is a *lot* with its own expiry date, fixed when granted; spending
takes from the lots that expire soonest (oldest first when equal) and
records which ones it used.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
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
from loyalty_promos.models.coupons import CODE_HELP_TEXT, CODE_MAX_LENGTH, validate_code
from loyalty_promos.services.clock import add_days, add_months
from loyalty_promos.templating import validate_message


class GiftCard(CachedBalanceModel):
    """A means of payment with a balance: partial use at checkout, full history."""

    balance_fields = ("balance",)

    #: Stored normalised (``normalize_code``); the same rules as promo codes.
    code = models.CharField(
        _("code"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[validate_code],
        help_text=CODE_HELP_TEXT,
    )
    initial_value = money_field(_("value"))
    balance = money_field(_("balance"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.PROTECT,
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


DEFAULT_AWARD_SUBJECT = _("You earned {{ points }} points")
DEFAULT_AWARD_BODY = _(
    "Hello {{ customer_name }},\n\n"
    "Thank you for your visit: you earned {{ points }} points ({{ description }}). "
    "Your balance is now {{ balance }} points"
    "{% if expiry %}; these points are valid until {{ expiry }}{% endif %}.\n\nSee you soon!"
)
DEFAULT_MANUAL_SUBJECT = _("Your points balance was updated")
DEFAULT_MANUAL_BODY = _(
    "Hello {{ customer_name }},\n\n"
    "Your points balance changed by {{ points }}: {{ description }}. "
    "Your balance is now {{ balance }} points.\n\nSee you soon!"
)


class LoyaltyProgram(TimestampedModel):
    """The programme's settings: one record, edited in admin (with history)."""

    class ValidityUnit(models.TextChoices):
        NEVER = "", _("never expire")
        DAYS = "days", _("days")
        MONTHS = "months", _("months")

    class AwardMoment(models.TextChoices):
        AT_PAYMENT = "at_payment", _("when the booking is paid")
        AFTER_APPOINTMENT = "after_appointment", _("some hours after the appointment ends")

    is_enabled = models.BooleanField(_("loyalty points enabled"), default=False)
    validity_count = models.PositiveIntegerField(_("points stay valid for"), null=True, blank=True)
    validity_unit = models.CharField(
        _("unit"), max_length=6, choices=ValidityUnit.choices, blank=True, default=""
    )
    award_moment = models.CharField(
        _("points are awarded"),
        max_length=20,
        choices=AwardMoment.choices,
        default=AwardMoment.AFTER_APPOINTMENT,
    )
    award_delay_hours = models.PositiveIntegerField(_("hours after the appointment"), default=3)
    award_subject = models.CharField(
        _("automatic award: subject"), max_length=200, default=DEFAULT_AWARD_SUBJECT
    )
    award_body = models.TextField(_("automatic award: message"), default=DEFAULT_AWARD_BODY)
    manual_subject = models.CharField(
        _("manual update: subject"), max_length=200, default=DEFAULT_MANUAL_SUBJECT
    )
    manual_body = models.TextField(_("manual update: message"), default=DEFAULT_MANUAL_BODY)

    history = history()

    class Meta:
        verbose_name = _("loyalty programme")
        verbose_name_plural = _("loyalty programme")

    def __str__(self) -> str:
        return str(_("Loyalty programme"))

    #: The staff-written messages, checked when the programme is saved.
    message_fields = ("award_subject", "award_body", "manual_subject", "manual_body")
    #: The values a message is tried with when it is saved, and shown with in the preview.
    message_sample = {
        "customer_name": "Camille Dupont",
        "points": 25,
        "balance": 140,
        "description": _("Coupe femme"),
        "expiry": "31/12/2027",
    }

    def clean(self):
        errors = {}
        for name in self.message_fields:
            try:
                validate_message(
                    getattr(self, name),
                    label=self._meta.get_field(name).verbose_name,
                    sample=self.message_sample,
                )
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    @classmethod
    def get(cls) -> LoyaltyProgram:
        """The programme; until staff save it, its defaults (switched off), unsaved.

        Reading it never writes (``quote`` must not); saving it stores the one row.
        """
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def expiry_for(self, earned_at: datetime.datetime) -> datetime.datetime | None:
        """When points earned at ``earned_at`` expire (None: never): the same wall time,
        days or months later in the business's calendar."""
        if not self.validity_count or not self.validity_unit:
            return None
        if self.validity_unit == self.ValidityUnit.DAYS:
            return add_days(earned_at, self.validity_count)
        return add_months(earned_at, self.validity_count)


class EarningRule(TimestampedModel):
    class Kind(models.TextChoices):
        SERVICE = "service", _("a completed booking (of some services)")
        PER_AMOUNT = "per_amount", _("each amount paid")
        NTH_VISIT = "nth_visit", _("the Nth visit")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("customers earn points for"), max_length=12, choices=Kind.choices)
    points = models.PositiveIntegerField(_("points"))
    amount_step = money_field(
        _("per amount"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Each amount: points for every full step paid (rounded down)."),
    )
    visit_number = models.PositiveIntegerField(
        _("visit number"), null=True, blank=True, help_text=_("Nth visit: which visit earns.")
    )
    repeat = models.BooleanField(
        _("every N visits"), default=False, help_text=_("Nth visit: also the 2N-th, 3N-th…")
    )
    services = models.ManyToManyField(
        settings.LOYALTY_PROMOS_SERVICE_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("services"),
        help_text=_("None: every service."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_until = models.DateField(_("until"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("earning rule")
        verbose_name_plural = _("earning rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.PER_AMOUNT and not self.amount_step:
            errors["amount_step"] = _("Say for which amount the points are earned.")
        if self.kind == self.Kind.NTH_VISIT and not self.visit_number:
            errors["visit_number"] = _("Say which visit earns the points.")
        if self.date_from and self.date_until and self.date_from > self.date_until:
            errors["date_until"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


class PointsBalance(CachedBalanceModel):
    balance_fields = ("balance",)

    customer = models.OneToOneField(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.CASCADE,
        related_name="loyalty_promos_points",
        verbose_name=_("customer"),
    )
    balance = models.IntegerField(_("points"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("points balance")
        verbose_name_plural = _("points balances")
        ordering = ["-balance"]
        permissions = [
            ("adjust_points", _("Can add or remove points")),
            ("redeem_reward", _("Can redeem rewards for customers")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="loyalty_promos_points_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.balance}"


class PointsEntry(CachedBalanceModel, LedgerEntry):
    """One change of a customer's points. Positive entries are lots that can expire."""

    #: What is left of a lot and whether an earn was taken back move only through services.
    balance_fields = ("remaining", "reversed")

    class Kind(models.TextChoices):
        EARN = "earn", _("earned")
        SPEND = "spend", _("spent")
        EXPIRE = "expire", _("expired")
        ADJUST = "adjust", _("adjusted")
        REVERSAL = "reversal", _("reversal")

    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.PROTECT,
        related_name="loyalty_promos_points_entries",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    points = models.IntegerField(_("points"))
    balance_after = models.IntegerField(_("balance after"))
    booking = models.ForeignKey(
        settings.LOYALTY_PROMOS_BOOKING_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_points_entries",
        verbose_name=_("booking"),
    )
    rule = models.ForeignKey(
        EarningRule, models.SET_NULL, null=True, blank=True, related_name="entries",
        verbose_name=_("rule"),
    )  # fmt: skip
    charge = models.ForeignKey(
        "loyalty_promos.Charge", models.SET_NULL, null=True, blank=True,
        related_name="points_entries", verbose_name=_("charge"),
    )  # fmt: skip
    reward = models.ForeignKey(
        "loyalty_promos.Reward", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reward"),
    )  # fmt: skip
    #: Lots (positive entries): when they expire, and how many of their points are left.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    remaining = models.PositiveIntegerField(_("left"), default=0)
    #: An earned lot whose booking was voided (so the same booking may earn again).
    reversed = models.BooleanField(_("reversed"), default=False)
    #: Points that could not be taken back because they were already spent.
    shortfall = models.PositiveIntegerField(_("shortfall"), default=0)

    class Meta(LedgerEntry.Meta):
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "rule"],
                condition=Q(kind="earn", reversed=False, booking__isnull=False),
                name="loyalty_promos_one_award_per_booking_and_rule",
            )
        ]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="lp_points_customer_date"),
            models.Index(fields=["customer", "expires_at"], name="lp_points_lots"),
            # Kept flat as the ledger grows: the points report's first page (newest
            # first), live lots by expiry (balances page; with the points left, so the
            # overview sums what expires soon from the index alone), the rare shortfalls.
            models.Index(fields=["created_at", "id"], name="lp_points_created"),
            models.Index(
                fields=["expires_at", "remaining"],
                name="lp_points_live_lots_sum",
                condition=Q(remaining__gt=0),
            ),
            models.Index(
                fields=["created_at"], name="lp_points_shortfall", condition=Q(shortfall__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points:+}"


class PointsAllocation(models.Model):
    """Which lots a spend (or negative adjustment, or expiry) took its points from."""

    entry = models.ForeignKey(PointsEntry, models.CASCADE, related_name="allocations")
    lot = models.ForeignKey(PointsEntry, models.CASCADE, related_name="+")
    points = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("points allocation")
        verbose_name_plural = _("points allocations")

    def __str__(self) -> str:
        return f"{self.points} from #{self.lot_id}"


class RewardQuerySet(models.QuerySet):
    def at_checkout(self) -> RewardQuerySet:
        """Active rewards that can pay a booking at checkout (a gift card cannot)."""
        return self.filter(is_active=True).exclude(kind=Reward.Kind.GIFT_CARD)

    def affordable(self, points: int) -> RewardQuerySet:
        """Active rewards costing at most ``points``."""
        return self.filter(is_active=True, points_cost__lte=points)


class Reward(TimestampedModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("percentage discount")
        AMOUNT = "amount", _("fixed discount")
        FREE_SERVICE = "free_service", _("a free service")
        GIFT_CARD = "gift_card", _("a gift card")

    name = models.CharField(_("name"), max_length=200, unique=True)
    points_cost = models.PositiveIntegerField(_("points"))
    kind = models.CharField(_("reward"), max_length=12, choices=Kind.choices)
    value = money_field(_("value"), help_text=_("Percentage, amount or gift card value."))
    service = models.ForeignKey(
        settings.LOYALTY_PROMOS_SERVICE_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("free service"),
    )  # fmt: skip
    valid_days = models.PositiveIntegerField(
        _("valid for (days)"), default=90, help_text=_("How long the code or gift card lasts.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)

    history = history()
    objects = RewardQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["points_cost"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.value is not None and self.value < 0:
            errors["value"] = _("A reward's value cannot be negative.")
        elif self.kind == self.Kind.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = _("A percentage cannot be over 100.")
        elif self.kind in (self.Kind.AMOUNT, self.Kind.GIFT_CARD) and not self.value:
            errors["value"] = _("Say how much the reward is worth.")
        if errors:
            raise ValidationError(errors)


class RewardRedemption(models.Model):
    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL, models.PROTECT,
        related_name="loyalty_promos_rewards", verbose_name=_("customer"),
    )  # fmt: skip
    reward = models.ForeignKey(
        Reward, models.PROTECT, related_name="redemptions", verbose_name=_("reward")
    )
    entry = models.OneToOneField(PointsEntry, models.PROTECT, related_name="+")
    coupon = models.ForeignKey(
        "loyalty_promos.Coupon", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("promo code"),
    )  # fmt: skip
    gift_card = models.ForeignKey(
        GiftCard, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("gift card"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("redeemed reward")
        verbose_name_plural = _("redeemed rewards")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reward} · {self.customer}"

    @property
    def code(self) -> str:
        """What the customer hands over: the reward's promo code or gift card code."""
        if self.gift_card_id:
            return self.gift_card.code
        first = next(iter(self.coupon.codes.all()), None) if self.coupon_id else None
        return first.code if first else ""
