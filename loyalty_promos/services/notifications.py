"""Telling customers about their points: after commit, through a replaceable sender.

The default sender emails through Django's email backend. A host replaces it
with ``LOYALTY_PROMOS["POINTS_NOTIFIER"]``: the dotted path of a callable
``notify(customer, subject, message)`` (SMS, push…). A failing sender is
logged and never rolls back the points.

Template variables: ``customer_name``, ``points``, ``balance``,
``description`` and ``expiry`` (the date the points expire, if they do).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import formats
from django.utils.module_loading import import_string

from loyalty_promos.conf import app_settings
from loyalty_promos.integration import get_adapter
from loyalty_promos.models import LoyaltyProgram, PointsEntry
from loyalty_promos.services import clock
from loyalty_promos.services.sharing import render

logger = logging.getLogger(__name__)
VARIABLES = ("customer_name", "points", "balance", "description", "expiry")


def email_notifier(customer, subject: str, message: str) -> None:
    email = get_adapter().get_customer_email(customer)
    if email:
        mail.send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [email])


def get_notifier():
    path = app_settings.POINTS_NOTIFIER
    return import_string(path) if path else email_notifier


def context_for(entry: PointsEntry) -> dict:
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


def render_message(program: LoyaltyProgram, context: dict, *, manual: bool) -> tuple[str, str]:
    subject = program.manual_subject if manual else program.award_subject
    body = program.manual_body if manual else program.award_body
    return render(subject, context).replace("\n", " "), render(body, context)


def notify_points(entry: PointsEntry, *, manual: bool, program=None) -> None:
    """Send the award or manual-update message once the transaction commits."""
    program = program or LoyaltyProgram.get()
    subject, message = render_message(program, context_for(entry), manual=manual)
    customer = entry.customer

    def send():
        try:
            get_notifier()(customer, subject, message)
        except Exception:  # a notification must never cost the customer their points
            logger.exception("Points notification to customer %s failed", customer.pk)

    transaction.on_commit(send)
