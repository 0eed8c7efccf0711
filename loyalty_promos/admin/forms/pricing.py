"""Pricing rules."""

from __future__ import annotations

from django import forms

from loyalty_promos.admin.forms.common import WeekdaysField
from loyalty_promos.admin.forms.guard import ImpactFormMixin, chosen
from loyalty_promos.models import PricingRule
from loyalty_promos.services import impact


class PricingRuleForm(ImpactFormMixin, forms.ModelForm):
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

    def compute_impact(self, candidate, data):
        return impact.pricing_rule_impact(
            candidate, services=chosen(data, "services"), staff=chosen(data, "staff")
        )
