"""Prove the ledgers: every cached balance equals the sum of its entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import IntegerField, OuterRef, Sum

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
from loyalty_promos.models.base import subquery_total
from loyalty_promos.services.money import round_money


@dataclass(frozen=True)
class Mismatch:
    ledger: str
    holder: str
    cached: Decimal
    ledger_sum: Decimal

    def __str__(self) -> str:
        return f"{self.ledger} {self.holder}: cached {self.cached}, ledger {self.ledger_sum}"


def find_mismatches() -> list[Mismatch]:
    """Five queries, whatever the number of holders and entries."""
    found = []

    def compare(ledger, holder, cached, total):
        # SQLite sums decimals as floats: round the sum back to the cent first.
        if cached != round_money(total):
            found.append(Mismatch(ledger, str(holder), cached, round_money(total)))

    credits = CreditBalance.objects.annotate(
        ledger=subquery_total(
            CreditEntry.objects.filter(customer=OuterRef("customer")), "customer", Sum("amount")
        )
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
    cards = GiftCard.objects.annotate(
        ledger=subquery_total(
            GiftCardEntry.objects.filter(card=OuterRef("pk")), "card", Sum("amount")
        )
    )
    for card in cards.iterator(chunk_size=2000):
        compare("gift card", card.code, card.balance, card.ledger)
    points = PointsBalance.objects.select_related("customer").annotate(
        ledger=subquery_total(
            PointsEntry.objects.filter(customer=OuterRef("customer")),
            "customer",
            Sum("points"),
            IntegerField(),
            0,
        )
    )
    for balance in points.iterator(chunk_size=2000):
        compare("points", balance.customer, balance.balance, balance.ledger)
    usages = PackageUsage.objects.filter(package=OuterRef("pk"))
    held = CustomerPackage.objects.select_related("plan", "customer").annotate(
        used_credit=subquery_total(usages, "package", Sum("amount")),
        used_visits=subquery_total(usages, "package", Sum("visits"), IntegerField(), 0),
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
