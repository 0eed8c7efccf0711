"""Handlers for the host's signals, connected by ``LoyaltyPromosConfig.ready()``.

A booking that is deleted or cancelled gives back everything it consumed:
its charge is voided (kept, with its snapshot) with reversal entries, and a
code use recorded without a charge is released.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save, pre_delete

from loyalty_promos.integration import get_adapter
from loyalty_promos.services.checkout import void_booking
from loyalty_promos.services.coupons import release_booking


def release_deleted_booking(sender, instance, **kwargs) -> None:
    # pre_delete: charge and redemption still point at the booking (SET_NULL comes after).
    void_booking(instance)
    release_booking(instance)


def release_cancelled_booking(sender, instance, created, raw=False, **kwargs) -> None:
    if not raw and not created and get_adapter().is_cancelled(instance):
        void_booking(instance)
        release_booking(instance)


def connect() -> None:
    booking_model = settings.LOYALTY_PROMOS_BOOKING_MODEL
    pre_delete.connect(
        release_deleted_booking, sender=booking_model, dispatch_uid="loyalty_promos_release_deleted"
    )
    post_save.connect(
        release_cancelled_booking,
        sender=booking_model,
        dispatch_uid="loyalty_promos_release_cancelled",
    )
