"""Billing: checking out at the desk, applying a code, marking charges paid."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.forms.loyalty import RewardChoiceField
from loyalty_promos.formats import format_points
from loyalty_promos.models import Reward
from loyalty_promos.services.money import format_money


class MarkPaidForm(forms.Form):
    method = forms.CharField(
        label=_("Payment method"),
        max_length=50,
        help_text=_("For example: card, cash, bank transfer."),
    )


class ApplyCodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=80)


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
            "Spends the customer's points (%(points)s available). Not combined with a promo code."
        ) % {"points": format_points(points)}
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
