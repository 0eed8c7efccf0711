"""Giving a customer a package, and what it would change for their booked appointments.

Apart from :mod:`~loyalty_promos.services.packages` (the package ledger that
checkout uses) because assigning a package with ``include_existing``
reprices pending charges through :mod:`~loyalty_promos.services.checkout`,
which itself uses the ledger: ledger ← checkout ← assignment, no cycle.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from loyalty_promos import signals
from loyalty_promos.exceptions import PackageError
from loyalty_promos.integration import Customer, User, get_adapter
from loyalty_promos.models import (
    Charge,
    CustomerPackage,
    PackagePlan,
    PackageUsage,
    Redemption,
)
from loyalty_promos.models.base import ZERO
from loyalty_promos.services import locking, packages
from loyalty_promos.services.checkout import Quote, build_quote, lock_for_reprice, reprice
from loyalty_promos.signals import send_after_commit
from loyalty_promos.validators import parse_money


def assign_package(
    customer: Customer,
    plan: PackagePlan,
    *,
    price: Decimal | str | int | None = None,
    starts: datetime.datetime | None = None,
    expires: datetime.datetime | None = None,
    include_existing: bool = False,
    user: User | None = None,
) -> CustomerPackage:
    """Give ``plan`` to ``customer`` and return the package.

    ``price`` is what the customer paid (default: the plan's price);
    ``starts`` defaults to now and ``expires`` to what the plan's validity
    gives from ``starts``. With ``include_existing`` the package also covers
    appointments already booked, and their pending charges are recomputed
    with it; otherwise those appointments are left as they are.

    Raises :class:`~loyalty_promos.exceptions.PackageError` (``not_on_sale``
    for a plan switched off, ``ends_before_start`` for an expiry before the
    start) or :class:`~loyalty_promos.exceptions.AmountError` for a price no
    column holds.
    """
    if not plan.is_active:
        raise PackageError("not_on_sale")
    return give_package(
        customer,
        plan,
        price=price,
        starts=starts,
        expires=expires,
        include_existing=include_existing,
        user=user,
    )


def give_package(
    customer: Customer,
    plan: PackagePlan,
    *,
    price: Decimal | str | int | None = None,
    starts: datetime.datetime | None = None,
    expires: datetime.datetime | None = None,
    include_existing: bool = False,
    user: User | None = None,
) -> CustomerPackage:
    """:func:`assign_package` without the "on sale" check: for a sale already made.

    An online purchase paid after staff took its plan off sale still gets
    its package: the customer bought it while it was on sale.
    """
    if price is not None:
        price = parse_money(price)
    package = packages.new_package(
        customer,
        plan,
        price=price,
        starts=starts,
        expires=expires,
        include_existing=include_existing,
    )
    package.created_by = user
    if package.expires_at is not None and package.expires_at < package.starts_at:
        raise PackageError("ends_before_start")
    adapter = get_adapter()
    with locking.atomic():
        pending: list[Charge] = []
        if include_existing:
            # Every row a reprice may write, locked in the one order before any write.
            pending = lock_for_reprice(
                Charge.objects.pending().filter(customer=customer, starts_at__gte=package.starts_at)
            )
        else:
            package.excluded_booking_refs = [
                str(pk)
                for pk in adapter.get_customer_bookings(customer).values_list("pk", flat=True)
            ]
        package.save()
        locking.hold(locking.PACKAGE, [package])
        PackageUsage.objects.create(
            package=package,
            kind=PackageUsage.Kind.OPEN,
            visits=package.visits_left or 0,
            amount=package.credit_left or ZERO,
            created_by=user,
        )
        for charge in pending:
            reprice(charge, user=user)
        send_after_commit(signals.package_assigned, CustomerPackage, package=package, user=user)
    return package


@dataclass
class PreviewRow:
    """One booked appointment and what it would cost with the package."""

    booking: object
    charge: Charge | None
    quote: Quote


def preview_assignment(
    customer: Customer,
    plan: PackagePlan,
    *,
    price: Decimal | None = None,
    starts: datetime.datetime | None = None,
    expires: datetime.datetime | None = None,
    include_existing: bool = True,
) -> list[PreviewRow]:
    """What each upcoming appointment would cost with ``plan`` assigned: nothing is written.

    A pending charge keeps the promo code it used, as a reprice would keep it.
    """
    candidate = packages.new_package(
        customer, plan, price=price, starts=starts, expires=expires,
        include_existing=include_existing,
    )  # fmt: skip
    rows = []
    for booking in packages.upcoming_bookings(customer, candidate.starts_at):
        charge = Charge.objects.live().filter(booking=booking).first()
        uses = Redemption.objects.live().filter(charge=charge).select_related("code__coupon")
        use = uses.first() if charge is not None else None
        kept = use.code if use is not None else None
        quote = build_quote(booking, extra_package=candidate, kept_code=kept)
        rows.append(PreviewRow(booking=booking, charge=charge, quote=quote))
    return rows
