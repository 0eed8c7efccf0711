"""The billing record: one Charge per checked-out booking.

A charge keeps a snapshot of what was sold (customer, service, staff member,
appointment start, list price) so it reads the same after the host deletes
or edits the booking, and one amount per step of the fixed order
pricing rules → discount → package → gift card → credits → amount due.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from loyalty_promos.formats import format_money
from loyalty_promos.models.base import TimestampedModel, money_field

#: The methods every install starts with (migration 0016 adds them); their names are
#: translated when shown, so "Card" reads "Carte" in French. Staff add their own.
DEFAULT_PAYMENT_METHODS = [("card", gettext_noop("Card")), ("cash", gettext_noop("Cash"))]


class PaymentMethodQuerySet(models.QuerySet):
    def active(self) -> PaymentMethodQuerySet:
        return self.filter(is_active=True)


class PaymentMethod(models.Model):
    """How a charge was paid (card, cash, bank transfer …): a list staff edit.

    Charges point at their method (PROTECT: a method with payments is switched
    off, never deleted) and keep its name as it read when paid
    (``Charge.payment_method``), so renaming a method keeps history readable.
    """

    name = models.CharField(
        _("name"),
        max_length=50,
        help_text=_("As staff see it on the buttons, e.g. Card, Cash, Bank transfer."),
    )
    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Short and stable: what the API and your developer use, e.g. card."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PaymentMethodQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment method")
        verbose_name_plural = _("payment methods")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the built-in names are translated)."""
        return gettext(self.name) if self.name else self.code


class ChargeQuerySet(models.QuerySet):
    def pending(self) -> ChargeQuerySet:
        return self.filter(status=Charge.Status.PENDING)

    def paid(self) -> ChargeQuerySet:
        return self.filter(status=Charge.Status.PAID)

    def void(self) -> ChargeQuerySet:
        return self.filter(status=Charge.Status.VOID)

    def live(self) -> ChargeQuerySet:
        """Charges that still count: pending or paid."""
        return self.exclude(status=Charge.Status.VOID)


class Charge(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        PAID = "paid", _("paid")
        VOID = "void", _("void")

    class DiscountSource(models.TextChoices):
        NONE = "", _("none")
        COUPON = "coupon", _("promo code")
        REWARD = "reward", _("loyalty reward")
        PERMANENT = "permanent", _("permanent discount")

    booking = models.ForeignKey(
        settings.LOYALTY_PROMOS_BOOKING_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_charges",
        verbose_name=_("booking"),
    )
    # PROTECT: a customer with billing history cannot be deleted (anonymise instead).
    customer = models.ForeignKey(
        settings.LOYALTY_PROMOS_CUSTOMER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="loyalty_promos_charges",
        verbose_name=_("customer"),
    )
    service = models.ForeignKey(
        settings.LOYALTY_PROMOS_SERVICE_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_charges",
        verbose_name=_("service"),
    )
    staff = models.ForeignKey(
        settings.LOYALTY_PROMOS_STAFF_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_promos_charges",
        verbose_name=_("staff member"),
    )

    # Snapshot of the booking when it was checked out.
    booking_ref = models.CharField(_("booking reference"), max_length=64, blank=True)
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    service_name = models.CharField(_("service name"), max_length=200, blank=True)
    staff_name = models.CharField(_("staff member name"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("appointment start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("appointment end"), null=True, blank=True)
    series_key = models.CharField(_("recurring series"), max_length=64, blank=True)
    currency = models.CharField(_("currency"), max_length=3)

    # One amount per step, in the order they are applied.
    list_price = money_field(_("list price"))
    price = money_field(_("price after pricing rules"))
    discount_source = models.CharField(
        _("discount source"), max_length=16, choices=DiscountSource.choices, blank=True
    )
    discount_code = models.CharField(_("promo code"), max_length=64, blank=True)
    discount_name = models.CharField(_("discount name"), max_length=200, blank=True)
    discount_amount = money_field(_("discount"))
    package_amount = money_field(_("paid by package"))
    gift_card_amount = money_field(_("paid by gift card"))
    credits_amount = money_field(_("paid with credits"))
    points_used = models.PositiveIntegerField(_("points used"), default=0)
    gift_card = models.ForeignKey(
        "loyalty_promos.GiftCard",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="charges",
        verbose_name=_("gift card"),
    )
    uses_credits = models.BooleanField(_("pay with credits"), default=False)
    customer_package = models.ForeignKey(
        "loyalty_promos.CustomerPackage",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="charges",
        verbose_name=_("package"),
    )
    amount_due = money_field(_("amount due"))

    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    method = models.ForeignKey(
        PaymentMethod,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
        verbose_name=_("payment method"),
    )
    #: The method's name when the charge was paid (kept when the method is renamed).
    payment_method = models.CharField(_("payment method name"), max_length=50, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    points_awarded_at = models.DateTimeField(_("points awarded at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ChargeQuerySet.as_manager()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("checkout_booking", _("Can check out appointments")),
            ("mark_paid", _("Can mark charges paid")),
            ("void_charge", _("Can void charges")),
            ("apply_code_to_charge", _("Can apply a promo code to a pending charge")),
            ("view_reports", _("Can view reports")),
            ("export_reports", _("Can export reports")),
        ]
        constraints = [
            # One live billing record per booking; voided charges keep their rows.
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(booking__isnull=False) & ~Q(status="void"),
                name="loyalty_promos_one_live_charge_per_booking",
            ),
            models.CheckConstraint(
                condition=Q(amount_due__gte=0),
                name="loyalty_promos_charge_amount_due_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(discount_amount__gte=0) & Q(discount_amount__lte=models.F("price")),
                name="loyalty_promos_charge_discount_within_price",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="lp_charge_status_created"),
            models.Index(fields=["created_at"], name="lp_charge_created"),
            # Every column the overview's sums per period read: summed from the index alone.
            models.Index(
                fields=["created_at", "status", "amount_due", "discount_amount", "credits_amount"],
                name="lp_charge_period_sums",
            ),
            models.Index(fields=["starts_at"], name="lp_charge_starts_at"),
            # The award job's claim: the paid charges not awarded yet, in key order, without
            # walking the ones already awarded (all of them but a day's, in a year).
            models.Index(
                fields=["id"],
                condition=Q(status="paid", points_awarded_at__isnull=True),
                name="lp_charge_points_due",
            ),
        ]

    def __str__(self) -> str:
        amount = format_money(self.amount_due, self.currency)  # 72,00 EUR in French
        return f"{self.customer_name} · {self.service_name} · {amount}"

    @property
    def method_label(self) -> str:
        """How it was paid, in the reader's language when the method still exists."""
        return self.method.display_name if self.method_id else self.payment_method


class ChargeLine(models.Model):
    """One step of the fixed order, explaining how the amount due was reached."""

    class Kind(models.TextChoices):
        LIST_PRICE = "list_price", _("list price")
        PRICING_RULE = "pricing_rule", _("pricing rule")
        COUPON = "coupon", _("promo code")
        REWARD = "reward", _("loyalty reward")
        PERMANENT = "permanent", _("permanent discount")
        PACKAGE = "package", _("package")
        GIFT_CARD = "gift_card", _("gift card")
        CREDITS = "credits", _("credits")
        AMOUNT_DUE = "amount_due", _("amount due")

    charge = models.ForeignKey(
        Charge, models.CASCADE, related_name="lines", verbose_name=_("charge")
    )
    position = models.PositiveSmallIntegerField(_("step"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = money_field(_("amount"))

    class Meta:
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        ordering = ["charge", "position"]

    def __str__(self) -> str:
        return f"{self.display_label}: {self.amount}"

    #: Steps whose label is always their kind: shown in the reader's language.
    GENERIC = frozenset({Kind.LIST_PRICE, Kind.CREDITS, Kind.AMOUNT_DUE})

    @property
    def display_label(self) -> str:
        return self.get_kind_display().capitalize() if self.kind in self.GENERIC else self.label
