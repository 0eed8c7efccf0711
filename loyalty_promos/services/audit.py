"""Prove the ledgers: every cached balance equals the sum of its entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from loyalty_promos.models import (
    CreditBalance,
    CreditEntry,
    CustomerPackage,
    GiftCard,
    GiftCardEntry,
    PackageUsage,
    PointsBalance,
    PointsEntry,
)
from loyalty_promos.services.money import round_money


@dataclass(frozen=True)
class Mismatch:
    ledger: str
    holder: str
    cached: Decimal
    ledger_sum: Decimal

    def __str__(self) -> str:
        return f"{self.ledger} {self.holder}: cached {self.cached}, ledger {self.ledger_sum}"


MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_of(entries, *, field="amount", zero=Decimal("0.00"), output_field=MONEY, **outer):
    """Sum of ``field`` over the ``entries`` of each outer row (``outer``: entry field → outer
    field), as a subquery; ``zero`` when there are none."""
    total = (
        entries.filter(**{k: OuterRef(v) for k, v in outer.items()})
        .order_by()
        .values(*outer)
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(zero), output_field=output_field)


def find_mismatches() -> list[Mismatch]:
    """Five queries, whatever the number of holders and entries."""
    found = []

    def compare(ledger, holder, cached, total):
        # SQLite sums decimals as floats: round the sum back to the cent first.
        if cached != round_money(total):
            found.append(Mismatch(ledger, str(holder), cached, round_money(total)))

    credits = CreditBalance.objects.annotate(
        ledger=_sum_of(CreditEntry.objects, customer="customer")
    ).select_related("customer")
    for balance in credits.iterator(chunk_size=2000):
        compare("credits", balance.customer, balance.balance, balance.ledger)
    # Entries of a customer without a balance row would be missed above.
    orphans = (
        CreditEntry.objects.exclude(customer__in=CreditBalance.objects.values("customer"))
        .values("customer")
        .annotate(total=Sum("amount"))
    )
    for orphan in orphans:
        compare("credits", f"#{orphan['customer']}", Decimal("0.00"), orphan["total"])
    cards = GiftCard.objects.annotate(ledger=_sum_of(GiftCardEntry.objects, card="pk"))
    for card in cards.iterator(chunk_size=2000):
        compare("gift card", card.code, card.balance, card.ledger)
    points = PointsBalance.objects.select_related("customer").annotate(
        ledger=_sum_of(
            PointsEntry.objects,
            field="points",
            zero=0,
            output_field=IntegerField(),
            customer="customer",
        )
    )
    for balance in points.iterator(chunk_size=2000):
        compare("points", balance.customer, balance.balance, balance.ledger)
    held = CustomerPackage.objects.select_related("plan", "customer").annotate(
        used_credit=_sum_of(PackageUsage.objects, package="pk"),
        used_visits=_sum_of(
            PackageUsage.objects,
            field="visits",
            zero=0,
            output_field=IntegerField(),
            package="pk",
        ),
    )
    for package in held.iterator(chunk_size=2000):
        if package.visits_left is not None:
            compare(
                "package visits",
                package,
                package.visits_left,
                package.plan.visits + package.used_visits,
            )
        if package.credit_left is not None:
            compare(
                "package credit",
                package,
                package.credit_left,
                package.plan.credit + package.used_credit,
            )
    return found
