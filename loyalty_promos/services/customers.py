"""Host customers: what they hold with us at a glance, what protects them from
deletion, and anonymising them instead.

``customer_summary`` reads everything the customer page shows (points, credit,
packages, gift cards, permanent discount, charges, codes used, appointments
still to check out) in a fixed number of queries.

A customer with any value or history with us (credit entries, points
entries, packages, gift cards they own, charges, code uses, rewards, online
purchases) cannot be deleted: those ForeignKeys are ``PROTECT``, so the
admin's delete page lists what protects the customer and ``delete()`` raises
``ProtectedError`` before anything is written. Finance keeps every ledger whole.

For a privacy (erasure) request, anonymise the customer instead:
``anonymise_customer`` blanks the personal data we copied (names in charge
snapshots, internal notes on their gift cards and permanent discount,
including its history) and calls the booking adapter's
``anonymise_customer`` hook, which erases the host's own customer record.
Amounts, dates and ledger descriptions stay: they are the accounting record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from loyalty_promos.integration import Customer, booking_relations, get_adapter
from loyalty_promos.models import (
    Charge,
    CreditBalance,
    CreditEntry,
    CustomerDiscount,
    CustomerPackage,
    GiftCard,
    LoyaltyProgram,
    PointsEntry,
    Redemption,
    RewardRedemption,
)
from loyalty_promos.services import clock
from loyalty_promos.services.points import Award, awards_for


@dataclass
class Anonymised:
    """How many of our rows were blanked."""

    charges: int = 0
    gift_cards: int = 0
    discount_notes: int = 0


def anonymise_customer(customer: Customer) -> Anonymised:
    """Erase the customer's personal data, ours and (through the adapter) the host's.

    One transaction: if the adapter's hook fails (the default one does, until
    the host writes it), nothing is changed. Returns how many of our rows were
    blanked. Raises ``NotImplementedError`` while the booking adapter does not
    implement ``anonymise_customer``.
    """
    result = Anonymised()
    with transaction.atomic():
        result.charges = Charge.objects.filter(customer=customer).update(customer_name="")
        result.gift_cards = GiftCard.objects.filter(owner=customer).update(note="")
        discounts = CustomerDiscount.objects.filter(customer=customer)
        result.discount_notes = discounts.update(note="")
        CustomerDiscount.history.filter(customer_id=customer.pk).update(note="")
        get_adapter().anonymise_customer(customer)
    return result


# A customer at a glance ----------------------------------------------------------------------

#: Rows per section of the customer page (the points history pages through all of them).
SECTION_ROWS = 20
#: Paid appointments whose coming points are computed (each costs a few queries).
PENDING_AWARD_CHARGES = 5
#: How far back an appointment not checked out yet still counts as overdue.
OVERDUE_DAYS = 14


@dataclass
class Rows:
    """A page of rows without counting the whole table: one extra row tells if there is more."""

    number: int
    object_list: list[Any]
    has_next: bool

    @classmethod
    def of(cls, queryset: QuerySet[Any], number: int = 1, per_page: int = SECTION_ROWS) -> Rows:
        number = max(number, 1)
        start = (number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        return cls(number, rows[:per_page], len(rows) > per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass
class CustomerSummary:
    """Everything a customer holds with us, read in a fixed number of queries."""

    customer: Customer
    name: str
    email: str
    phone: str
    points: int
    pending_points: list[tuple[Charge, list[Award]]]
    expiring_lots: list[PointsEntry]
    points_history: Rows
    credit: Decimal
    credit_entries: list[CreditEntry]
    packages: list[CustomerPackage]
    gift_cards: list[GiftCard]
    discount: CustomerDiscount | None
    pending_charges: list[Charge]
    charges: list[Charge]
    codes_used: list[Redemption]
    rewards: list[RewardRedemption]
    to_check_out: list[Any]
    now: datetime.datetime = field(default_factory=timezone.now)


def live_points_lots(at: datetime.datetime) -> QuerySet[PointsEntry]:
    """Points not used yet and not expired at ``at``, every customer."""
    return PointsEntry.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at), remaining__gt=0
    )


def bookings_to_check_out(
    bookings: QuerySet[Any], now: datetime.datetime, *, overdue_days: int = OVERDUE_DAYS
) -> QuerySet[Any]:
    """``bookings`` starting from ``overdue_days`` ago until the end of today (the business's
    day), not cancelled and without a live charge: the appointments still to check out."""
    adapter = get_adapter()
    end_of_today = clock.local(now).replace(hour=23, minute=59, second=59, microsecond=999999)
    since = now - datetime.timedelta(days=overdue_days)
    queryset = bookings.filter(
        **adapter.start_condition("lte", end_of_today), **adapter.start_condition("gte", since)
    ).exclude(
        Exists(Charge.objects.exclude(status=Charge.Status.VOID).filter(booking=OuterRef("pk")))
    )
    status_field = getattr(adapter, "status_field", None)
    if status_field and _has_field(queryset.model, status_field):
        queryset = queryset.exclude(**{f"{status_field}__in": adapter.cancelled_statuses})
    related = [path.split("__", 1)[1] for path in booking_relations()]
    return queryset.select_related(*related).order_by(adapter.start_lookup, "pk")


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def customer_summary(
    customer: Customer, *, history_page: int = 1, now: datetime.datetime | None = None
) -> CustomerSummary:
    """The customer page's figures and lists (``admin/customer_views.py``).

    A fixed number of queries whatever the customer holds: each section is
    one query, limited to :data:`SECTION_ROWS` rows (the points history is
    paged). Coming points are computed for the :data:`PENDING_AWARD_CHARGES`
    oldest paid appointments not awarded yet.
    """
    now = now or timezone.now()
    adapter = get_adapter()
    lots = live_points_lots(now).filter(customer=customer)
    points = lots.aggregate(total=Sum("remaining"))["total"] or 0
    history = (
        PointsEntry.objects.filter(customer=customer)
        .select_related("booking", "rule", "created_by", *booking_relations())
        .order_by("-created_at", "-pk")
    )
    charges = Charge.objects.filter(customer=customer).select_related(
        "customer_package__plan", "gift_card"
    )
    pending = []
    if LoyaltyProgram.get().is_enabled:
        pending = [
            (charge, awards_for(charge.booking, charge, customer=customer))
            for charge in Charge.objects.paid()
            .filter(customer=customer, points_awarded_at__isnull=True, booking__isnull=False)
            .select_related("booking", *booking_relations())
            .order_by("created_at", "pk")[:PENDING_AWARD_CHARGES]
        ]
    return CustomerSummary(
        customer=customer,
        name=adapter.get_customer_name(customer),
        email=adapter.get_customer_email(customer),
        phone=adapter.get_customer_phone(customer),
        points=points,
        pending_points=pending,
        expiring_lots=list(
            lots.order_by(F("expires_at").asc(nulls_last=True), "pk")[:SECTION_ROWS]
        ),
        points_history=Rows.of(history, history_page),
        credit=CreditBalance.objects.filter(customer=customer)
        .values_list("balance", flat=True)
        .first()
        or Decimal("0.00"),
        credit_entries=list(
            CreditEntry.objects.filter(customer=customer)
            .select_related("charge", "pack", "created_by")
            .order_by("-created_at", "-pk")[:SECTION_ROWS]
        ),
        packages=list(
            CustomerPackage.objects.filter(customer=customer)
            .select_related("plan")
            .order_by("-is_active", F("expires_at").asc(nulls_last=True), "-pk")[:SECTION_ROWS]
        ),
        gift_cards=list(
            GiftCard.objects.filter(owner=customer).order_by("-is_active", "-created_at", "-pk")[
                :SECTION_ROWS
            ]
        ),
        discount=CustomerDiscount.objects.filter(customer=customer).first(),
        pending_charges=list(
            charges.filter(status=Charge.Status.PENDING).order_by("-created_at", "-pk")[
                :SECTION_ROWS
            ]
        ),
        charges=list(
            charges.exclude(status=Charge.Status.PENDING).order_by("-created_at", "-pk")[
                :SECTION_ROWS
            ]
        ),
        codes_used=list(
            Redemption.objects.filter(customer=customer)
            .select_related("coupon")
            .order_by("-created_at", "-pk")[:SECTION_ROWS]
        ),
        rewards=list(
            RewardRedemption.objects.filter(customer=customer)
            .select_related("reward", "gift_card", "coupon")
            .prefetch_related("coupon__codes")
            .order_by("-created_at", "-pk")[:SECTION_ROWS]
        ),
        to_check_out=list(
            bookings_to_check_out(adapter.get_customer_bookings(customer), now)[:SECTION_ROWS]
        ),
        now=now,
    )
