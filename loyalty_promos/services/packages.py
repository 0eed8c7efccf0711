"""Assigning packages and using them at checkout.

When several packages of a customer cover a booking, the one that expires
soonest is used (then the oldest). A time pass or a visit pack pays the whole
booking (a visit pack uses one visit); a credit pack pays up to what is left
on it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from loyalty_promos.integration import Booking, Customer, Service, User, get_adapter
from loyalty_promos.models import Charge, CustomerPackage, PackagePlan, PackageUsage
from loyalty_promos.models.base import ZERO
from loyalty_promos.services import locking
from loyalty_promos.services.conditions import allows

Kind = PackagePlan.Kind
FAR_FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def load_packages(
    customer: Customer | None, at: datetime.datetime, *, lock: bool = False
) -> list[CustomerPackage]:
    """The customer's usable packages at ``at``; locked for checkout. Two queries."""
    if customer is None:
        return []
    usable = CustomerPackage.objects.usable(customer, at).select_related("plan")
    if not lock:
        return list(usable.prefetch_related("plan__services"))
    held = locking.lock_query(locking.PACKAGE, usable)
    models.prefetch_related_objects(held, "plan__services")
    return held


def covers(package: CustomerPackage, service: Service, booking_ref: str) -> bool:
    return allows(package.plan.services, service) and (
        booking_ref not in package.excluded_booking_refs
    )


def choose(
    packages: Iterable[CustomerPackage], service: Service, booking_ref: str
) -> CustomerPackage | None:
    candidates = [p for p in packages if covers(p, service, booking_ref)]
    candidates.sort(key=lambda p: (p.expires_at or FAR_FUTURE, p.starts_at, p.pk or 0))
    return candidates[0] if candidates else None


def amount_covered(package: CustomerPackage | None, due: Decimal) -> Decimal:
    if package is None or due <= 0:
        return ZERO
    if package.plan.kind == Kind.CREDIT_PACK:
        return min(package.credit_left or ZERO, due)
    return due


def use(package: CustomerPackage, amount: Decimal, *, charge: Charge) -> PackageUsage:
    """Take one visit or ``amount`` of credit from ``package`` (locked by the caller)."""
    locking.require_transaction()
    visits = 0
    if package.plan.kind == Kind.VISIT_PACK:
        if package.visits_left is None:
            raise ValueError(f"Visit pack {package.pk} does not count its visits.")
        package.visits_left -= 1
        visits = -1
    elif package.plan.kind == Kind.CREDIT_PACK:
        package.credit_left -= amount
    package.save(update_fields=["visits_left", "credit_left", "updated_at"])
    usage: PackageUsage = PackageUsage.objects.create(
        package=package, charge=charge, kind=PackageUsage.Kind.USE, visits=visits, amount=-amount
    )
    return usage


def booking_start(charge: Charge) -> datetime.datetime | None:
    """When ``charge``'s appointment starts now: read from its booking, which may have
    been moved since the checkout copied its start; the copy once the booking is gone."""
    booking = charge.booking if charge.booking_id is not None else None
    if booking is None:
        return charge.starts_at
    try:
        return get_adapter().get_start(booking)
    except ObjectDoesNotExist:  # a related row of the booking deleted first: the copy
        return charge.starts_at


def is_forfeited(
    package: CustomerPackage, charge: Charge, *, no_show: bool, at: datetime.datetime
) -> bool:
    plan = package.plan
    if plan.cancellation != PackagePlan.Cancellation.FORFEIT_LATE:
        return False
    if no_show:
        return True
    late_limit = datetime.timedelta(hours=plan.late_cancellation_hours)
    start = booking_start(charge)
    return start is not None and start - at < late_limit


def give_back(
    charge: Charge,
    *,
    no_show: bool = False,
    user: User | None = None,
    cancelling: bool = True,
) -> PackageUsage | None:
    """Return the visit or credit ``charge`` used, unless the plan forfeits it.

    The forfeit applies to a booking being cancelled (``cancelling``, the
    default: a void); a pending charge repriced (a code applied or removed, a
    package assigned) gets its visit or credit back whatever the plan says,
    and uses it again at the new price.
    """
    locking.require_transaction()
    if charge.customer_package_id is None or not charge.package_amount:
        return None
    package = locking.lock(packages=[charge.customer_package_id]).get(
        locking.PACKAGE, CustomerPackage
    )
    used = PackageUsage.objects.filter(charge=charge, package=package)
    visits = -sum(u.visits for u in used)
    amount = -sum((u.amount for u in used), ZERO)
    if cancelling and is_forfeited(package, charge, no_show=no_show, at=timezone.now()):
        forfeit: PackageUsage = PackageUsage.objects.create(
            package=package, charge=charge, kind=PackageUsage.Kind.FORFEIT, created_by=user
        )
        return forfeit
    if package.visits_left is not None:
        package.visits_left += visits
    if package.credit_left is not None:
        package.credit_left += amount
    package.save(update_fields=["visits_left", "credit_left", "updated_at"])
    returned: PackageUsage = PackageUsage.objects.create(
        package=package,
        charge=charge,
        kind=PackageUsage.Kind.RETURN,
        visits=visits,
        amount=amount,
        created_by=user,
    )
    return returned


def new_package(
    customer: Customer,
    plan: PackagePlan,
    *,
    price: Decimal | None = None,
    starts: datetime.datetime | None = None,
    expires: datetime.datetime | None = None,
    include_existing: bool = False,
) -> CustomerPackage:
    """An unsaved package as ``assign_package`` would create it (used for previews too)."""
    starts = starts or timezone.now()
    return CustomerPackage(
        customer=customer,
        plan=plan,
        price_paid=plan.price if price is None else price,
        starts_at=starts,
        expires_at=expires if expires is not None else plan.expiry_from(starts),
        include_existing=include_existing,
        visits_left=plan.visits if plan.kind == Kind.VISIT_PACK else None,
        credit_left=plan.credit if plan.kind == Kind.CREDIT_PACK else None,
    )


def upcoming_bookings(customer: Customer, since: datetime.datetime) -> list[Booking]:
    adapter = get_adapter()
    bookings = adapter.get_customer_bookings(customer).filter(
        **adapter.start_condition("gte", since)
    )
    return [b for b in bookings if not adapter.is_cancelled(b)]


def extend_expiry(packages: models.QuerySet[CustomerPackage], days: int) -> int:
    """Push the expiry of ``packages`` by ``days`` (packages without expiry are left alone)."""
    count = 0
    with locking.atomic():
        for package in locking.lock_query(
            locking.PACKAGE, packages.exclude(expires_at__isnull=True)
        ):
            package.expires_at += datetime.timedelta(days=days)
            package.save(update_fields=["expires_at", "updated_at"])
            count += 1
    return count


def set_plans_on_sale(plans: models.QuerySet[PackagePlan], on_sale: bool) -> int:
    """Put plans on sale or take them off; each plan is saved, so its history records it."""
    count = 0
    with transaction.atomic():
        chosen = PackagePlan.objects.filter(pk__in=plans.values("pk"))
        for plan in chosen.select_for_update().exclude(is_active=on_sale).order_by("pk"):
            plan.is_active = on_sale
            plan.save(update_fields=["is_active"])
            count += 1
    return count
