"""Prove the ledgers: every cached balance equals the sum of its entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from loyalty_promos.models import (
    Charge,
    CreditBalance,
    CreditEntry,
    CustomerPackage,
    GiftCard,
    GiftCardEntry,
    PackageUsage,
    PointsBalance,
    PointsEntry,
    Redemption,
)
from loyalty_promos.models.base import ZERO, subquery_total
from loyalty_promos.services.money import round_money


@dataclass(frozen=True)
class Mismatch:
    """One holder whose cached value disagrees with its ledger (or limit)."""

    ledger: str
    holder: str
    cached: Decimal | int
    ledger_sum: Decimal | int

    def __str__(self) -> str:
        return f"{self.ledger} {self.holder}: cached {self.cached}, ledger {self.ledger_sum}"


def find_mismatches() -> list[Mismatch]:
    """Every ledger proved, in a fixed number of queries whatever the number of rows.

    * credits, gift cards, points: each cached balance equals the sum of its entries;
    * packages: visits and credit left equal their ledger, which opens with what the
      package held when assigned (so editing a plan later changes nothing);
    * points on a void charge: a void charge keeps no live earned points (``cached`` is
      what it still holds, ``ledger`` the 0 it should hold);
    * points lots and spends: no lot holds more than it was given, no charge got back
      more points than it spent;
    * promo code uses: no promo code or code is used more than its limit (``cached``
      is the limit, ``ledger`` the live uses).
    """
    found: list[Mismatch] = []

    def compare(ledger: str, holder: object, cached: Decimal | int, total: Any) -> None:
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
    points_balances = PointsBalance.objects.select_related("customer").annotate(
        ledger=subquery_total(
            PointsEntry.objects.filter(customer=OuterRef("customer")),
            "customer",
            Sum("points"),
            IntegerField(),
            0,
        )
    )
    for points in points_balances.iterator(chunk_size=2000):
        compare("points", points.customer, points.balance, points.ledger)
    usages = PackageUsage.objects.filter(package=OuterRef("pk"))
    held = CustomerPackage.objects.select_related("plan", "customer").annotate(
        used_credit=subquery_total(usages, "package", Sum("amount")),
        used_visits=subquery_total(usages, "package", Sum("visits"), IntegerField(), 0),
    )
    for package in held.iterator(chunk_size=2000):
        if package.visits_left is not None:
            compare("package visits", package, package.visits_left, package.used_visits)
        if package.credit_left is not None:
            compare("package credit", package, package.credit_left, package.used_credit)
    on_void = (
        PointsEntry.objects.filter(
            kind=PointsEntry.Kind.EARN, reversed=False, charge__status=Charge.Status.VOID
        )
        .values("charge")
        .annotate(total=Sum("points"))
        .order_by("charge")
    )
    for row in on_void:
        found.append(Mismatch("points on void charge", f"#{row['charge']}", row["total"], 0))
    _points_given_back(found)
    _charges_hold_their_ledgers(found)
    _over_limit(found)
    return found


def _charges_hold_their_ledgers(found: list[Mismatch]) -> None:
    """Each charge paid by gift card or credits holds what its ledger entries say: the
    amount written on it while it is live, nothing once void (one query)."""
    Status = Charge.Status
    charges = (
        Charge.objects.filter(Q(gift_card_amount__gt=0) | Q(credits_amount__gt=0))
        .annotate(
            card_ledger=subquery_total(
                GiftCardEntry.objects.filter(charge=OuterRef("pk")), "charge", Sum("amount")
            ),
            credit_ledger=subquery_total(
                CreditEntry.objects.filter(charge=OuterRef("pk")), "charge", Sum("amount")
            ),
        )
        .only("pk", "status", "gift_card_amount", "credits_amount")
        .order_by("pk")
    )
    for charge in charges.iterator(chunk_size=2000):
        live = charge.status != Status.VOID
        for ledger, written, total in (
            ("charge gift card", charge.gift_card_amount, charge.card_ledger),
            ("charge credits", charge.credits_amount, charge.credit_ledger),
        ):
            compare_to = written if live else ZERO
            if compare_to != -round_money(total):
                found.append(
                    Mismatch(ledger, f"charge #{charge.pk}", compare_to, -round_money(total))
                )


def _points_given_back(found: list[Mismatch]) -> None:
    """Points lots holding more than they were given, and charges given back more points
    than they spent (two queries): both balance out in the sums above, yet forge points."""
    lots = PointsEntry.objects.filter(points__gt=0, remaining__gt=F("points")).order_by("pk")
    for pk, remaining, points in lots.values_list("pk", "remaining", "points"):
        found.append(Mismatch("points lot", f"#{pk}", remaining, points))
    Kind = PointsEntry.Kind
    per_charge = (
        PointsEntry.objects.filter(charge__isnull=False)
        .values("charge")
        .annotate(
            spent=Coalesce(Sum("points", filter=Q(kind=Kind.SPEND)), 0),
            back=Coalesce(Sum("points", filter=Q(kind=Kind.REVERSAL, points__gt=0)), 0),
        )
        .filter(back__gt=-F("spent"))
        .order_by("charge")
    )
    for row in per_charge:
        found.append(
            Mismatch("points given back", f"charge #{row['charge']}", row["back"], -row["spent"])
        )


def _over_limit(found: list[Mismatch]) -> None:
    """Promo codes and codes used beyond their limit (two grouped queries)."""
    uses = Redemption.objects.live().order_by()
    for ledger, holder, label in (
        ("promo code uses", "coupon", "coupon__name"),
        ("code uses", "code", "code__code"),
    ):
        over = (
            uses.filter(**{f"{holder}__max_uses__isnull": False})
            .values(holder, label, f"{holder}__max_uses")
            .annotate(used=Count("use_key", distinct=True))
            .filter(used__gt=F(f"{holder}__max_uses"))
            .order_by(holder)
        )
        for row in over:
            found.append(Mismatch(ledger, row[label], row[f"{holder}__max_uses"], row["used"]))
