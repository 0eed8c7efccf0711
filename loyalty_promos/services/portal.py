"""What the customer-facing pages read and do: one customer's own data, nothing else.

Every function takes the customer (the adapter's ``get_customer_for_user``)
and filters on it, so a page cannot show or touch another customer's rows
whatever ids its URL carries. Each read is a fixed number of queries, however
long the customer's history (the pages paginate the querysets returned here).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from loyalty_promos.conf import app_settings, business_tz
from loyalty_promos.exceptions import InsufficientCredit, InsufficientPoints, LoyaltyPromosError
from loyalty_promos.formats import format_date, format_decimal
from loyalty_promos.integration import Customer, User
from loyalty_promos.models import (
    CreditEntry,
    CustomerPackage,
    GiftCard,
    GiftCardEntry,
    LoyaltyProgram,
    PointsEntry,
    Reward,
    RewardRedemption,
)
from loyalty_promos.models.base import ZERO
from loyalty_promos.services.money import format_price
from loyalty_promos.services.notifications import notify_gift_card
from loyalty_promos.services.points import pending_awards, points_balance, redeem_reward
from loyalty_promos.services.wallet import credit_balance

#: How many coming expiry dates "My loyalty" lists.
EXPIRY_DATES_SHOWN = 5


@dataclass(frozen=True)
class Expiry:
    """Points that expire at the end of ``day`` (the business's calendar)."""

    day: datetime.date
    points: int


@dataclass(frozen=True)
class PointsSummary:
    #: Points the customer can spend now.
    balance: int
    #: Points of paid bookings that the programme has not awarded yet.
    pending: int
    #: The next dates on which some of ``balance`` expires, soonest first.
    expiries: list[Expiry]
    #: Whether the loyalty programme is switched on (rewards can be redeemed).
    enabled: bool


@dataclass(frozen=True)
class Balances:
    """Everything the customer holds, for a summary box (``{% loyalty_summary %}``)."""

    points: int
    credit: Decimal
    packages: int
    gift_cards: int
    gift_card_balance: Decimal


def points_summary(customer: Customer, *, at: datetime.datetime | None = None) -> PointsSummary:
    """Balance, pending points and coming expiries of ``customer``.

    Four queries, plus a few per paid booking whose points are still to come
    (the programme awards them some hours after the appointment, so there
    are few at any time).
    """
    at = at or timezone.now()
    program = LoyaltyProgram.get()
    pending = sum(
        award.points
        for _charge, awards in pending_awards(customer, program=program)
        for award in awards
    )
    rows = (
        PointsEntry.objects.filter(customer=customer, remaining__gt=0, expires_at__gt=at)
        .annotate(day=TruncDate("expires_at", tzinfo=business_tz()))
        .values("day")
        .annotate(points=Sum("remaining"))
        .order_by("day")[:EXPIRY_DATES_SHOWN]
    )
    return PointsSummary(
        balance=points_balance(customer, at),
        pending=pending,
        expiries=[Expiry(row["day"], row["points"]) for row in rows],
        enabled=program.is_enabled,
    )


def points_history(customer: Customer) -> QuerySet[PointsEntry]:
    """The customer's points entries, newest first (paginate it)."""
    return PointsEntry.objects.filter(customer=customer).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Offer:
    reward: Reward
    #: The customer has the points and the programme is on: "Redeem with points" works.
    affordable: bool
    #: Points still missing (0 when affordable).
    missing: int


@dataclass(frozen=True)
class Catalogue:
    balance: int
    enabled: bool
    offers: list[Offer]


def rewards(customer: Customer) -> QuerySet[Reward]:
    """The rewards on offer (active), cheapest first: the only ones a customer may redeem."""
    return Reward.objects.filter(is_active=True).order_by("points_cost", "name")


def catalogue(customer: Customer) -> Catalogue:
    """The rewards on offer and which of them ``customer`` can afford now. Three queries."""
    enabled = LoyaltyProgram.get().is_enabled
    balance = points_balance(customer)
    offers = [
        Offer(
            reward,
            affordable=enabled and reward.points_cost <= balance,
            missing=max(reward.points_cost - balance, 0),
        )
        for reward in rewards(customer).select_related("service")
    ]
    return Catalogue(balance=balance, enabled=enabled, offers=offers)


def reward_available(customer: Customer) -> bool:
    """Whether the customer can afford at least one reward now. Two or three queries."""
    if not LoyaltyProgram.get().is_enabled:
        return False
    return Reward.objects.affordable(points_balance(customer)).exists()


def redemptions(customer: Customer) -> QuerySet[RewardRedemption]:
    """The customer's redeemed rewards with their codes, newest first."""
    return (
        RewardRedemption.objects.filter(customer=customer)
        .select_related("reward", "gift_card", "coupon")
        .prefetch_related("coupon__codes")
        .order_by("-created_at", "-pk")
    )


def redeem(customer: Customer, reward: Reward, *, user: User | None = None) -> RewardRedemption:
    """The customer spends their own points on ``reward`` (``api.redeem_reward``).

    A gift card is e-mailed to them once the redemption commits (a failing
    sender is logged, never undoes the redemption). Raises
    :class:`~loyalty_promos.exceptions.InsufficientPoints` as ``redeem_reward``.
    """
    redemption = redeem_reward(customer, reward, user=user)
    if redemption.gift_card is not None:
        notify_gift_card(customer, redemption.gift_card)
    return redemption


def gift_cards(customer: Customer) -> QuerySet[GiftCard]:
    """The customer's gift cards, newest first, each with its entries (two queries)."""
    entries = GiftCardEntry.objects.order_by("-created_at", "-pk")
    return (
        GiftCard.objects.filter(owner=customer)
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("-created_at", "-pk")
    )


def packages(customer: Customer) -> QuerySet[CustomerPackage]:
    """The customer's packages with their plans, newest first."""
    return (
        CustomerPackage.objects.filter(customer=customer)
        .select_related("plan")
        .order_by("-starts_at", "-pk")
    )


def credit_history(customer: Customer) -> QuerySet[CreditEntry]:
    """The customer's credit entries, newest first (paginate it), with the charge each paid."""
    entries = CreditEntry.objects.filter(customer=customer).select_related("charge")
    return entries.order_by("-created_at", "-pk")


def balances(customer: Customer, *, at: datetime.datetime | None = None) -> Balances:
    """Points, credit, usable packages and usable gift cards of ``customer``. Four queries."""
    at = at or timezone.now()
    cards = GiftCard.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at),
        owner=customer,
        is_active=True,
        balance__gt=0,
    ).aggregate(count=Count("pk"), total=Sum("balance"))
    return Balances(
        points=points_balance(customer, at),
        credit=credit_balance(customer),
        packages=CustomerPackage.objects.usable(customer, at).count(),
        gift_cards=cards["count"],
        gift_card_balance=cards["total"] or ZERO,
    )


# Words for the customer ------------------------------------------------------------------


def money(amount: Decimal | None) -> str:
    """An amount as customers read it in the active language: ``40,00 €`` in French."""
    return format_price(amount if amount is not None else ZERO, app_settings.CURRENCY)


def reward_value(reward: Reward) -> str:
    """What a reward gives, in the customer's words."""
    Kind = Reward.Kind
    if reward.kind == Kind.PERCENT:
        return _("%(percent)s %% off a booking") % {"percent": format_decimal(reward.value)}
    if reward.kind == Kind.AMOUNT:
        return _("%(amount)s off a booking") % {"amount": money(reward.value)}
    if reward.kind == Kind.FREE_SERVICE:
        if reward.service_id:
            return _("A free %(service)s") % {"service": reward.service}
        return _("A free booking")
    return _("A gift card worth %(amount)s") % {"amount": money(reward.value)}


def package_left(package: CustomerPackage) -> str:
    """Visits or credit left on a package (a time pass: unlimited)."""
    Kind = package.plan.Kind
    if package.plan.kind == Kind.VISIT_PACK:
        return _("%(left)s of %(total)s visits") % {
            "left": package.visits_left or 0,
            "total": package.plan.visits,
        }
    if package.plan.kind == Kind.CREDIT_PACK:
        return _("%(left)s of %(total)s") % {
            "left": money(package.credit_left),
            "total": money(package.plan.credit),
        }
    return _("Unlimited bookings")


def package_status(package: CustomerPackage, *, at: datetime.datetime | None = None) -> str:
    at = at or timezone.now()
    if not package.is_active:
        return _("Cancelled")
    if package.expires_at is not None and package.expires_at < at:
        return _("Expired")
    if package.starts_at > at:
        return _("Starts on %(day)s") % {"day": format_date(package.starts_at)}
    Kind = package.plan.Kind
    used_up = (package.plan.kind == Kind.VISIT_PACK and not package.visits_left) or (
        package.plan.kind == Kind.CREDIT_PACK and not package.credit_left
    )
    return _("Used up") if used_up else _("Active")


def gift_card_status(card: GiftCard, *, at: datetime.datetime | None = None) -> str:
    if not card.is_active:
        return _("Cancelled")
    if card.is_expired(at or timezone.now()):
        return _("Expired")
    return _("Active") if card.balance > 0 else _("Used up")


def refusal_text(error: LoyaltyPromosError, reward: Reward | None = None) -> str:
    """A refusal as the customer reads it: the services word some for staff ("The
    customer does not have enough points"); the customer's pages and API say "you"."""
    if isinstance(error, InsufficientPoints):
        if error.code == "disabled":
            return _("Rewards cannot be redeemed at the moment.")
        if error.code == "insufficient_points":
            if reward is not None:
                return _("You do not have enough points for “%(reward)s”.") % {
                    "reward": reward.name
                }
            return _("You do not have enough points for this reward.")
    if isinstance(error, InsufficientCredit) and error.code == "insufficient_credit":
        return _("You do not have enough credit.")
    return " ".join(error.messages)
