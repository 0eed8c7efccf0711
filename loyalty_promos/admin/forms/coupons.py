"""Promo codes: the rule with its one code, generating, pasting, testing and sharing codes."""

from __future__ import annotations

from django import forms
from django.contrib.admin import widgets
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loyalty_promos.admin.forms.common import WeekdaysField
from loyalty_promos.admin.forms.guard import ImpactFormMixin, chosen
from loyalty_promos.admin.pickers import BookingPicker, booking_field, day_field
from loyalty_promos.admin.widgets import customer_choice
from loyalty_promos.integration import get_service_model, get_staff_model
from loyalty_promos.models import CodeBatch, Coupon
from loyalty_promos.models.coupons import CODE_HELP_TEXT, display_code, validate_code
from loyalty_promos.services import codes as code_service
from loyalty_promos.services import impact, sharing


class CouponForm(ImpactFormMixin, forms.ModelForm):
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

    def compute_impact(self, candidate, data):
        return impact.coupon_impact(
            candidate, services=chosen(data, "services"), staff=chosen(data, "staff")
        )

    def clean_code(self):
        value = display_code(self.cleaned_data.get("code", ""))
        if value:
            validate_code(value)
            if self.data.get("is_active", self.initial.get("is_active")) in (True, "on", "1"):
                code_service.ensure_code_is_free(value, exclude=self.single_code)
        return value


class GenerateCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=code_service.MAX_GENERATED
    )
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
    """Try a code on a customer's appointment (customer + day → appointment), or on a
    customer, service, staff member and time (admin/pickers.py)."""

    code = forms.CharField(label=_("Code"), max_length=80)
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None, required=False)
    day = day_field(help_text=_("The day of an appointment already booked."))
    booking = booking_field(
        label=_("Existing booking"),
        help_text=_(
            "The customer's appointments that day. Or leave the day empty and describe "
            "the appointment below."
        ),
    )
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
        self.picker = BookingPicker(self, admin_site)
        self.fields["service"].queryset = get_service_model()._default_manager.all()
        self.fields["staff"].queryset = get_staff_model()._default_manager.all()

    def clean(self):
        data = super().clean()
        by_day = bool(data.get("day")) or "day" in self.errors  # the picker answers for it
        self.picker.clean(data)
        if not data.get("booking") and not by_day:
            missing = [
                name
                for name in ("customer", "service", "start")
                if not data.get(name) and name not in self.errors
            ]
            for name in missing:
                self.add_error(name, _("Choose a booking, or fill this in."))
        return data


class BatchChoiceField(forms.ModelChoiceField):
    """A batch with how many of its codes are still free to give."""

    def label_from_instance(self, obj):
        count = getattr(obj, "unused_codes", 0)
        return ngettext(
            "“%(batch)s”: a code of their own for each (%(count)d unused code left)",
            "“%(batch)s”: a code of their own for each (%(count)d unused codes left)",
            count,
        ) % {"batch": obj, "count": count}


class ShareCodeForm(forms.Form):
    coupon = forms.ModelChoiceField(
        label=_("Promo code"),
        queryset=Coupon.objects.none(),
        required=False,
        help_text=_("Active promo codes that have an active code."),
    )
    batch = BatchChoiceField(
        label=_("Codes to send"),
        queryset=CodeBatch.objects.none(),
        required=False,
        help_text=_(
            "From a batch, each customer gets a code of their own, never used or sent before; "
            "a customer who already had one from that batch is not sent another."
        ),
    )
    customers = forms.ModelMultipleChoiceField(label=_("Customers"), queryset=None)
    subject = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"size": 70})
    )
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 70}),
        help_text=_(
            "You can use {{ customer_name }}, {{ code }}, {{ discount }}, {{ valid_until }}, "
            "{{ promo_name }} and {{ conditions }} (the offer's rules in plain words). Left as "
            "it is, the message goes out in each customer's language; once changed, as written."
        ),
    )
    send_sms = forms.BooleanField(
        label=_("Also send a text message to customers with a phone number"), required=False
    )

    def __init__(
        self,
        *args,
        admin_site,
        sms_available: bool,
        choose_coupon=False,
        coupon=None,
        single_code=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        batches = CodeBatch.objects.select_related("coupon").order_by("coupon__name", "-pk")
        if choose_coupon:
            self.fields["coupon"].queryset = (
                Coupon.objects.active().filter(codes__is_active=True).distinct().order_by("name")
            )
            self.fields["batch"].queryset = sharing.with_unused_codes(
                batches.filter(coupon__in=self.fields["coupon"].queryset)
            )
            self.fields["batch"].empty_label = _("— the same code for everyone —")
        else:
            del self.fields["coupon"]
            self.fields["batch"].queryset = sharing.with_unused_codes(batches.filter(coupon=coupon))
            if single_code is None:
                self.fields["batch"].required = True
                self.fields["batch"].empty_label = None
            else:
                self.fields["batch"].empty_label = _("The same code for everyone: %(code)s") % {
                    "code": single_code.code
                }
        customer_choice(self.fields["customers"], admin_site, multiple=True)
        if not sms_available:
            del self.fields["send_sms"]

    def clean_body(self):
        body = sharing.validate_template(self.cleaned_data["body"], label=self.fields["body"].label)
        return None if same_text(body, sharing.DEFAULT_BODY) else body

    def clean_subject(self):
        subject = sharing.validate_template(
            self.cleaned_data["subject"], label=self.fields["subject"].label
        )
        return None if same_text(subject, sharing.DEFAULT_SUBJECT) else subject

    def clean(self):
        data = super().clean()
        coupon, batch = data.get("coupon"), data.get("batch")
        if "coupon" in self.fields and coupon is None and batch is None:
            self.add_error("coupon", _("Choose a promo code, or a batch of codes."))
        elif coupon is not None and batch is not None and batch.coupon_id != coupon.pk:
            self.add_error("batch", _("This batch belongs to another promo code."))
        return data


def same_text(text: str, default) -> bool:
    """True when staff left the app's own message as it was offered (line ends aside)."""
    return text.replace("\r\n", "\n").strip() == str(default).replace("\r\n", "\n").strip()
