"""What a host booking's deletion or cancellation does to the value it consumed.

The policy (``docs/integration.rst``, "Deleting customers and bookings"):

* a **pending** charge is voided: everything it consumed (code use, package
  visit or credit, gift-card amount, credits, points) is given back with
  reversal entries, and the record stays, void, with its snapshot;
* a **paid** charge (paid at the desk, or prepaid with a package, credits,
  a gift card) is voided the same way while its appointment has not started:
  that is a cancellation, and a package's late-cancellation rule applies.
  Once the appointment has started, it is voided only within
  ``LOYALTY_PROMOS["VOID_PAID_WITHIN_HOURS"]`` hours of its payment (0, the
  default: never). Otherwise it stays paid with its code use, a warning is
  logged, and a deleted booking's link is cleared by the database
  (``SET_NULL``) while the snapshot keeps what was sold. Deleting an old
  appointment never refunds anything silently: a refund is a decision, made
  with ``api.void(charge)``;
* a code use recorded without a charge is released.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from loyalty_promos.conf import app_settings
from loyalty_promos.integration import Booking
from loyalty_promos.models import Charge
from loyalty_promos.services.checkout import void
from loyalty_promos.services.coupons import release_booking
from loyalty_promos.services.packages import booking_start

logger = logging.getLogger(__name__)


def may_void_paid(charge: Charge, *, now: datetime.datetime | None = None) -> bool:
    """Whether the booking policy still voids this paid charge automatically."""
    now = now or timezone.now()
    start = booking_start(charge)  # as the booking is now: it may have been moved
    if start is not None and start > now:
        return True  # cancelled or deleted before the visit
    hours: int = app_settings.VOID_PAID_WITHIN_HOURS
    if not hours or charge.paid_at is None:
        return False
    return charge.paid_at >= now - datetime.timedelta(hours=hours)


def cancel_booking(booking: Booking) -> list[Charge]:
    """Apply the cancellation policy to ``booking``, cancelled without a ``save()``.

    Saving a booking with a cancelled status (or deleting it) does this by
    itself; call it after cancelling bookings in a way Django's signals do not
    see (``queryset.update()``, raw SQL, another system). Pending charges, and
    paid ones whose appointment has not started, are voided; returns the paid
    charges kept (see the policy above). Calling it twice changes nothing more.
    """
    return release_booking_value(booking, event="cancelled")


def release_booking_value(booking: Booking, *, event: str) -> list[Charge]:
    """Apply the policy to ``booking`` (``event``: "deleted" or "cancelled").

    Returns the paid charges it kept.
    """
    kept: list[Charge] = []
    with transaction.atomic():
        for charge in Charge.objects.live().filter(booking=booking):
            if charge.status == Charge.Status.PAID and not may_void_paid(charge):
                kept.append(charge)
                logger.warning(
                    "Booking %s was %s after its appointment, and its charge %s was paid "
                    "at %s: the charge stays paid and nothing is given back "
                    "(VOID_PAID_WITHIN_HOURS=%s). Void it with api.void() if a refund is due.",
                    booking.pk,
                    event,
                    charge.pk,
                    charge.paid_at.isoformat() if charge.paid_at else "?",
                    app_settings.VOID_PAID_WITHIN_HOURS,
                )
                continue
            void(charge)
        release_booking(booking, keep=kept)
    return kept
