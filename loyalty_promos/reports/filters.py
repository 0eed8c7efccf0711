"""FilterSets: one per report, driving both the page and its export.

A report's rows are its FilterSet's ``qs``: the filters narrow the rows, and
``rows()`` adds what the report lists about each (uses, totals, balances),
bound or not. Filters that bound what is *counted* rather than which rows are
listed (the usage reports' dates) are applied by ``rows()``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.integration import (
    get_adapter,
    get_booking_model,
    get_service_model,
    get_staff_model,
)
from loyalty_promos.models import (
    Charge,
    CodeBatch,
    Coupon,
    CreditBalance,
    CustomerPackage,
    EarningRule,
    GiftCard,
    PackagePlan,
    PackageUsage,
    PaymentMethod,
    PointsBalance,
    PointsEntry,
)
from loyalty_promos.models.base import MONEY_TOTAL, subquery_total


def date_range(field, from_label=None, until_label=None):
    from_label = _("From") if from_label is None else from_label
    until_label = _("Until") if until_label is None else until_label
    return (
        django_filters.DateFilter(
            field_name=field, lookup_expr="date__gte", label=from_label, widget=AdminDateWidget
        ),
        django_filters.DateFilter(
            field_name=field, lookup_expr="date__lte", label=until_label, widget=AdminDateWidget
        ),
    )


class ReportFilterSet(django_filters.FilterSet):
    """A report's FilterSet: ``qs`` is the filtered rows with what the report lists."""

    def rows(self, queryset):
        """What the report lists about each row (annotations); the queryset unchanged here."""
        return queryset

    def filter_queryset(self, queryset):
        return self.rows(super().filter_queryset(queryset))

    @property
    def qs(self):
        if not self.is_bound and not hasattr(self, "_qs"):
            self._qs = self.rows(self.queryset.all())  # unbound: every row, annotated
        return super().qs


class BillingFilter(ReportFilterSet):
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
    method = django_filters.ModelChoiceFilter(
        queryset=PaymentMethod.objects.all(), label=_("Payment method")
    )

    class Meta:
        model = Charge
        fields = [
            "date_from",
            "date_until",
            "coupons",
            "type",
            "service",
            "staff",
            "status",
            "method",
        ]

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


class PointsFilter(ReportFilterSet):
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


def earlier_booking(uses: str) -> Exists:
    """Whether the customer of a use (``uses`` = the path to redemptions) had a booking
    before the one the code was used for: a use without one brought a new customer.

    Read here, when the report runs, rather than at checkout (``redeem`` reads the
    host's bookings only for a code valid for first bookings). It follows the
    adapter's ``customer_lookup`` and ``start_lookup`` and leaves out the bookings
    its ``status_field`` says are cancelled.
    """
    adapter = get_adapter()
    earlier = get_booking_model()._default_manager.filter(
        **{
            adapter.customer_lookup: OuterRef(f"{uses}__customer"),
            f"{adapter.start_lookup}__lt": OuterRef(f"{uses}__booking__{adapter.start_lookup}"),
        }
    )
    status = getattr(adapter, "status_field", None)
    if status and adapter.cancelled_statuses and _has_field(earlier.model, status):
        earlier = earlier.exclude(**{f"{status}__in": adapter.cancelled_statuses})
    return Exists(earlier.exclude(pk=OuterRef(f"{uses}__booking")))


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class UsageFilter(ReportFilterSet):
    """Uses of promo codes per row: the dates bound which uses are counted, not the rows."""

    #: The path from a row to its uses (redemptions).
    uses_path = "redemptions"
    #: Filters on the uses (their ``field_name`` is relative to a use), not on the rows.
    use_filters = ("date_from", "date_until")

    date_from, date_until = date_range("created_at", _("Used from"), _("Used until"))

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name not in self.use_filters:
                queryset = self.filters[name].filter(queryset, value)
        return self.rows(queryset)

    def counted(self) -> Q:
        """The uses counted: live ones, between the dates when they are given."""
        r = self.uses_path
        live = Q(**{f"{r}__voided_at__isnull": True})
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        for name in self.use_filters:
            if data.get(name):
                f = self.filters[name]
                live &= Q(**{f"{r}__{f.field_name}__{f.lookup_expr}": data[name]})
        return live

    def rows(self, queryset):
        r, live = self.uses_path, self.counted()
        return queryset.annotate(
            uses=Count(f"{r}__use_key", filter=live, distinct=True),
            customers=Count(f"{r}__customer", filter=live, distinct=True),
            new_customers=Count(f"{r}__customer", filter=live & ~earlier_booking(r), distinct=True),
            discount_given=Coalesce(
                Sum(f"{r}__amount", filter=live), Value(Decimal(0)), output_field=MONEY_TOTAL
            ),
            revenue=Coalesce(
                Sum(
                    f"{r}__charge__amount_due",
                    filter=live & ~Q(**{f"{r}__charge__status": "void"}),
                ),
                Value(Decimal(0)),
                output_field=MONEY_TOTAL,
            ),
        )


class CouponUsageFilter(UsageFilter):
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Coupon
        fields = ["date_from", "date_until", "name", "is_active"]


class BatchUsageFilter(UsageFilter):
    """The same figures per batch of codes (flyers, partners, imports)."""

    uses_path = "codes__redemptions"

    coupon = django_filters.ModelChoiceFilter(
        queryset=Coupon.objects.order_by("name"), label=_("Promo code")
    )

    class Meta:
        model = CodeBatch
        fields = ["date_from", "date_until", "coupon"]


class PackagePlanFilter(ReportFilterSet):
    kind = django_filters.ChoiceFilter(choices=PackagePlan.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("On sale"))

    class Meta:
        model = PackagePlan
        fields = ["kind", "is_active"]

    def rows(self, queryset):
        """Sold, revenue, active, used and left per plan, each one subquery."""
        now = timezone.now()
        held = CustomerPackage.objects.filter(plan=OuterRef("pk"))
        active = held.filter(Q(expires_at__isnull=True) | Q(expires_at__gte=now), is_active=True)
        used = PackageUsage.objects.exclude(kind=PackageUsage.Kind.OPEN).filter(
            package__plan=OuterRef("pk")
        )
        count, soon = IntegerField(), now + datetime.timedelta(days=30)
        return queryset.annotate(
            sold=subquery_total(held, "plan", Count("pk"), count, 0),
            revenue=subquery_total(held, "plan", Sum("price_paid")),
            active=subquery_total(active, "plan", Count("pk"), count, 0),
            visits_used=subquery_total(used, "package__plan", -Sum("visits"), count, 0),
            credit_used=subquery_total(used, "package__plan", -Sum("amount")),
            visits_left=subquery_total(active, "plan", Sum("visits_left"), count, 0),
            credit_left=subquery_total(active, "plan", Sum("credit_left")),
            expiring_30=subquery_total(
                active.filter(expires_at__lte=soon), "plan", Count("pk"), count, 0
            ),
        )


class BalancesFilterSet(ReportFilterSet):
    """The customers who hold anything (points, credit, a gift card, a live package)."""

    def rows(self, queryset):
        now = timezone.now()
        count = IntegerField()
        points = PointsBalance.objects.filter(customer=OuterRef("pk"))
        credits = CreditBalance.objects.filter(customer=OuterRef("pk"))
        cards = GiftCard.objects.filter(owner=OuterRef("pk"), is_active=True)
        live_packages = CustomerPackage.objects.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gte=now), is_active=True
        )
        packages = live_packages.filter(customer=OuterRef("pk"))
        # Who owes anything comes from the balance tables' indexes; the per-customer
        # sums are then computed for the page's rows only.
        owes = (
            Q(pk__in=PointsBalance.objects.filter(balance__gt=0).values("customer"))
            | Q(pk__in=CreditBalance.objects.filter(balance__gt=0).values("customer"))
            | Q(pk__in=GiftCard.objects.filter(is_active=True, balance__gt=0).values("owner"))
            | Q(pk__in=live_packages.values("customer"))
        )
        return (
            queryset.filter(owes)
            .annotate(
                points=subquery_total(points, "customer", Sum("balance"), count, 0),
                credits=subquery_total(credits, "customer", Sum("balance")),
                gift_cards=subquery_total(cards, "owner", Sum("balance")),
                packages=subquery_total(packages, "customer", Count("pk"), count, 0),
            )
            .order_by("pk")
        )


def balances_filter(customer_model) -> type:
    """A FilterSet over the host's customer model (built once the model is known)."""
    return type(
        "BalancesFilter",
        (BalancesFilterSet,),
        {"Meta": type("Meta", (), {"model": customer_model, "fields": []})},
    )
