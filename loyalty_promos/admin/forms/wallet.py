"""Customer credit: by hand and credit packs."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.forms.guard import ImpactFormMixin
from loyalty_promos.admin.widgets import customer_choice
from loyalty_promos.models import CreditPack, CustomerDiscount
from loyalty_promos.services import impact
from loyalty_promos.validators import MoneyFormField


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


class CustomerDiscountForm(ImpactFormMixin, forms.ModelForm):
    """A customer's permanent discount, with what it takes off their upcoming appointments."""

    class Meta:
        model = CustomerDiscount
        fields = ["customer", "percent", "is_active", "note"]

    def compute_impact(self, candidate, data):
        if not candidate.is_active or candidate.customer_id is None:
            return impact.Impact()
        return impact.permanent_discount_impact(candidate.customer, candidate.percent)
