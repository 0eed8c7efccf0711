"""One lock order for every service that moves money-like value.

Two transactions that lock the same rows in different orders can deadlock on
PostgreSQL (a void locking points then credits against a checkout locking
credits then points did, six rounds in ten). So every service takes its row
locks through :func:`lock`, which locks in this one order, whatever order
the caller names them in:

1. **online purchases** (completing one delivers a package, credit or a gift
   card, which take the locks below; checkout never locks a purchase)
2. the host's **booking**
3. **charges** (billing records)
4. **coupons** (the rule: its total-use limit)
5. **codes** (a code's own use limit)
6. **customer packages**
7. **gift cards**
8. the customer's **credit balance**
9. the customer's **points balance**
10. the customer's **points lots** (earned entries with points left)

Rows of one kind are locked by ascending primary key. A service locks
everything it will write *before* writing, then works under those locks; a
helper it calls may lock the same rows again (a no-op for a row one already
holds), but must not reach for a row of an earlier kind once a later kind is
held: :func:`lock` refuses that (``LockOrderError``), so a wrong order fails
in tests rather than deadlocking in production.

Like pretix's ``lock_objects``, :func:`lock` and every ledger helper refuse
to run outside a transaction (``TransactionRequired``): a lock outside one is
released at once and protects nothing.

On SQLite ``select_for_update`` is a no-op and the database serialises
writers; the order check still runs there, so tests catch a wrong order on
either database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, models, router, transaction

from loyalty_promos.integration import get_booking_model
from loyalty_promos.models import (
    Charge,
    Coupon,
    CouponCode,
    CreditBalance,
    CustomerPackage,
    GiftCard,
    PointsBalance,
    PointsEntry,
    Purchase,
)

_M = TypeVar("_M", bound=models.Model)

PURCHASE = "purchase"
BOOKING = "booking"
CHARGE = "charge"
COUPON = "coupon"
CODE = "code"
PACKAGE = "package"
GIFT_CARD = "gift_card"
CREDIT_BALANCE = "credit_balance"
POINTS_BALANCE = "points_balance"
POINTS_LOTS = "points_lots"

#: The one lock order (see the module docstring).
ORDER: tuple[str, ...] = (
    PURCHASE,
    BOOKING,
    CHARGE,
    COUPON,
    CODE,
    PACKAGE,
    GIFT_CARD,
    CREDIT_BALANCE,
    POINTS_BALANCE,
    POINTS_LOTS,
)
RANK = {kind: n for n, kind in enumerate(ORDER)}


class TransactionRequired(RuntimeError):
    """A lock or a ledger write was attempted outside ``transaction.atomic()``."""


class LockOrderError(RuntimeError):
    """A service asked for a lock of an earlier kind than one it already holds."""


def require_transaction(using: str | None = None) -> None:
    """Refuse to go on unless the caller holds a transaction (pretix's guard)."""
    alias = using or router.db_for_write(Charge)
    if not connections[alias].in_atomic_block:
        raise TransactionRequired(
            "loyalty_promos locks rows and writes ledgers only inside transaction.atomic()."
        )


@dataclass
class _Scope:
    """What one service call (and the helpers it calls) holds: the highest kind and the rows."""

    rank: int = -1
    held: dict[str, set[Any]] = field(default_factory=dict)
    #: The rows read under the lock (or created) by this scope, by kind and key: a
    #: second lock of a held row returns it without a query (it cannot have
    #: changed but through this transaction, which writes through these objects).
    rows: dict[str, dict[Any, Any]] = field(default_factory=dict)


_scope: ContextVar[_Scope | None] = ContextVar("loyalty_promos_lock_scope", default=None)


@contextmanager
def atomic(using: str | None = None) -> Iterator[None]:
    """``transaction.atomic()`` for a service: its locks are checked against the order.

    A service called by another service joins its caller's scope, so a helper
    that reaches back for an earlier kind is caught. Two services called one
    after the other in a host's own transaction each start afresh.
    """
    if _scope.get() is not None:
        # Inside another service: its failure fails the caller too, so no savepoint.
        with transaction.atomic(using=using, savepoint=False):
            yield
        return
    with transaction.atomic(using=using):
        token = _scope.set(_Scope())
        try:
            yield
        finally:
            _scope.reset(token)


def _check_order(kind: str, pks: Iterable[Any]) -> None:
    scope = _scope.get()
    if scope is None:
        return
    wanted = set(pks)
    held = scope.held.setdefault(kind, set())
    if wanted <= held:
        return  # locking a row one already holds takes no new lock
    rank = RANK[kind]
    if rank < scope.rank:
        raise LockOrderError(
            f"Lock of {kind!r} requested after {ORDER[scope.rank]!r}: locks are taken in the "
            f"order {' → '.join(ORDER)} (loyalty_promos.services.locking)."
        )
    scope.rank = rank
    held |= wanted


def _cached(kind: str, keys: Sequence[Any]) -> list[Any] | None:
    """The rows of ``kind`` this scope already locked, when it holds all of ``keys``."""
    scope = _scope.get()
    if scope is None:
        return None
    rows = scope.rows.get(kind, {})
    if not all(key in rows for key in keys):
        return None
    return [rows[key] for key in keys]


def _remember(kind: str, rows: Iterable[Any], key: str = "pk") -> None:
    scope = _scope.get()
    if scope is not None:
        scope.rows.setdefault(kind, {}).update((getattr(row, key), row) for row in rows)


def _locked(queryset: models.QuerySet[Any], kind: str, pks: Iterable[Any]) -> list[Any]:
    pks = sorted({pk for pk in pks if pk is not None})
    if not pks:
        return []
    require_transaction(queryset.db)
    _check_order(kind, pks)
    cached = _cached(kind, pks)
    if cached is not None:
        return cached
    rows = list(queryset.select_for_update(of=("self",)).filter(pk__in=pks).order_by("pk"))
    _remember(kind, rows)
    return rows


def _pks(objects: Iterable[Any]) -> list[Any]:
    return [getattr(obj, "pk", obj) for obj in objects if obj is not None]


def _balances(
    model: type[CreditBalance] | type[PointsBalance], kind: str, customers: Sequence[Any]
) -> list[Any]:
    customers = [c for c in customers if c is not None]
    if not customers:
        return []
    require_transaction(router.db_for_write(model))
    ids = sorted({getattr(c, "pk", c) for c in customers})
    _check_order(kind, ids)
    cached = _cached(kind, ids)
    if cached is not None:
        return cached
    # Only the balance rows are locked (of=self), never the host's customer rows.
    query = model.objects.select_for_update(of=("self",)).select_related("customer")
    rows: list[Any] = list(query.filter(customer_id__in=ids).order_by("customer_id"))
    if len(rows) < len(ids):
        found = {row.customer_id for row in rows}
        # New holders: their rows are created in one statement (in key order, like the
        # locks; a row another transaction created meanwhile is left as it is), then locked.
        new: list[Any] = [model(customer_id=pk) for pk in ids if pk not in found]
        model.objects.bulk_create(new, ignore_conflicts=True)
        rows = list(query.filter(customer_id__in=ids).order_by("customer_id"))
    _remember(kind, rows, key="customer_id")
    return rows


class Locked:
    """The rows :func:`lock` holds, by kind; ``one(kind)`` for a single row."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {}

    def one(self, kind: str) -> Any | None:
        rows = self.rows.get(kind) or []
        return rows[0] if rows else None

    def get(self, kind: str, model: type[_M]) -> _M:
        """The one locked row of ``kind``, an instance of ``model``.

        Raises ``model.DoesNotExist`` when no row was locked (deleted meanwhile).
        """
        row = self.one(kind)
        if row is None:
            missing: type[ObjectDoesNotExist] = getattr(model, "DoesNotExist", ObjectDoesNotExist)
            raise missing(f"No {model.__name__} to lock ({kind}).")
        if not isinstance(row, model):
            raise TypeError(f"The locked {kind} is a {type(row).__name__}, not a {model.__name__}.")
        return row


def lock(
    *,
    purchases: Iterable[Any] = (),
    booking: Any = None,
    charges: Iterable[Any] = (),
    coupons: Iterable[Any] = (),
    codes: Iterable[Any] = (),
    packages: Iterable[Any] = (),
    gift_cards: Iterable[Any] = (),
    credits_of: Iterable[Any] = (),
    points_of: Iterable[Any] = (),
    lots: models.QuerySet[PointsEntry] | None = None,
) -> Locked:
    """Lock the named rows (objects or primary keys) in the one order; return them fresh.

    ``credits_of`` and ``points_of`` name customers: their balance rows are
    created when missing, then locked. ``lots`` is a queryset of points
    entries. Must run inside ``transaction.atomic()``.
    """
    locked = Locked()
    if purchase_pks := _pks(purchases):
        locked.rows[PURCHASE] = _locked(Purchase.objects.all(), PURCHASE, purchase_pks)
    if booking is not None:
        locked.rows[BOOKING] = _locked(
            get_booking_model()._default_manager.all(), BOOKING, _pks([booking])
        )
    steps: list[tuple[str, models.QuerySet[Any], Iterable[Any]]] = [
        (CHARGE, Charge.objects.all(), charges),
        (COUPON, Coupon.objects.all(), coupons),
        (CODE, CouponCode.objects.all(), codes),
        (PACKAGE, CustomerPackage.objects.select_related("plan"), packages),
        (GIFT_CARD, GiftCard.objects.all(), gift_cards),
    ]
    for kind, queryset, objects in steps:
        pks = _pks(objects)
        if pks:
            locked.rows[kind] = _locked(queryset, kind, pks)
    if credits := [c for c in credits_of if c is not None]:
        locked.rows[CREDIT_BALANCE] = _balances(CreditBalance, CREDIT_BALANCE, credits)
    if points := [c for c in points_of if c is not None]:
        locked.rows[POINTS_BALANCE] = _balances(PointsBalance, POINTS_BALANCE, points)
    if lots is not None:
        locked.rows[POINTS_LOTS] = lock_query(POINTS_LOTS, lots)
    return locked


def lock_query(kind: str, queryset: models.QuerySet[Any]) -> list[Any]:
    """Lock the rows of ``queryset`` (all of one ``kind``), by primary key, and return them.

    For rows found by a condition rather than named (a customer's usable
    packages, their live points lots); read and locked in one query, so the
    condition holds for what is returned.
    """
    require_transaction(queryset.db)
    rows = list(queryset.select_for_update(of=("self",)).order_by("pk"))
    mark_locked(kind, rows)
    return rows


def mark_locked(kind: str, rows: list[Any]) -> None:
    """Record ``rows`` of ``kind`` as locked by a query that locked them itself (a code
    read with its promo code ``FOR UPDATE OF``), checking the order as :func:`lock` does."""
    _check_order(kind, [row.pk for row in rows])
    _remember(kind, rows)


def claim(kind: str, queryset: models.QuerySet[_M], limit: int, *, key: str = "pk") -> list[_M]:
    """Lock up to ``limit`` rows of ``queryset`` that no other transaction holds, by ``key``.

    ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL: workers running the same
    job at once each claim different rows (a job's chunks). SQLite runs one
    writer at a time, so there it reads the first ``limit`` rows.
    """
    require_transaction(queryset.db)
    skip = connections[queryset.db].features.has_select_for_update_skip_locked
    locked = queryset.select_for_update(skip_locked=skip, of=("self",)).order_by(key)
    rows = list(locked[:limit])
    _check_order(kind, [getattr(row, key) for row in rows])
    _remember(kind, rows, key=key)
    return rows


def hold(kind: str, objects: Iterable[Any]) -> None:
    """Record rows this transaction created (and so holds) as locked, for the order check."""
    scope = _scope.get()
    if scope is not None:
        objects = list(objects)
        scope.held.setdefault(kind, set()).update(_pks(objects))
        _remember(kind, [obj for obj in objects if isinstance(obj, models.Model)])
