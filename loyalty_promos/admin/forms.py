"""Forms of the admin's own pages and of the promo-code form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.admin import widgets
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.sites import registered_admin
from loyalty_promos.integration import get_service_model, get_staff_model
from loyalty_promos.models import (
    Coupon,
    CreditPack,
    CustomerDiscount,
    GiftCard,
    PackagePlan,
    PricingRule,
    Redemption,
    Reward,
    normalize_code,
)
from loyalty_promos.models.coupons import CODE_HELP_TEXT, display_code, validate_code
from loyalty_promos.services import codes as code_service
from loyalty_promos.services import sharing
from loyalty_promos.services.money import format_money
from loyalty_promos.validators import MoneyFormField

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def label_date_parts(field: forms.Field) -> None:
    """Name the date and the time inputs of a split date-time field for screen readers.

    Django's admin widget shows "Date:" and "Time:" as plain text and, since
    Django 4.0, ties the field's label to neither input.
    """
    widget = field.widget
    if isinstance(widget, widgets.AdminSplitDateTime):
        date, time = widget.widgets
        date.attrs["aria-label"] = _("%(field)s: date") % {"field": field.label}
        time.attrs["aria-label"] = _("%(field)s: time") % {"field": field.label}


class WeekdaysField(forms.TypedMultipleChoiceField):
    """Weekday check boxes stored as a sorted list of ints (Monday = 0)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Weekdays"))
        kwargs.setdefault("help_text", _("Days of the appointment. None ticked: every day."))
        super().__init__(
            choices=WEEKDAYS,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )

    def clean(self, value):
        return sorted(set(super().clean(value)))


class CouponForm(forms.ModelForm):
    """The promo code (rule) with, for a promo code made by hand, its one code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=80,
        required=False,
        help_text=format_lazy(
            "{} {}",
            CODE_HELP_TEXT,
            _("Leave empty to add codes later by generating, pasting or importing them."),
        ),
    )
    weekdays = WeekdaysField()

    class Meta:
        model = Coupon
        fields = [
            "name",
            "description",
            "is_active",
            "discount_type",
            "discount_value",
            "valid_from",
            "valid_until",
            "appointment_from",
            "appointment_until",
            "time_from",
            "time_until",
            "weekdays",
            "max_uses",
            "max_uses_per_customer",
            "series_mode",
            "services",
            "staff",
            "first_booking_only",
            "staff_only",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.single_code = None
        if self.instance.pk:
            codes = list(self.instance.codes.order_by("pk")[:2])
            if len(codes) == 1:
                self.single_code = codes[0]
                self.initial["code"] = codes[0].code
            elif codes:
                # A batch: its codes are managed on their own page.
                del self.fields["code"]

    def clean_code(self):
        value = display_code(self.cleaned_data.get("code", ""))
        if value:
            validate_code(value)
            if self.data.get("is_active", self.initial.get("is_active")) in (True, "on", "1"):
                code_service.ensure_code_is_free(value, exclude=self.single_code)
        return value


class PricingRuleForm(forms.ModelForm):
    weekdays = WeekdaysField()

    class Meta:
        model = PricingRule
        fields = [
            "name",
            "is_active",
            "priority",
            "kind",
            "value",
            "per_hour",
            "stacking",
            "services",
            "staff",
            "weekdays",
            "time_from",
            "time_until",
            "date_from",
            "date_until",
        ]


class GenerateCodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=100_000)
    length = forms.IntegerField(
        label=_("Length"),
        min_value=code_service.MIN_LENGTH,
        max_value=code_service.MAX_LENGTH,
        initial=10,
        help_text=_("Characters per code, prefix included."),
    )
    prefix = forms.CharField(
        label=_("Prefix"),
        max_length=20,
        required=False,
        help_text=_("Optional start of every code, e.g. NOEL: letters A to Z and digits 0 to 9."),
    )
    max_uses = forms.IntegerField(
        label=_("Uses of each code"),
        min_value=1,
        initial=1,
        required=False,
        help_text=_("Blank: unlimited (the promo code's own limits still apply)."),
    )
    label = forms.CharField(label=_("Batch label"), max_length=200, required=False)


class PasteCodesForm(forms.Form):
    codes = forms.CharField(
        label=_("Codes"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 40, "spellcheck": "false"}),
        help_text=format_lazy(
            "{} {}", _("One code per line, e.g. a column copied from Excel."), CODE_HELP_TEXT
        ),
    )
    max_uses = GenerateCodesForm.base_fields["max_uses"]
    label = GenerateCodesForm.base_fields["label"]


class TestCodeForm(forms.Form):
    """Try a code on an existing booking, or on a customer, service, staff member and time."""

    code = forms.CharField(label=_("Code"), max_length=80)
    booking = forms.ModelChoiceField(
        label=_("Existing booking"),
        queryset=None,
        required=False,
        help_text=_("Or leave empty and describe the appointment below."),
    )
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None, required=False)
    service = forms.ModelChoiceField(label=_("Service"), queryset=None, required=False)
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    start = forms.SplitDateTimeField(
        label=_("Appointment date and time"),
        required=False,
        widget=widgets.AdminSplitDateTime,
    )
    as_staff = forms.BooleanField(
        label=_("Applied by staff in the back office"), required=False, initial=True
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        booking = Redemption._meta.get_field("booking")
        self.fields["booking"].queryset = booking.related_model._default_manager.all()
        self.fields["booking"].widget = widgets.ForeignKeyRawIdWidget(
            booking.remote_field, admin_site
        )
        customer_choice(self.fields["customer"], admin_site)
        self.fields["service"].queryset = get_service_model()._default_manager.all()
        self.fields["staff"].queryset = get_staff_model()._default_manager.all()

    def clean(self):
        data = super().clean()
        if not data.get("booking"):
            missing = [
                name
                for name in ("customer", "service", "start")
                if not data.get(name) and name not in self.errors
            ]
            for name in missing:
                self.add_error(name, _("Choose a booking, or fill this in."))
        return data


def use_widget(form_field, widget) -> None:
    """Give a choice field another widget after construction (choices included)."""
    widget.choices = form_field.choices
    form_field.widget = widget


def customer_choice(form_field, admin_site, *, multiple=False) -> None:
    """A choice among all the host's customers, by search when the host's admin allows it."""
    field = CustomerDiscount._meta.get_field("customer")
    form_field.queryset = field.related_model._default_manager.all()
    use_widget(form_field, related_widget(field, admin_site, multiple=multiple))


def related_widget(field, admin_site, *, multiple=False):
    """Autocomplete when the host's admin for the target allows it, else a plain widget."""
    target_admin = registered_admin(admin_site, field.related_model)
    if target_admin is not None and target_admin.search_fields:
        widget = widgets.AutocompleteSelectMultiple if multiple else widgets.AutocompleteSelect
        return widget(field, admin_site)
    if multiple:
        return widgets.FilteredSelectMultiple(field.related_model._meta.verbose_name_plural, False)
    return widgets.ForeignKeyRawIdWidget(field.remote_field, admin_site)


class ShareCodeForm(forms.Form):
    coupon = forms.ModelChoiceField(
        label=_("Promo code"),
        queryset=Coupon.objects.none(),
        help_text=_("Active promo codes that have an active code."),
    )
    customers = forms.ModelMultipleChoiceField(label=_("Customers"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 70}),
        help_text=_(
            "You can use {{ customer_name }}, {{ code }}, {{ discount }}, {{ valid_until }} "
            "and {{ promo_name }}."
        ),
    )
    send_sms = forms.BooleanField(
        label=_("Also send a text message to customers with a phone number"), required=False
    )

    def __init__(self, *args, admin_site, sms_available: bool, choose_coupon=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_coupon:
            self.fields["coupon"].queryset = (
                Coupon.objects.active().filter(codes__is_active=True).distinct().order_by("name")
            )
        else:
            del self.fields["coupon"]
        customer_choice(self.fields["customers"], admin_site, multiple=True)
        if not sms_available:
            del self.fields["send_sms"]

    def clean_body(self):
        return sharing.validate_template(self.cleaned_data["body"], label=self.fields["body"].label)

    def clean_subject(self):
        return sharing.validate_template(
            self.cleaned_data["subject"], label=self.fields["subject"].label
        )


class MarkPaidForm(forms.Form):
    method = forms.CharField(
        label=_("Payment method"),
        max_length=50,
        help_text=_("For example: card, cash, bank transfer."),
    )


class ApplyCodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=80)


class CreditForm(forms.Form):
    """Add credit, a one-off discount or a refund to customers, with a reason."""

    KINDS = [
        ("topup", _("Top-up (paid by the customer)")),
        ("discount", _("One-off discount (given)")),
        ("refund", _("Refund")),
        ("reversal", _("Correction: take credit back")),
    ]
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    amount = MoneyFormField(label=_("Amount"), min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Reason"), max_length=255)


class CustomerCreditForm(CreditForm):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    field_order = ["customer", "kind", "amount", "reason"]

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        customer_choice(self.fields["customer"], admin_site)


class SellCreditPackForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    pack = forms.ModelChoiceField(label=_("Credit pack"), queryset=CreditPack.objects.none())

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        customer_choice(self.fields["customer"], admin_site)
        self.fields["pack"].queryset = CreditPack.objects.filter(is_active=True)


class GiftCardForm(forms.ModelForm):
    """Issue a gift card: the value becomes its balance."""

    class Meta:
        model = GiftCard
        fields = ["code", "initial_value", "owner", "expires_at", "note"]
        help_texts = {
            "code": format_lazy("{} {}", _("Leave empty to draw a random code."), CODE_HELP_TEXT)
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "code" in self.fields:  # read-only (absent) on an issued card's change page
            self.fields["code"].required = False

    def clean_code(self):
        value = self.cleaned_data.get("code", "")
        if normalize_code(value):
            validate_code(value)  # the rules of every code
        code = normalize_code(value)
        if code and GiftCard.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A gift card with this code already exists."))
        return code

    def clean_initial_value(self):
        value = self.cleaned_data["initial_value"]
        if value is None or value <= 0:
            raise forms.ValidationError(_("A gift card must be worth more than zero."))
        return value


class AssignPackageForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=PackagePlan.objects.none())
    price = MoneyFormField(
        label=_("Price paid"),
        required=False,
        min_value=Decimal("0"),
        help_text=_("Empty: the plan's price."),
    )
    starts = forms.SplitDateTimeField(
        label=_("Starts"), required=False, widget=widgets.AdminSplitDateTime,
        help_text=_("Empty: now."),
    )  # fmt: skip
    expires = forms.SplitDateTimeField(
        label=_("Expires"), required=False, widget=widgets.AdminSplitDateTime,
        help_text=_("Empty: from the plan's validity."),
    )  # fmt: skip
    include_existing = forms.BooleanField(
        label=_("Also cover appointments already booked"),
        required=False,
        help_text=_("You will see what each booked appointment would cost before confirming."),
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        customer_choice(self.fields["customer"], admin_site)
        self.fields["plan"].queryset = PackagePlan.objects.filter(is_active=True)


class ExtendExpiryForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1, max_value=3650)


class PointsForm(forms.Form):
    points = forms.IntegerField(
        label=_("Points"), help_text=_("Positive to add, negative to remove (e.g. -20).")
    )
    description = forms.CharField(
        label=_("Description"), max_length=255, help_text=_("The customer sees it.")
    )

    def clean_points(self):
        if self.cleaned_data["points"] == 0:
            raise forms.ValidationError(_("Enter a number of points other than zero."))
        return self.cleaned_data["points"]


class CustomerPointsForm(PointsForm):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    field_order = ["customer", "points", "description"]

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        customer_choice(self.fields["customer"], admin_site)


class RewardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, reward):
        return _("%(reward)s — %(points)d points") % {
            "reward": reward.name,
            "points": reward.points_cost,
        }


class CheckoutForm(forms.Form):
    """What pays an appointment at the desk: a code or a reward, a gift card, credits."""

    code = forms.CharField(label=_("Promo code"), max_length=80, required=False)
    reward = RewardChoiceField(
        label=_("Loyalty reward"),
        queryset=Reward.objects.none(),
        required=False,
        empty_label=_("No reward"),
        help_text=_("Spends the customer's points. Not combined with a promo code."),
    )
    gift_card = forms.CharField(label=_("Gift card code"), max_length=40, required=False)
    use_credits = forms.BooleanField(label=_("Pay with the customer's credits"), required=False)
    method = forms.CharField(
        label=_("Payment method"),
        max_length=50,
        required=False,
        help_text=_(
            "For example: card, cash. Filled in, the rest is marked paid at once; "
            "left empty, the charge stays pending."
        ),
    )

    def __init__(self, *args, points: int, credit: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reward"].queryset = Reward.objects.at_checkout().affordable(points)
        self.fields["reward"].help_text = _(
            "Spends the customer's points (%(points)d available). Not combined with a promo code."
        ) % {"points": points}
        self.fields["use_credits"].help_text = _("Balance: %(credit)s") % {
            "credit": format_money(credit)
        }

    def clean(self):
        data = super().clean()
        if data.get("code") and data.get("reward"):
            raise forms.ValidationError(_("Use a promo code or a reward, not both."))
        return data

    def options(self) -> dict:
        """Keyword arguments for ``quote`` and ``checkout``."""
        data = self.cleaned_data
        return {
            "code": data["code"] or None,
            "reward": data["reward"],
            "gift_card": data["gift_card"] or None,
            "use_credits": data["use_credits"],
        }


class RedeemRewardForm(forms.Form):
    reward = RewardChoiceField(label=_("Reward"), queryset=Reward.objects.none())

    def __init__(self, *args, points: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reward"].queryset = Reward.objects.affordable(points)
        self.fields["reward"].help_text = _(
            "Rewards the customer can afford with %(points)d points."
        ) % {"points": points}
