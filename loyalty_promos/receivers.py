"""Handlers for the host's signals, connected by ``LoyaltyPromosConfig.ready()``.

A booking that is deleted or cancelled gives back what it consumed, following
the policy of ``services/bookings.py``: a pending charge, or any charge whose
appointment has not started, is voided (kept, with its snapshot, with
reversal entries); after the appointment a paid charge only within
``VOID_PAID_WITHIN_HOURS`` of its payment, else it stays paid and a warning is
logged; a code use recorded without a charge is released.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from loyalty_promos.integration import get_adapter
from loyalty_promos.models import PricingRule
from loyalty_promos.services import pricing
from loyalty_promos.services.bookings import release_booking_value


def release_deleted_booking(sender, instance, **kwargs) -> None:
    # pre_delete: charge and redemption still point at the booking (SET_NULL comes after).
    release_booking_value(instance, event="deleted")


def release_cancelled_booking(sender, instance, created, raw=False, **kwargs) -> None:
    if not raw and not created and get_adapter().is_cancelled(instance):
        release_booking_value(instance, event="cancelled")


def forget_rules_on_setting(*, setting: str, **kwargs: Any) -> None:
    if setting in ("LOYALTY_PROMOS", "CACHES"):
        pricing.forget_rules()


def connect() -> None:
    # Pricing rules are cached per process: every change of one drops the cache.
    for signal, sender in (
        (post_save, PricingRule),
        (post_delete, PricingRule),
        (m2m_changed, PricingRule.services.through),
        (m2m_changed, PricingRule.staff.through),
    ):
        signal.connect(pricing.forget_rules, sender=sender, dispatch_uid="loyalty_promos_rules")
    setting_changed.connect(forget_rules_on_setting, dispatch_uid="loyalty_promos_rules_setting")
    booking_model = settings.LOYALTY_PROMOS_BOOKING_MODEL
    pre_delete.connect(
        release_deleted_booking, sender=booking_model, dispatch_uid="loyalty_promos_release_deleted"
    )
    post_save.connect(
        release_cancelled_booking,
        sender=booking_model,
        dispatch_uid="loyalty_promos_release_cancelled",
    )
