"""FilterSets: one per report, driving both the page and its export."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty_promos.integration import get_service_model, get_staff_model
from loyalty_promos.models import (
    Charge,
    CodeBatch,
    Coupon,
    EarningRule,
    PackagePlan,
    PointsEntry,
)


def date_range(field):
    return (
        django_filters.DateFilter(
            field_name=field, lookup_expr="date__gte", label=_("From"), widget=AdminDateWidget
        ),
        django_filters.DateFilter(
            field_name=field, lookup_expr="date__lte", label=_("Until"), widget=AdminDateWidget
        ),
    )


class BillingFilter(django_filters.FilterSet):
    TYPES = [
        ("coupon", _("promo code")),
        ("permanent", _("permanent discount")),
        ("reward", _("loyalty reward")),
        ("package", _("package")),
        ("gift_card", _("gift card")),
        ("credits", _("credits")),
        ("points", _("points")),
    ]

    date_from, date_until = date_range("created_at")
    coupons = django_filters.ModelMultipleChoiceFilter(
        field_name="redemptions__coupon",
        queryset=Coupon.objects.order_by("name"),
        label=_("Promo codes"),
        distinct=True,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    type = django_filters.ChoiceFilter(
        choices=TYPES, method="filter_type", label=_("Paid or reduced by")
    )
    service = django_filters.ModelChoiceFilter(queryset=None, label=_("Service"))
    staff = django_filters.ModelChoiceFilter(queryset=None, label=_("Staff member"))
    status = django_filters.ChoiceFilter(choices=Charge.Status.choices, label=_("Status"))

    class Meta:
        model = Charge
        fields = ["date_from", "date_until", "coupons", "type", "service", "staff", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["service"].queryset = get_service_model()._default_manager.all()
        self.filters["staff"].queryset = get_staff_model()._default_manager.all()

    def filter_type(self, queryset, name, value):
        conditions = {
            "coupon": Q(discount_source="coupon"),
            "permanent": Q(discount_source="permanent"),
            "reward": Q(discount_source="reward"),
            "package": Q(package_amount__gt=0),
            "gift_card": Q(gift_card_amount__gt=0),
            "credits": Q(credits_amount__gt=0),
            "points": Q(points_used__gt=0),
        }
        return queryset.filter(conditions[value])


class PointsFilter(django_filters.FilterSet):
    date_from, date_until = date_range("created_at")
    customer = django_filters.ModelChoiceFilter(queryset=None, label=_("Customer"))
    kind = django_filters.ChoiceFilter(choices=PointsEntry.Kind.choices, label=_("Kind"))
    rule = django_filters.ModelChoiceFilter(queryset=EarningRule.objects.all(), label=_("Rule"))

    class Meta:
        model = PointsEntry
        fields = ["date_from", "date_until", "customer", "kind", "rule"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        customer_model = PointsEntry._meta.get_field("customer").related_model
        self.filters["customer"].queryset = customer_model._default_manager.all()


class CouponUsageFilter(django_filters.FilterSet):
    # The dates limit which uses are counted (see CouponUsageReport.rows).
    date_from = django_filters.DateFilter(
        method="keep", label=_("Used from"), widget=AdminDateWidget
    )
    date_until = django_filters.DateFilter(
        method="keep", label=_("Used until"), widget=AdminDateWidget
    )
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Coupon
        fields = ["date_from", "date_until", "name", "is_active"]

    def keep(self, queryset, name, value):
        return queryset


class BatchUsageFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        method="keep", label=_("Used from"), widget=AdminDateWidget
    )
    date_until = django_filters.DateFilter(
        method="keep", label=_("Used until"), widget=AdminDateWidget
    )
    coupon = django_filters.ModelChoiceFilter(
        queryset=Coupon.objects.order_by("name"), label=_("Promo code")
    )

    class Meta:
        model = CodeBatch
        fields = ["date_from", "date_until", "coupon"]

    def keep(self, queryset, name, value):
        return queryset


class PackagePlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PackagePlan.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("On sale"))

    class Meta:
        model = PackagePlan
        fields = ["kind", "is_active"]


def balances_filter(customer_model) -> type:
    """A FilterSet over the host's customer model (built once the model is known)."""
    return type(
        "BalancesFilter",
        (django_filters.FilterSet,),
        {"Meta": type("Meta", (), {"model": customer_model, "fields": []})},
    )
