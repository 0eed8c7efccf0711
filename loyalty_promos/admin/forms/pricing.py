"""Pricing rules."""

from __future__ import annotations

from django import forms

from loyalty_promos.admin.forms.common import WeekdaysField
from loyalty_promos.models import PricingRule


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
