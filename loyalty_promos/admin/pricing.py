"""Admin for pricing rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.forms import WEEKDAYS, PricingRuleForm
from loyalty_promos.admin.mixins import HistoryAdmin, HostAutocompleteMixin, LabelledDatesMixin
from loyalty_promos.admin.summaries import ImpactGuardMixin, RuleSummaryMixin

DAY_NAMES = dict(WEEKDAYS)


class PricingRuleAdmin(
    ImpactGuardMixin, RuleSummaryMixin, LabelledDatesMixin, HostAutocompleteMixin, HistoryAdmin
):
    form = PricingRuleForm
    list_display = [
        "name",
        "summary",
        "priority",
        "is_active",
    ]
    summary_prefetch = ("services", "staff")
    list_editable = ["priority", "is_active"]
    list_filter = [
        "is_active",
        "kind",
        "stacking",
        ("services", admin.RelatedOnlyFieldListFilter),
        ("staff", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name"]
    host_autocomplete_fields = ("services", "staff")
    fieldsets = [
        (None, {"fields": ["name", "is_active", "priority"]}),
        (_("Price"), {"fields": ["kind", "value", "per_hour", "stacking"]}),
        (
            _("When it applies"),
            {
                "fields": [
                    "services",
                    "staff",
                    "weekdays",
                    ("time_from", "time_until"),
                    ("date_from", "date_until"),
                ],
                "description": _(
                    "Empty fields put no restriction. When several active rules applying "
                    "alone match a booking, only the one with the highest priority "
                    "applies; then every matching rule on top, highest priority first."
                ),
            },
        ),
    ]

    @admin.display(description=_("change"))
    def change_display(self, rule):
        return rule.change_display

    @admin.display(description=_("days"))
    def days_display(self, rule):
        return ", ".join(str(DAY_NAMES[d]) for d in rule.weekdays) or _("every day")
