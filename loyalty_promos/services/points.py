"""Loyalty points: earning, spending (soonest-expiring lots first), expiry, reversal.

Every change is a PointsEntry written with the customer's cached balance,
under a row lock, in one transaction. The points a customer *can use* are
the unexpired remains of their lots: points past their expiry date are never
counted or spent, even before the expiry job has written them off.

Earning rules (many may apply to one booking; each earns at most once per
booking, enforced by the database):

* a completed booking of the rule's services (none: any) earns its points;
* each amount paid earns ``points`` per full ``amount_step`` of the amount
  due of the booking's charge — rounded down (59.90 at 1 point per 10.00
  earns 5 points);
* the customer's Nth visit (their Nth booking that is not cancelled, oldest
  first) earns its points; with "every N visits", also the 2N-th, 3N-th…
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from loyalty_promos import signals
from loyalty_promos.exceptions import InsufficientPoints
from loyalty_promos.integration import Booking, Customer, User, get_adapter
from loyalty_promos.models import (
    Charge,
    EarningRule,
    LoyaltyProgram,
    PointsAllocation,
    PointsBalance,
    PointsEntry,
    Reward,
    RewardRedemption,
)
from loyalty_promos.services import clock, locking
from loyalty_promos.services.codes import create_coupon, random_letters
from loyalty_promos.services.conditions import allows
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.notifications import notify_points
from loyalty_promos.signals import send_after_commit
from loyalty_promos.validators import MAX_POINTS

if TYPE_CHECKING:
    from loyalty_promos.models import Reward, RewardRedemption

logger = logging.getLogger(__name__)
Kind = PointsEntry.Kind
FAR_FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _live_lots(customer: Customer, at: datetime.datetime) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at), customer=customer, remaining__gt=0
    )


def points_balance(customer: Customer, at: datetime.datetime | None = None) -> int:
    """Points the customer can use now (or ``at``): unexpired lots only. One query."""
    lots = _live_lots(customer, at or timezone.now())
    total: int | None = lots.aggregate(total=Sum("remaining"))["total"]
    return total or 0


def _locked_balance(customer: Customer) -> PointsBalance:
    """The customer's balance row, created if needed, locked until the transaction ends."""
    if customer is None:
        raise TypeError("Points belong to a customer, not to None.")
    return locking.lock(points_of=[customer]).get(locking.POINTS_BALANCE, PointsBalance)


def _locked_lots(queryset: QuerySet[PointsEntry]) -> list[PointsEntry]:
    return locking.lock_query(locking.POINTS_LOTS, queryset)


def _entry(balance: PointsBalance, points: int, kind: str, **fields: Any) -> PointsEntry:
    """Move the cached balance and write the entry (caller holds the lock)."""
    locking.require_transaction()
    balance.balance += points
    balance.save(update_fields=["balance", "updated_at"])
    entry: PointsEntry = PointsEntry.objects.create(
        customer=balance.customer, kind=kind, points=points, balance_after=balance.balance, **fields
    )
    return entry


def _lot(
    balance: PointsBalance, points: int, kind: str, *, program: LoyaltyProgram, **fields: Any
) -> PointsEntry:
    """A positive entry: a lot that expires as the programme says *now* (never re-dated)."""
    expires_at = program.expiry_for(timezone.now())
    return _entry(balance, points, kind, remaining=points, expires_at=expires_at, **fields)


def add_lot(
    customer: Customer,
    points: int,
    kind: str,
    *,
    program: LoyaltyProgram | None = None,
    **fields: Any,
) -> PointsEntry:
    """Add a lot of ``points`` to ``customer`` under their balance lock."""
    program = program or LoyaltyProgram.get()
    with locking.atomic():
        return _lot(_locked_balance(customer), points, kind, program=program, **fields)


def take(customer: Customer, points: int, kind: str, **fields: Any) -> PointsEntry:
    """Take ``points`` from the lots expiring soonest (oldest first); never below zero."""
    now = timezone.now()
    with locking.atomic():
        balance = _locked_balance(customer)
        lots = _locked_lots(_live_lots(customer, now))
        lots.sort(key=lambda lot: (lot.expires_at or FAR_FUTURE, lot.created_at, lot.pk))
        if sum(lot.remaining for lot in lots) < points:
            raise InsufficientPoints()
        entry = _entry(balance, -points, kind, **fields)
        _allocate(entry, lots, points)
        if kind == Kind.SPEND:
            send_after_commit(signals.points_spent, PointsEntry, customer=customer, entry=entry)
        return entry


def _allocate(entry: PointsEntry, lots: Iterable[PointsEntry], points: int) -> None:
    allocations: list[PointsAllocation] = []
    for lot in lots:
        if points == 0:
            break
        used = min(lot.remaining, points)
        lot.remaining -= used
        points -= used
        lot.save(update_fields=["remaining"])
        allocations.append(PointsAllocation(entry=entry, lot=lot, points=used))
    PointsAllocation.objects.bulk_create(allocations)


def adjust_points(
    customer: Customer, points: int, description: str, *, user: User | None = None
) -> PointsEntry:
    """Staff add (+N) or remove (−N) points; never below zero; the customer is notified.

    Returns the entry written. Raises
    :class:`~loyalty_promos.exceptions.InsufficientPoints`:
    ``insufficient_points`` when the customer has fewer usable points than are
    removed (nothing is written), ``invalid_points`` for 0, ``too_many_points``
    beyond what the points columns hold.
    """
    if points == 0:
        raise InsufficientPoints("invalid_points")
    if abs(points) > MAX_POINTS:  # the points columns are 32-bit integers
        raise InsufficientPoints("too_many_points", params={"max": MAX_POINTS})
    with locking.atomic():
        if points > 0:
            entry = add_lot(customer, points, Kind.ADJUST, description=description, created_by=user)
        else:
            entry = take(customer, -points, Kind.ADJUST, description=description, created_by=user)
        notify_points(entry, manual=True)
        send_after_commit(
            signals.points_adjusted, PointsEntry, customer=customer, entry=entry, user=user
        )
    return entry


def adjust_points_many(
    customers: Iterable[Customer], points: int, description: str, *, user: User | None = None
) -> list[PointsEntry]:
    """:func:`adjust_points` for several customers: all of them, or none when one fails
    (removing more points than someone holds). Each customer is notified after commit."""
    customers = list(customers)
    with locking.atomic():
        locking.lock(points_of=customers)  # every balance, in the one order, before writing
        return [adjust_points(c, points, description, user=user) for c in customers]


# Earning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    rule: EarningRule
    points: int
    description: str


def _active_rules(at: datetime.datetime) -> list[EarningRule]:
    day = clock.local(at).date()
    rules = EarningRule.objects.filter(
        Q(date_from__isnull=True) | Q(date_from__lte=day),
        Q(date_until__isnull=True) | Q(date_until__gte=day),
        is_active=True,
    ).prefetch_related("services")
    return list(rules)


def awards_for(
    booking: Booking, charge: Charge | None, *, customer: Customer | None = None
) -> list[Award]:
    """What each active rule would give ``booking`` (writes nothing).

    ``customer`` defaults to the booking's; a walk-in (no customer) earns nothing.
    """
    adapter = get_adapter()
    if customer is None:
        customer = adapter.get_customer(booking)
    if customer is None:
        return []
    service = adapter.get_service(booking)
    start = adapter.get_start(booking)
    visits = _visits_counter(customer, start)
    awards: list[Award] = []
    for rule in _active_rules(start):
        if not allows(rule.services, service):
            continue
        points = _rule_points(
            rule,
            paid=lambda: charge.amount_due if charge is not None else adapter.get_price(booking),
            visits=visits,
        )
        if points > 0:
            awards.append(Award(rule, points, rule.name))
    return awards


def _visits_counter(customer: Customer, start: datetime.datetime) -> Callable[[], int]:
    """Counts the customer's bookings up to ``start`` once, when a visit rule first asks."""
    adapter = get_adapter()
    return functools.cache(
        lambda: (
            adapter.get_customer_bookings(customer)
            .filter(**adapter.start_condition("lte", start))
            .count()
        )
    )


def _rule_points(
    rule: EarningRule, *, paid: Callable[[], Decimal], visits: Callable[[], int]
) -> int:
    """What ``rule`` gives one booking; ``paid()`` and ``visits()`` are read only when needed."""
    if rule.kind == EarningRule.Kind.SERVICE:
        return rule.points
    if rule.kind == EarningRule.Kind.PER_AMOUNT:
        return int(paid() // rule.amount_step) * rule.points
    n, count = rule.visit_number, visits()
    hit = n is not None and (count == n or (rule.repeat and count > 0 and count % n == 0))
    return rule.points if hit else 0


def award_points(booking: Booking, *, program: LoyaltyProgram | None = None) -> list[PointsEntry]:
    """Apply the earning rules to one paid booking, once per rule, even run twice at once.

    Returns the entries made (none when the booking has no paid charge, its
    points were awarded already, or the programme is switched off). A booking
    without a customer (a walk-in) earns nothing.
    """
    program = program or LoyaltyProgram.get()
    if not program.is_enabled:
        return []
    charge = Charge.objects.paid().filter(booking=booking).values_list("pk", flat=True).first()
    return [] if charge is None else award_charge(charge, program=program)


def award_charge(charge_pk: int, *, program: LoyaltyProgram) -> list[PointsEntry]:
    """Award one charge's points, checking it again under its lock.

    The charge row is locked first (the one lock order: charge, then points),
    so a void running at the same time either comes first — the charge is
    void and earns nothing — or waits and then takes back what was awarded.
    """
    with locking.atomic():
        charges = locking.lock(charges=[charge_pk]).rows.get(locking.CHARGE, [])
        return _award_locked(charges, _earning_rules(), program)


#: Charges the award job claims (and awards in one transaction) at a time.
AWARD_CHUNK = 200
#: Customers whose expired points the expiry job writes off in one transaction.
EXPIRY_CHUNK = 100


def _earning_rules() -> list[EarningRule]:
    """Every active earning rule with its services (two queries); dates are checked per booking."""
    return list(EarningRule.objects.filter(is_active=True).prefetch_related("services"))


def _rules_on(rules: Iterable[EarningRule], day: datetime.date) -> list[EarningRule]:
    return [
        rule
        for rule in rules
        if (rule.date_from is None or rule.date_from <= day)
        and (rule.date_until is None or rule.date_until >= day)
    ]


def _save_balances(balances: list[PointsBalance], now: datetime.datetime) -> None:
    """Write the new ``balance`` of each of ``balances`` (locked) in one UPDATE.

    ``bulk_update`` would write ``updated_at`` through a second ``CASE`` of one
    branch per row although it is the same for all: half the expressions to build.
    """
    whens = [When(pk=b.pk, then=Value(b.balance)) for b in balances]
    PointsBalance.objects.filter(pk__in=[b.pk for b in balances]).update(
        balance=Case(*whens, output_field=PointsBalance._meta.get_field("balance")),
        updated_at=now,
    )
    for balance in balances:
        balance.updated_at = now


def _award_locked(
    charges: list[Charge], rules: list[EarningRule], program: LoyaltyProgram
) -> list[PointsEntry]:
    """Award ``charges`` (locked by the caller, each re-checked here) in a few queries.

    The points balances of their customers are locked once, in the one order;
    the bookings already awarded are read in one query; the new lots are
    inserted together, the balances and the charges updated together. Rules
    are matched on what the charge recorded of its booking (service, start and
    amount due); only a visit rule reads the customer's bookings (one count
    per charge).
    """
    charges = [c for c in charges if c.status == Charge.Status.PAID and c.booking_id is not None]
    if not charges:
        return []
    adapter = get_adapter()
    customers = sorted({c.customer_id for c in charges if c.customer_id is not None})
    balances = {
        b.customer_id: b
        for b in locking.lock(points_of=customers).rows.get(locking.POINTS_BALANCE, [])
    }
    done: set[tuple[Any, Any]] = set()
    if balances:
        done = set(
            PointsEntry.objects.filter(
                booking_id__in=[c.booking_id for c in charges], kind=Kind.EARN, reversed=False
            ).values_list("booking_id", "rule_id")
        )
    now = timezone.now()
    expires_at = program.expiry_for(now)
    new: list[PointsEntry] = []
    by_charge: dict[int, list[PointsEntry]] = {}
    for charge in charges:
        balance = balances.get(charge.customer_id)
        if balance is None:
            continue  # a walk-in earns nothing
        start = charge.starts_at or adapter.get_start(charge.booking)
        visits = _visits_counter(balance.customer, start)
        paid = functools.partial(getattr, charge, "amount_due")  # bound to this charge
        for rule in _rules_on(rules, clock.local(start).date()):
            if (charge.booking_id, rule.pk) in done:
                continue  # idempotent; the unique constraint is the last word
            services = {service.pk for service in rule.services.all()}
            if services and charge.service_id not in services:
                continue
            points = _rule_points(rule, paid=paid, visits=visits)
            if points <= 0:
                continue
            balance.balance += points
            entry = PointsEntry(
                customer=balance.customer, kind=Kind.EARN, points=points,
                balance_after=balance.balance, remaining=points, expires_at=expires_at,
                booking_id=charge.booking_id, rule=rule, charge=charge,
                description=rule.name, created_at=now,
            )  # fmt: skip
            new.append(entry)
            by_charge.setdefault(charge.pk, []).append(entry)
    if new:
        PointsEntry.objects.bulk_create(new)
        _save_balances(list(balances.values()), now)
    Charge.objects.filter(pk__in=[c.pk for c in charges]).update(points_awarded_at=now)
    for entry in new:
        notify_points(entry, manual=False, program=program)
    for charge in charges:
        charge.points_awarded_at = now
        if made := by_charge.get(charge.pk):
            send_after_commit(
                signals.points_awarded, PointsEntry,
                customer=balances[charge.customer_id].customer, entries=made, charge=charge,
            )  # fmt: skip
    return new


def _due_charges(program: LoyaltyProgram, now: datetime.datetime) -> QuerySet[Charge]:
    due = Charge.objects.paid().filter(points_awarded_at__isnull=True, booking__isnull=False)
    if program.award_moment == LoyaltyProgram.AwardMoment.AFTER_APPOINTMENT:
        due = due.filter(ends_at__lte=now - datetime.timedelta(hours=program.award_delay_hours))
    return due


def award_due_points(now: datetime.datetime | None = None, *, chunk_size: int = AWARD_CHUNK) -> int:
    """The periodic job: award the paid bookings whose moment has come; returns entries made.

    The programme and the earning rules are read once per run. The due charges
    are claimed ``chunk_size`` at a time (``SELECT … FOR UPDATE SKIP LOCKED`` on
    PostgreSQL), each chunk awarded in one transaction: several workers running
    the job at once take different chunks and never award a charge twice. A
    chunk that fails is awarded again charge by charge; a charge that fails is
    logged and the job goes on with the others. Chunks follow one another by
    key: a charge another transaction holds when its chunk is claimed (being
    voided, or taken by another worker that then fails) is left to the next run.
    """
    program = LoyaltyProgram.get()
    if not program.is_enabled:
        return 0
    now = now or timezone.now()
    due = _due_charges(program, now).select_related("customer", "service")
    rules = _earning_rules()
    made, after = 0, None
    while True:
        claimed: list[int] = []
        try:
            with locking.atomic():
                # Onwards from the last chunk (keyset): never back over the charges this
                # run awarded, whose index entries stay until the table is vacuumed.
                onwards = due if after is None else due.filter(pk__gt=after)
                chunk = locking.claim(locking.CHARGE, onwards, chunk_size)
                claimed = [c.pk for c in chunk]
                made += len(_award_locked(chunk, rules, program))
        except Exception:
            if not claimed:
                raise
            for charge_pk in claimed:
                try:
                    made += len(award_charge(charge_pk, program=program))
                except Exception:
                    logger.exception("Awarding the points of charge %s failed", charge_pk)
        if len(claimed) < chunk_size:
            return made
        after = claimed[-1]


def _expire_locked(balances: list[PointsBalance], now: datetime.datetime) -> int:
    """Write off the expired lots of the customers whose ``balances`` are locked.

    One query locks their expired lots, one UPDATE empties them, two bulk
    INSERTs write an expiry entry per lot and its allocation, one UPDATE moves
    the balances: the same number of queries for one lot or thousands.
    """
    if not balances:
        return 0
    by_customer = {b.customer_id: b for b in balances}
    expired = PointsEntry.objects.filter(
        customer_id__in=list(by_customer), remaining__gt=0, expires_at__lte=now
    )
    lots = _locked_lots(expired)
    if not lots:
        return 0
    lots.sort(key=lambda lot: (lot.customer_id, lot.created_at, lot.pk))
    PointsEntry.objects.filter(pk__in=[lot.pk for lot in lots]).update(remaining=0)
    entries: list[PointsEntry] = []
    for lot in lots:
        balance = by_customer[lot.customer_id]
        balance.balance -= lot.remaining
        entries.append(
            PointsEntry(
                customer_id=lot.customer_id, kind=Kind.EXPIRE, points=-lot.remaining,
                balance_after=balance.balance, created_at=now,
                description=_("Points earned on %(date)s expired")
                % {"date": clock.local(lot.created_at).date()},
            )
        )  # fmt: skip
    PointsEntry.objects.bulk_create(entries)
    PointsAllocation.objects.bulk_create(
        PointsAllocation(entry=entry, lot=lot, points=-entry.points)
        for entry, lot in zip(entries, lots, strict=True)
    )
    for lot in lots:
        lot.remaining = 0
    touched = {lot.customer_id for lot in lots}
    _save_balances([by_customer[c] for c in sorted(touched)], now)
    for customer_id in sorted(touched):
        customer = by_customer[customer_id].customer
        mine = [e for e in entries if e.customer_id == customer_id]
        for entry in mine:
            entry.customer = customer
        send_after_commit(signals.points_expired, PointsEntry, customer=customer, entries=mine)
    return len(entries)


def expire_points(now: datetime.datetime | None = None, *, chunk_size: int = EXPIRY_CHUNK) -> int:
    """The periodic job: write off what is left of expired lots; returns entries written.

    Customers with expired points are claimed ``chunk_size`` at a time by
    locking their points balances (``SKIP LOCKED`` on PostgreSQL: several
    workers take different customers); their expired lots are then written
    off together (:func:`_expire_locked`). As for awards, a customer another
    transaction holds when their chunk is claimed is left to the next run.
    """
    now = now or timezone.now()
    expired = PointsEntry.objects.filter(
        customer_id=OuterRef("customer_id"), remaining__gt=0, expires_at__lte=now
    )
    holders = PointsBalance.objects.filter(Exists(expired)).select_related("customer")
    written, after = 0, None
    while True:
        with locking.atomic():
            # Onwards from the last chunk (keyset): the customers done are not probed again
            # (a host's customer key may be any type: no starting value is assumed).
            onwards = holders if after is None else holders.filter(customer_id__gt=after)
            balances = locking.claim(locking.POINTS_BALANCE, onwards, chunk_size, key="customer_id")
            written += _expire_locked(balances, now)
        if len(balances) < chunk_size:
            return written
        after = balances[-1].customer_id


# Reversal (a voided charge) ----------------------------------------------------------------


def reverse_charge_points(charge: Charge, *, give_back_spent: bool = True) -> None:
    """Take back what ``charge`` earned (down to zero, recording any shortfall) and give
    back what it spent — each entry once: both are marked reversed (a charge repriced
    several times gives back each spend once, not every past spend again). Without
    ``give_back_spent`` what it spent stays spent (a reprice keeping its reward)."""
    locking.require_transaction()
    earned = PointsEntry.objects.filter(charge=charge, kind=Kind.EARN, reversed=False)
    spent = PointsEntry.objects.filter(charge=charge, kind=Kind.SPEND, reversed=False)
    if not give_back_spent:
        spent = spent.none()
    if not earned.exists() and not spent.exists():
        return
    first = earned.first() or spent.first()
    if first is None:  # both gone since the check: nothing to reverse
        return
    customer = first.customer
    now = timezone.now()
    balance = _locked_balance(customer)
    for entry in spent.prefetch_related("allocations"):
        allocations = entry.allocations.all()
        given_back = PointsEntry.objects.filter(pk__in=[a.lot_id for a in allocations])
        by_pk = {lot.pk: lot for lot in _locked_lots(given_back)}
        for allocation in allocations:
            lot = by_pk[allocation.lot_id]
            lot.remaining += allocation.points
            lot.save(update_fields=["remaining"])
        _entry(balance, -entry.points, Kind.REVERSAL, charge=charge,
               description=_("Points given back: booking cancelled"))  # fmt: skip
        entry.reversed = True
        entry.save(update_fields=["reversed"])
        for lot in by_pk.values():
            if lot.kind == Kind.EARN and lot.reversed:
                _settle_shortfall(balance, lot)
    for entry in _locked_lots(earned):
        # Read again: a reversal of the charge's other earned lot may have just taken from it.
        entry.refresh_from_db(fields=["remaining"])
        others = [lot for lot in _locked_lots(_live_lots(customer, now)) if lot.pk != entry.pk]
        others.sort(key=lambda lot: (lot.expires_at or FAR_FUTURE, lot.pk))
        # The earned lot itself first, even expired (what it still holds is these points),
        # then the other live lots, soonest expiry first. What already expired from it is
        # gone from the balance: not taken again from the customer's other points.
        lots = [entry, *others]
        wanted = entry.points - _expired_from(entry)
        taken = min(wanted, sum(lot.remaining for lot in lots))
        reversal = _entry(
            balance, -taken, Kind.REVERSAL, charge=charge, booking=entry.booking, rule=entry.rule,
            shortfall=wanted - taken, description=_("Points taken back: booking cancelled"),
        )  # fmt: skip
        _allocate(reversal, lots, taken)
        entry.reversed = True
        entry.save(update_fields=["reversed"])
        if wanted > taken:
            logger.warning(
                "Points shortfall for customer %s: %d of %d could not be taken back",
                customer.pk, wanted - taken, wanted,
            )  # fmt: skip


def _settle_shortfall(balance: PointsBalance, lot: PointsEntry) -> None:
    """Take back from ``lot`` — earned by a charge since voided, just given points back by
    a spend voided in turn — what its reversal could not take then (its shortfall).

    Voiding the earning first left those points owed (they had been spent); the spend
    given back now returns them to their lot, and they are taken from there: voiding
    the two charges in either order leaves the customer the same points. Stateless:
    what is still owed is what the lot earned, less what expired from it, less every
    take-back its charge's reversals wrote.
    """
    takes = PointsEntry.objects.filter(
        kind=Kind.REVERSAL, charge=lot.charge_id, booking=lot.booking_id, rule=lot.rule_id,
        points__lt=0,
    )  # fmt: skip
    taken_back = takes.aggregate(total=Sum("points"))["total"]
    owed = lot.points - _expired_from(lot) + (taken_back or 0)
    settle = min(owed, lot.remaining)
    if settle <= 0:
        return
    reversal = _entry(
        balance, -settle, Kind.REVERSAL, charge_id=lot.charge_id, booking_id=lot.booking_id,
        rule_id=lot.rule_id, description=_("Points taken back: booking cancelled"),
    )  # fmt: skip
    _allocate(reversal, [lot], settle)


def _expired_from(lot: PointsEntry) -> int:
    """Points of ``lot`` the expiry job wrote off."""
    written_off = PointsAllocation.objects.filter(lot=lot, entry__kind=Kind.EXPIRE)
    total: int | None = written_off.aggregate(total=Sum("points"))["total"]
    return total or 0


def pending_awards(
    customer: Customer, *, program: LoyaltyProgram | None = None
) -> list[tuple[Charge, list[Award]]]:
    """Paid bookings of the customer whose points are not awarded yet, and what they will earn."""
    if not (program or LoyaltyProgram.get()).is_enabled:
        return []
    charges = (
        Charge.objects.paid()
        .filter(customer=customer, points_awarded_at__isnull=True, booking__isnull=False)
        .select_related("booking")
    )
    return [(charge, awards_for(charge.booking, charge)) for charge in charges]


# Rewards ------------------------------------------------------------------------------------


def redeem_reward(
    customer: Customer, reward: Reward, *, user: User | None = None
) -> RewardRedemption:
    """Spend the reward's points and issue its personal single-use code or gift card.

    Returns the redemption, whose ``coupon`` (a promo code with one code,
    valid ``reward.valid_days`` days, once) or ``gift_card`` the customer gets.
    Raises :class:`~loyalty_promos.exceptions.InsufficientPoints`:
    ``insufficient_points`` when the customer cannot afford it (nothing is
    written), ``disabled`` while the loyalty programme is switched off.
    """

    if not LoyaltyProgram.get().is_enabled:
        raise InsufficientPoints("disabled")
    expires = clock.add_days(timezone.now(), reward.valid_days)
    with locking.atomic():
        entry = take(
            customer, reward.points_cost, Kind.SPEND, reward=reward, description=reward.name,
            created_by=user,
        )  # fmt: skip
        redemption = RewardRedemption(customer=customer, reward=reward, entry=entry)
        if reward.kind == Reward.Kind.GIFT_CARD:
            redemption.gift_card = issue_gift_card(
                reward.value, owner=customer, expires_at=expires, note=reward.name, user=user
            )
        else:
            is_free = reward.kind == Reward.Kind.FREE_SERVICE
            redemption.coupon = create_coupon(
                # No customer in the name: whoever types the code sees it (the live
                # price, the receipt); staff read who in the description.
                name=f"{reward.name} · #{entry.pk}",
                code="R" + random_letters(9),
                discount_type="percent" if is_free else reward.kind,
                discount_value=reward.value if not is_free else 100,
                valid_until=expires,
                max_uses=1,
                max_uses_per_customer=1,
                services=[reward.service] if is_free and reward.service else (),
                description=_("Loyalty reward for %(customer)s") % {"customer": customer},
                user=user,
            )
        redemption.save()
        send_after_commit(
            signals.reward_redeemed,
            RewardRedemption,
            customer=customer,
            redemption=redemption,
            user=user,
        )
    return redemption
