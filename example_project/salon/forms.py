"""The salon's booking form: its own fields, plus loyalty_promos's promo-code mixin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loyalty_promos import api
from loyalty_promos.conf import app_settings
from loyalty_promos.models import Reward
from loyalty_promos.portal.forms import PromoCodeField, PromoCodeFormMixin
from loyalty_promos.templatetags.loyalty_booking import price

from .models import Appointment, Service, Staff


class BookingForm(PromoCodeFormMixin, forms.ModelForm):
    """Service, staff member, date and time; a promo code; how to pay (the checkout options)."""

    promo_code = PromoCodeField()
    reward = forms.ModelChoiceField(
        label=_("Use my points"),
        queryset=Reward.objects.none(),
        required=False,
        empty_label=_("No reward"),
    )
    gift_card = forms.CharField(label=_("Gift card code"), max_length=40, required=False)
    use_credits = forms.BooleanField(label=_("Pay with my credits"), required=False)

    class Meta:
        model = Appointment
        fields = ["service", "staff", "start"]
        widgets = {
            "start": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }
        labels = {"start": _("Date and time")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(is_active=True)
        self.fields["staff"].queryset = Staff.objects.filter(is_active=True)
        self.fields["staff"].empty_label = _("Anyone")
        self.fields["start"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        customer = self.promo_customer
        points = api.points_balance(customer) if customer is not None else 0
        rewards = Reward.objects.at_checkout().affordable(points)
        if points and rewards.exists():
            self.fields["reward"].queryset = rewards
            self.fields["reward"].help_text = ngettext(
                "You have %(points)d point.", "You have %(points)d points.", points
            ) % {"points": points}
        else:  # nothing to buy with points: no empty choice to puzzle over
            del self.fields["reward"]
        if customer is not None:
            self.fields["use_credits"].help_text = _("Balance: %(credit)s") % {
                "credit": price(api.credit_balance(customer), app_settings.CURRENCY)
            }

    def clean(self):
        data = super().clean()
        if data.get("promo_code") and data.get("reward"):
            self.add_error("reward", _("Use a promo code or your points, not both."))
        return data

    def get_checkout_options(self):
        data = self.cleaned_data
        return {
            **super().get_checkout_options(),
            "reward": data.get("reward"),
            "gift_card": data.get("gift_card") or None,
            "use_credits": bool(data.get("use_credits")),
        }
