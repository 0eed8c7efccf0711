"""Billing: checking out at the desk, applying a code, marking charges paid."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.forms.loyalty import RewardChoiceField
from loyalty_promos.formats import format_points
from loyalty_promos.models import Reward
from loyalty_promos.services import payment_methods
from loyalty_promos.services.money import format_money


class PaymentMethodField(forms.ChoiceField):
    """The active payment methods as radio buttons (one click), posted by their code.

    The form (:class:`PaymentMethodMixin`) fills the choices when it is built, in
    one query; ``empty_label`` adds a first choice meaning "no method".
    """

    widget = forms.RadioSelect

    def __init__(self, *, empty_label=None, **kwargs):
        kwargs.setdefault("label", _("Payment method"))
        self.empty_label = empty_label
        super().__init__(choices=(), **kwargs)


class PaymentMethodMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["method"]
        # Card and cash come back here should the table be empty (payment_methods).
        choices = [(m.code, m.display_name) for m in payment_methods.active_methods()]
        field.choices = [("", field.empty_label), *choices] if field.empty_label else choices

    def method_code(self) -> str:
        """The chosen method's code for ``checkout.pay``; empty when none was chosen."""
        return self.cleaned_data.get("method") or ""


class MarkPaidForm(PaymentMethodMixin, forms.Form):
    method = PaymentMethodField()


class ApplyCodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=80)


class CheckoutForm(PaymentMethodMixin, forms.Form):
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
    method = PaymentMethodField(
        required=False,
        empty_label=_("Not paid yet"),
        help_text=_(
            "A method marks the rest paid at once; “Not paid yet” leaves the charge pending."
        ),
    )

    def __init__(self, *args, points: int, credit: Decimal, can_pay: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_pay:  # checking out does not let a user mark paid without that permission
            del self.fields["method"]
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
