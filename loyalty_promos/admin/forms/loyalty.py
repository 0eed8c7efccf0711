"""Loyalty: points by hand, rewards, gift cards."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loyalty_promos.admin.widgets import customer_choice
from loyalty_promos.formats import format_points
from loyalty_promos.models import GiftCard, Reward, normalize_code
from loyalty_promos.models.coupons import CODE_HELP_TEXT, validate_code


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
        cost = reward.points_cost
        return ngettext("%(reward)s — %(points)s point", "%(reward)s — %(points)s points", cost) % {
            "reward": reward.name,
            "points": format_points(cost),
        }


class RedeemRewardForm(forms.Form):
    reward = RewardChoiceField(label=_("Reward"), queryset=Reward.objects.none())

    def __init__(self, *args, points: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reward"].queryset = Reward.objects.affordable(points)
        self.fields["reward"].help_text = ngettext(
            "Rewards the customer can afford with %(points)s point.",
            "Rewards the customer can afford with %(points)s points.",
            points,
        ) % {"points": format_points(points)}
