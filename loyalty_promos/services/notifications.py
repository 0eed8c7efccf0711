"""Telling customers about their points: after commit, through a replaceable sender.

The default sender emails through Django's email backend. A host replaces it
with ``LOYALTY_PROMOS["POINTS_NOTIFIER"]``: the dotted path of a callable
``notify(customer, subject, message)`` (SMS, push…).

A message never blocks money: it is written *and* sent only after the
transaction that moved the points commits, and whatever fails then (a
template with a mistake stored by code or by an older version, a filter
failing on real values, the adapter, the sender) is logged on this module's
logger and never reaches ``pay()``, checkout, the award job or an
adjustment. Staff-written templates are also checked when the programme is
saved (``LoyaltyProgram.clean`` with ``validate_message``).

Template variables: ``customer_name``, ``points``, ``balance``,
``description`` and ``expiry`` (the date the points expire, if they do).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeAlias

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import formats
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from loyalty_promos import templating
from loyalty_promos.conf import app_settings
from loyalty_promos.integration import Customer, get_adapter
from loyalty_promos.models import GiftCard, LoyaltyProgram, PointsEntry
from loyalty_promos.services import clock
from loyalty_promos.services.money import format_price

logger = logging.getLogger(__name__)
VARIABLES = ("customer_name", "points", "balance", "description", "expiry")
#: The values a message is tried with when it is saved, and shown with in the preview.
SAMPLE_CONTEXT: dict[str, Any] = LoyaltyProgram.message_sample


#: A points notifier (``LOYALTY_PROMOS["POINTS_NOTIFIER"]``):
#: ``notify(customer, subject, message)``.
Notifier: TypeAlias = Callable[[Customer, str, str], object]


def validate_message(text: str, *, label: str | Promise) -> str:
    """``text`` if it compiles on the message engine and writes with sample values."""
    return templating.validate_message(text, label=label, sample=SAMPLE_CONTEXT)


def email_notifier(customer: Customer, subject: str, message: str) -> None:
    email = get_adapter().get_customer_email(customer)
    if email:
        mail.send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [email])


def get_notifier() -> Notifier:
    path = app_settings.POINTS_NOTIFIER
    if not path:
        return email_notifier
    notifier: Notifier = import_string(path)
    return notifier


def context_for(entry: PointsEntry) -> dict[str, Any]:
    expiry = ""
    if entry.expires_at:
        expiry = formats.date_format(clock.local(entry.expires_at), "DATE_FORMAT")
    return {
        "customer_name": get_adapter().get_customer_name(entry.customer),
        "points": f"{entry.points:+d}" if entry.kind == PointsEntry.Kind.ADJUST else entry.points,
        "balance": entry.balance_after,
        "description": entry.description,
        "expiry": expiry,
    }


def render_message(
    program: LoyaltyProgram, context: dict[str, Any], *, manual: bool
) -> tuple[str, str]:
    subject = program.manual_subject if manual else program.award_subject
    body = program.manual_body if manual else program.award_body
    return (
        templating.render(subject, context).replace("\n", " "),
        templating.render(body, context),
    )


def notify_points(
    entry: PointsEntry, *, manual: bool, program: LoyaltyProgram | None = None
) -> None:
    """Write and send the award or manual-update message once the transaction commits.

    Nothing here can fail the caller: the message is written with the
    programme as it is now, after commit, and any failure is logged.
    """
    program = program or LoyaltyProgram.get()

    def send() -> None:
        try:
            subject, message = render_message(program, context_for(entry), manual=manual)
            get_notifier()(entry.customer, subject, message)
        except Exception:  # a notification must never cost the customer their points
            logger.exception(
                "Points notification to customer %s failed (points entry %s)",
                entry.customer_id,
                entry.pk,
            )

    transaction.on_commit(send)


def notify_gift_card(customer: Customer, card: GiftCard) -> None:
    """Send ``customer`` their gift card's code, value and expiry once the transaction commits.

    Goes through the points notifier (``POINTS_NOTIFIER``; default: e-mail),
    in the language active when it is called. As for points, a failure is
    logged and never undoes what gave the card.
    """

    def send() -> None:
        try:
            context = {
                "name": get_adapter().get_customer_name(customer),
                "code": card.code,
                "value": format_price(card.initial_value, app_settings.CURRENCY),
                "expiry": "",
            }
            subject = _("Your gift card %(code)s") % context
            if card.expires_at:
                context["expiry"] = formats.date_format(
                    clock.local(card.expires_at).date(), "DATE_FORMAT"
                )
                message = _(
                    "Hello %(name)s,\n\nHere is your gift card: code %(code)s, worth "
                    "%(value)s, valid until %(expiry)s.\nGive the code when you pay."
                    "\n\nSee you soon!"
                )
            else:
                message = _(
                    "Hello %(name)s,\n\nHere is your gift card: code %(code)s, worth "
                    "%(value)s.\nGive the code when you pay.\n\nSee you soon!"
                )
            get_notifier()(customer, subject, message % context)
        except Exception:  # the card is the customer's whether or not the message leaves
            logger.exception(
                "Gift card %s: the message to customer %s failed", card.pk, customer.pk
            )

    transaction.on_commit(send)
