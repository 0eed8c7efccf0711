"""Handlers for the host's signals, connected by ``LoyaltyPromosConfig.ready()``.

A booking that is deleted or cancelled gives back the code use it consumed:
its redemption is voided (kept, with its snapshot), never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save, pre_delete

from loyalty_promos.integration import get_adapter
from loyalty_promos.services.coupons import release_booking


def release_deleted_booking(sender, instance, **kwargs) -> None:
    # pre_delete: the redemption still points at the booking (SET_NULL comes after).
    release_booking(instance)


def release_cancelled_booking(sender, instance, created, raw=False, **kwargs) -> None:
    if not raw and not created and get_adapter().is_cancelled(instance):
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
