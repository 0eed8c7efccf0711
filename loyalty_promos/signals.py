"""Events for host code, each sent once the transaction that caused it has committed.

Connect a receiver as with any Django signal::

    from django.dispatch import receiver
    from loyalty_promos import signals

    @receiver(signals.charge_paid)
    def send_receipt(sender, charge, **kwargs):
        ...

Every signal is sent with ``sender`` = the model class of the main object and
the keyword arguments listed beside it. Nothing is sent for work that rolled
back. A receiver that raises is logged and never undoes the committed work
(``send_robust``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

#: A booking was checked out. ``charge`` (pending, or paid when nothing was left to pay).
charge_checked_out = Signal()
#: A charge was paid. ``charge``, ``method`` (the payment method, may be "").
charge_paid = Signal()
#: A charge was voided and what it consumed given back. ``charge``.
charge_voided = Signal()
#: A promo code was used. ``redemption`` (its ``coupon``, ``code``, ``booking``, ``charge``).
code_redeemed = Signal()
#: A use of a promo code was given back. ``redemption``.
code_released = Signal()
#: Points earned by the earning rules. ``customer``, ``entries`` (PointsEntry list), ``charge``.
points_awarded = Signal()
#: Points spent at checkout or on a reward. ``customer``, ``entry``.
points_spent = Signal()
#: Staff added or removed points. ``customer``, ``entry``, ``user``.
points_adjusted = Signal()
#: What was left of expired lots was written off. ``customer``, ``entries``.
points_expired = Signal()
#: A reward was redeemed with points. ``customer``, ``redemption`` (its ``coupon`` or
#: ``gift_card``), ``user``.
reward_redeemed = Signal()
#: A package was given to a customer. ``package``, ``user``.
package_assigned = Signal()
#: An online purchase was paid and delivered (its ``package``, ``gift_card`` or
#: ``credit_entry`` set). ``purchase``, ``user`` (staff confirming a desk payment, or None).
purchase_completed = Signal()


def send_after_commit(signal: Signal, sender: type, **kwargs: Any) -> None:
    """Send ``signal`` when the current transaction commits (at once outside one)."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender, **kwargs):
            if isinstance(result, Exception):
                logger.error(
                    "A receiver of a loyalty_promos signal failed: %r", receiver, exc_info=result
                )

    transaction.on_commit(send)
