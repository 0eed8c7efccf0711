"""Packages: assigning one, extending expiry."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.dayfields import DayEndDateTimeField, DayStartDateTimeField
from loyalty_promos.admin.widgets import customer_choice
from loyalty_promos.models import PackagePlan
from loyalty_promos.validators import MoneyFormField


class AssignPackageForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=PackagePlan.objects.none())
    price = MoneyFormField(
        label=_("Price paid"),
        required=False,
        min_value=Decimal("0"),
        help_text=_("Empty: the plan's price."),
    )
    starts = DayStartDateTimeField(label=_("Starts"), required=False, help_text=_("Empty: now."))
    expires = DayEndDateTimeField(
        label=_("Expires"), required=False, help_text=_("Empty: from the plan's validity.")
    )
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
