"""Reports: what each one lists, how it is filtered, which columns it exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loyalty_promos.models import Charge
from loyalty_promos.reports.filters import BillingFilter
from loyalty_promos.reports.resources import BillingResource
from loyalty_promos.services.money import round_money


@dataclass(frozen=True)
class Report:
    code: str
    title: Promise
    filterset: type
    resource: type
    #: Columns summed under the table for the filtered rows.
    totals: tuple[str, ...] = field(default=())

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def filtered(self, data) -> Any:
        return self.filterset(data or None, queryset=self.queryset())

    def compute_totals(self, queryset) -> dict:
        totals = queryset.aggregate(rows=Count("pk"), **{name: Sum(name) for name in self.totals})
        # SQLite sums decimals as floats: back to the cent.
        return {
            key: value if key == "rows" else round_money(value or 0)
            for key, value in totals.items()
        }


class BillingReport(Report):
    def queryset(self):
        return Charge.objects.order_by("-created_at", "-pk")


BILLING = BillingReport(
    code="billing",
    title=_("Billing report"),
    filterset=BillingFilter,
    resource=BillingResource,
    totals=(
        "list_price",
        "price",
        "discount_amount",
        "package_amount",
        "gift_card_amount",
        "credits_amount",
        "amount_due",
    ),
)

REPORTS = {report.code: report for report in (BILLING,)}
