"""Reports: what each one lists, how it is filtered, which columns it exports.

A report turns its bound FilterSet into rows (``rows``), declares its columns
once in a django-import-export resource, and may add totals, per-row links and
buttons. The page and the export read the very same rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.admin.customer_views import customer_url, may_view_customers
from loyalty_promos.integration import (
    booking_relations,
    get_customer_model,
)
from loyalty_promos.models import (
    Charge,
    CodeBatch,
    Coupon,
    CreditBalance,
    GiftCard,
    PackagePlan,
    PointsDay,
    PointsEntry,
)
from loyalty_promos.reports import filters, resources
from loyalty_promos.reports.charts import bar_chart, month_label, month_of
from loyalty_promos.services import rollups
from loyalty_promos.services.money import round_money


class Report:
    code: str
    title: str
    filterset: type | None = None
    resource: type
    #: (column of the rows, label) summed under the table.
    totals: tuple[tuple[str, str], ...] = ()

    def rows(self, filterset):
        """The rows of the page and of the export: the FilterSet's (see ``reports/filters.py``)."""
        return filterset.qs

    def get_filterset_class(self) -> type:
        return self.filterset

    def base_queryset(self):
        return self.get_filterset_class()._meta.model._default_manager.all()

    def filtered(self, data):
        return self.get_filterset_class()(data or None, queryset=self.base_queryset())

    def compute_totals(self, rows) -> dict:
        values = rows.aggregate(
            rows=Count("pk"), **{name: Sum(name) for name, _label in self.totals}
        )
        # SQLite sums decimals as floats: back to the cent.
        return {k: v if k == "rows" else round_money(v or 0) for k, v in values.items()}

    def summary(self, rows, filterset=None) -> list[tuple[str, object]]:
        """Count and totals of the filtered rows, in one aggregate query."""
        if not self.totals:
            return []
        totals = self.compute_totals(rows)
        return [(_("rows"), totals["rows"])] + [
            (label, totals[name]) for name, label in self.totals
        ]

    def customer_of(self, row):
        """The id of the row's customer, for a link to the customer page (None: no link)."""
        return None

    def row_links(self, row, request) -> list[tuple[str, str]]:
        """(url, label) links at the end of a row: by default, the row's customer page."""
        customer = self.customer_of(row)
        if customer is None or not may_view_customers(request.user):
            return []
        site = getattr(request, "current_app", None)
        return [(customer_url(customer, site), _("Customer"))]

    def tools(self, request) -> list[tuple[str, str]]:
        return []

    def chart(self, rows, filterset=None):
        """A small SVG trend of the filtered rows, or None."""
        return None


class BillingReport(Report):
    code = "billing"
    title = gettext_lazy("Billing report")
    filterset = filters.BillingFilter
    resource = resources.BillingResource
    totals = (
        ("list_price", gettext_lazy("list price")),
        ("discount_amount", gettext_lazy("discount")),
        ("package_amount", gettext_lazy("paid by package")),
        ("gift_card_amount", gettext_lazy("paid by gift card")),
        ("credits_amount", gettext_lazy("paid with credits")),
        ("amount_due", gettext_lazy("amount due")),
    )

    def base_queryset(self):
        return Charge.objects.order_by("-created_at", "-pk")

    def summary(self, rows, filterset=None) -> list[tuple[str, object]]:
        """The totals, then what was paid by each method (one more aggregate query)."""
        per_method = (
            rows.filter(status=Charge.Status.PAID, method__isnull=False)
            .order_by()
            .values("method__name", "method__position")
            .annotate(total=Sum("amount_due"))
            .order_by("method__position", "method__name")
        )
        return super().summary(rows, filterset) + [
            (
                _("paid by %(method)s") % {"method": _(row["method__name"])},
                round_money(row["total"] or 0),
            )
            for row in per_method
        ]

    def customer_of(self, row):
        return row.customer_id

    def chart(self, rows, filterset=None):
        monthly = (
            rows.exclude(status=Charge.Status.VOID)
            .annotate(month=month_of("created_at"))
            .order_by("month")
            .values("month")
            .annotate(revenue=Sum("amount_due"), discounts=Sum("discount_amount"))
        )
        monthly = list(monthly)
        return bar_chart(
            _("Revenue and discounts per month"),
            [month_label(row["month"]) for row in monthly],
            {
                _("amount due"): [round_money(row["revenue"] or 0) for row in monthly],
                _("discount"): [round_money(row["discounts"] or 0) for row in monthly],
            },
        )


class PointsReport(Report):
    code = "points"
    title = gettext_lazy("Loyalty points report")
    filterset = filters.PointsFilter
    resource = resources.PointsResource
    totals = (("points", gettext_lazy("points")), ("shortfall", gettext_lazy("shortfall")))

    def base_queryset(self):
        return PointsEntry.objects.select_related(
            "customer", "booking", "rule", "created_by", *booking_relations()
        ).order_by("-created_at", "-pk")

    def days(self, filterset):
        """The daily totals matching ``filterset`` and the ledger rows of the open days
        (:mod:`~loyalty_promos.services.rollups`); None when the totals cannot answer
        (a customer chosen: their own entries are few, read through their index; or a
        time zone other than the site's active, which the days are cut in).
        """
        if filterset is None or filterset.form.errors:
            return None
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        if data.get("customer") or timezone.get_current_timezone_name() != (
            timezone.get_default_timezone_name()
        ):
            return None
        rollups.close_points_days()
        opens = rollups.first_open_day()
        days = PointsDay.objects.filter(day__lt=opens)
        if data.get("date_from"):
            days = days.filter(day__gte=data["date_from"])
        if data.get("date_until"):
            days = days.filter(day__lte=data["date_until"])
        if data.get("kind"):
            days = days.filter(kind=data["kind"])
        if data.get("rule"):
            days = days.filter(rule_key=data["rule"].pk)
        return days, filterset.qs.filter(created_at__gte=rollups.day_start(opens))

    def summary(self, rows, filterset=None):
        split = self.days(filterset)
        if split is None:
            return super().summary(rows)
        days, recent = split
        # One query: the closed days' totals and the open days' entries, added below.
        one = {"group": Value(1)}
        parts = (
            days.annotate(**one)
            .values("group")
            .annotate(rows=Sum("entries"), points=Sum("points"), shortfall=Sum("shortfall"))
            .values_list("rows", "points", "shortfall")
            .order_by()
            .union(
                recent.annotate(**one)
                .values("group")
                .annotate(rows=Count("pk"), points=Sum("points"), shortfall=Sum("shortfall"))
                .values_list("rows", "points", "shortfall")
                .order_by(),
                all=True,
            )
        )
        totals = [sum(part[n] or 0 for part in parts) for n in range(3)]
        labels = dict(self.totals)
        return [
            (_("rows"), totals[0]),
            (labels["points"], totals[1]),
            (labels["shortfall"], totals[2]),
        ]

    def compute_totals(self, rows):
        return rows.aggregate(rows=Count("pk"), points=Sum("points"), shortfall=Sum("shortfall"))

    @staticmethod
    def monthly(rows, field):
        """(month, kind, points) of ``rows``, the month read from ``field``."""
        return (
            rows.annotate(month=month_of(field))
            .values("month", "kind")
            .annotate(total=Sum("points"))
            .values_list("month", "kind", "total")
            .order_by()
        )

    def chart(self, rows, filterset=None):
        split = self.days(filterset)
        if split is None:
            monthly = self.monthly(rows, "created_at")
        else:
            days, recent = split  # one query: closed days and open days together
            monthly = self.monthly(days, "day").union(self.monthly(recent, "created_at"), all=True)
        totals: dict[tuple[str, str], int] = {}
        for month, kind, total in monthly:
            key = (month_label(month), kind)
            totals[key] = totals.get(key, 0) + (total or 0)
        months = sorted({month for month, _kind in totals})
        kinds = {
            PointsEntry.Kind.EARN: _("earned"),
            PointsEntry.Kind.SPEND: _("spent"),
            PointsEntry.Kind.EXPIRE: _("expired"),
        }
        return bar_chart(
            _("Points earned, spent and expired per month"),
            months,
            {
                label: [abs(totals.get((m, kind), 0)) for m in months]
                for kind, label in kinds.items()
            },
        )

    def customer_of(self, row):
        return row.customer_id

    def row_links(self, row, request):
        links = super().row_links(row, request)
        if not request.user.has_perm("loyalty_promos.adjust_points"):
            return links
        url = reverse(
            "admin:loyalty_promos_points_add", current_app=getattr(request, "current_app", None)
        )
        query = urlencode({"customer": row.customer_id, "next": request.get_full_path()})
        return [*links, (f"{url}?{query}", _("Add bonus"))]

    def tools(self, request):
        if not request.user.has_perm("loyalty_promos.adjust_points"):
            return []
        url = reverse(
            "admin:loyalty_promos_points_add", current_app=getattr(request, "current_app", None)
        )
        return [(f"{url}?{urlencode({'next': request.get_full_path()})}", _("Add points"))]


class CouponUsageReport(Report):
    code = "coupons"
    title = gettext_lazy("Promo code usage")
    filterset = filters.CouponUsageFilter
    resource = resources.CouponUsageResource
    totals = (
        ("uses", gettext_lazy("uses")),
        ("discount_given", gettext_lazy("discount given")),
        ("revenue", gettext_lazy("revenue")),
    )

    def base_queryset(self):
        return Coupon.objects.order_by("name")

    def compute_totals(self, rows):
        totals = {"rows": 0, "uses": 0, "discount_given": Decimal(0), "revenue": Decimal(0)}
        for row in rows:  # one row per promo code: few, already aggregated
            totals["rows"] += 1
            for name in ("uses", "discount_given", "revenue"):
                totals[name] += getattr(row, name)
        return {k: v if k in ("rows", "uses") else round_money(v) for k, v in totals.items()}


class BatchUsageReport(CouponUsageReport):
    """The same figures per batch of codes (flyers, partners, imports)."""

    code = "batches"
    title = gettext_lazy("Promo code usage by batch")
    filterset = filters.BatchUsageFilter
    resource = resources.BatchUsageResource

    def base_queryset(self):
        return CodeBatch.objects.select_related("coupon").order_by("-created_at", "-pk")


class PackagesReport(Report):
    code = "packages"
    title = gettext_lazy("Packages report")
    filterset = filters.PackagePlanFilter
    resource = resources.PackagesResource

    def base_queryset(self):
        return PackagePlan.objects.order_by("kind", "name")

    def summary(self, rows, filterset=None):
        return []


class BalancesReport(Report):
    code = "balances"
    title = gettext_lazy("Balances and liability")
    resource = resources.BalancesResource

    def get_filterset_class(self):
        # Built on first use: the customer model is the host's.
        if self.filterset is None:
            self.filterset = filters.balances_filter(get_customer_model())
        return self.filterset

    def base_queryset(self):
        return get_customer_model()._default_manager.all()

    def customer_of(self, row):
        return row.pk

    def summary(self, rows, filterset=None):
        now = timezone.now()
        lots = PointsEntry.objects.filter(remaining__gt=0).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        cards = GiftCard.objects.filter(is_active=True, balance__gt=0).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        items = [
            (_("points outstanding"), lots.aggregate(n=Sum("remaining"))["n"] or 0),
            (
                _("credits outstanding"),
                round_money(CreditBalance.objects.aggregate(n=Sum("balance"))["n"] or 0),
            ),
            (_("gift cards outstanding"), round_money(cards.aggregate(n=Sum("balance"))["n"] or 0)),
        ]
        for days in (30, 60, 90):
            limit = now + datetime.timedelta(days=days)
            expiring_points = (
                lots.filter(expires_at__lte=limit).aggregate(n=Sum("remaining"))["n"] or 0
            )
            expiring_cards = (
                cards.filter(expires_at__lte=limit).aggregate(n=Sum("balance"))["n"] or 0
            )
            items.append(
                (_("points expiring within %(days)d days") % {"days": days}, expiring_points)
            )
            items.append(
                (
                    _("gift card value expiring within %(days)d days") % {"days": days},
                    round_money(expiring_cards),
                )
            )
        return items


REPORTS = {
    report.code: report
    for report in (
        BillingReport(),
        PointsReport(),
        CouponUsageReport(),
        BatchUsageReport(),
        PackagesReport(),
        BalancesReport(),
    )
}
