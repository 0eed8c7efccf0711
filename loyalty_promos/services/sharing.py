"""Sending a promo code to customers by email (Django's email backend) and SMS (a host hook).

Messages are Django templates written by staff, rendered as plain text on
the restricted message engine (``loyalty_promos.templating``) with these
variables: ``customer_name``, ``code``, ``discount``, ``valid_until``
and ``promo_name``. Emails go out after the surrounding transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import formats
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.compat import email_connection
from loyalty_promos.conf import app_settings
from loyalty_promos.integration import Customer, get_adapter
from loyalty_promos.models import CouponCode
from loyalty_promos.services import clock
from loyalty_promos.templating import render, validate_message

DEFAULT_SUBJECT = gettext_lazy("A promo code for you: {{ code }}")
DEFAULT_BODY = gettext_lazy(
    "Hello {{ customer_name }},\n\n"
    "Here is your promo code {{ code }}: {{ discount }} off your next appointment"
    "{% if valid_until %}, valid until {{ valid_until }}{% endif %}.\n\n"
    "See you soon!"
)
VARIABLES = ("customer_name", "code", "discount", "valid_until", "promo_name")

#: The values a message is tried with when it is written (``validate_template``).
SAMPLE_CONTEXT: dict[str, Any] = {
    "customer_name": "Camille Dupont",
    "code": "SUMMER10",
    "discount": "10 %",
    "valid_until": "31/12/2027",
    "promo_name": "Summer",
}


#: The host's SMS hook (``LOYALTY_PROMOS["SMS_SENDER"]``): ``send_sms(phone, message)``.
SmsSender: TypeAlias = Callable[[str, str], object]


def validate_template(text: str, *, label: str | Promise | None = None) -> str:
    """The message if it compiles on the message engine and writes with sample values."""
    return validate_message(text, label=label or _("Message"), sample=SAMPLE_CONTEXT)


def get_sms_sender() -> SmsSender | None:
    """The host's SMS callable (``LOYALTY_PROMOS["SMS_SENDER"]``), or None."""
    path = app_settings.SMS_SENDER
    if not path:
        return None
    try:
        sender: SmsSender = import_string(path)
        return sender
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"LOYALTY_PROMOS['SMS_SENDER'] = {path!r} cannot be imported: {exc}"
        ) from exc


@dataclass
class ShareResult:
    emailed: int = 0
    texted: int = 0
    unreachable: int = 0


def message_context(code: CouponCode, customer: Customer) -> dict[str, str]:
    coupon = code.coupon
    adapter = get_adapter()
    valid_until = ""
    if coupon.valid_until:
        valid_until = formats.date_format(clock.local(coupon.valid_until), "DATE_FORMAT")
    discount = coupon.discount_display
    if coupon.discount_type == coupon.DiscountType.AMOUNT:
        discount = f"{discount} {app_settings.CURRENCY}"
    return {
        "customer_name": adapter.get_customer_name(customer),
        "code": code.code,
        "discount": discount,
        "valid_until": valid_until,
        "promo_name": coupon.name,
    }


def share_code(
    code: CouponCode,
    customers: Iterable[Customer],
    *,
    subject: str,
    body: str,
    send_sms: bool = False,
) -> ShareResult:
    """Email (and optionally text) ``code`` to each customer; returns what was sent."""
    validate_template(subject, label=_("Subject"))
    validate_template(body, label=_("Message"))
    adapter = get_adapter()
    sms_sender = get_sms_sender() if send_sms else None
    emails: list[mail.EmailMessage] = []
    texts: list[tuple[str, str]] = []
    result = ShareResult()
    for customer in customers:
        context = message_context(code, customer)
        email = adapter.get_customer_email(customer)
        phone = adapter.get_customer_phone(customer) if sms_sender else ""
        if email:
            emails.append(
                mail.EmailMessage(
                    render(subject, context).replace("\n", " "),
                    render(body, context),
                    settings.DEFAULT_FROM_EMAIL,
                    [email],
                )
            )
        if phone:
            texts.append((phone, render(body, context)))
        if not email and not phone:
            result.unreachable += 1
    result.emailed, result.texted = len(emails), len(texts)

    def send() -> None:
        if emails:
            with email_connection() as connection:
                connection.send_messages(emails)
        if sms_sender is not None:  # texts are only collected with a sender
            for phone, text in texts:
                sms_sender(phone, text)

    transaction.on_commit(send)
    return result
