"""Sending a promo code to customers by email (Django's email backend) and SMS (a host hook).

Two ways to send: :func:`share_code` sends one code to everyone (a code
printed on a flyer), :func:`share_batch` gives each customer their own
unused code from a batch of single-use codes. Every code sent is recorded
(:class:`~loyalty_promos.models.CodeShare`); a batch never gives a customer a
second code, nor one code to two customers, even when two people send at
once (the coupon row is locked while codes are handed out).

Messages are Django templates written by staff, rendered as plain text on
the restricted message engine (``loyalty_promos.templating``) with these
variables: ``customer_name``, ``code``, ``discount``, ``valid_until``,
``promo_name`` and ``conditions`` (the offer's rules in plain words, see
:func:`coupon_conditions`). A message left as the app wrote it (``subject``
or ``body`` None) goes out in each customer's language
(``get_customer_language`` of the adapter, else the site's); a message
staff wrote goes out as written, its values in the language of the sender.
Emails go out after the surrounding transaction commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, translation
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.compat import email_connection
from loyalty_promos.conf import app_settings
from loyalty_promos.integration import Customer, DefaultBookingAdapter, User, get_adapter
from loyalty_promos.models import CodeBatch, CodeShare, Coupon, CouponCode, Redemption
from loyalty_promos.services import clock, locking
from loyalty_promos.services.money import format_money
from loyalty_promos.templating import render, validate_message

DEFAULT_SUBJECT = gettext_lazy("A promo code for you: {{ code }}")
DEFAULT_BODY = gettext_lazy(
    "Hello {{ customer_name }},\n\n"
    "Here is your promo code {{ code }}: {{ discount }} off your next appointment"
    "{% if valid_until %}, valid until {{ valid_until }}{% endif %}.\n\n"
    "{% if conditions %}Conditions: {{ conditions }}.\n\n{% endif %}"
    "See you soon!"
)
VARIABLES = ("customer_name", "code", "discount", "valid_until", "promo_name", "conditions")

#: The values a message is tried with when it is written (``validate_template``).
SAMPLE_CONTEXT: dict[str, Any] = {
    "customer_name": "Camille Dupont",
    "code": "SUMMER10",
    "discount": "10 %",
    "valid_until": "31/12/2027",
    "promo_name": "Summer",
    "conditions": "Saturday and Sunday only; once per customer",
}
#: How many services or staff members a summary names before "and N more".
NAMED_AT_MOST = 4


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
    """What a send did. A customer reached by email and text counts in both."""

    emailed: int = 0
    texted: int = 0
    #: Customers with neither an email address nor (when texting) a phone number.
    unreachable: int = 0
    #: Customers who got a code now.
    customers: int = 0
    #: Customers who already had a code of this batch: nothing sent again.
    already_sent: int = 0
    #: Customers left without a code: the batch had no unused code left for them.
    without_code: int = 0


# The offer in plain words --------------------------------------------------------------------


def _names(objects: Sequence[Any]) -> str:
    """``A, B and C``; past :data:`NAMED_AT_MOST` names, ``A, B, C, D and 3 more``."""
    names = [str(obj) for obj in objects[:NAMED_AT_MOST]]
    if len(objects) > NAMED_AT_MOST:
        more = len(objects) - NAMED_AT_MOST
        names.append(ngettext("%(count)d more", "%(count)d more", more) % {"count": more})
    return str(get_text_list(names, _("and")))


def _date(moment: datetime.datetime) -> str:
    return formats.date_format(clock.local(moment), "DATE_FORMAT")


def _time(moment: datetime.time) -> str:
    return formats.time_format(moment, "TIME_FORMAT")


def coupon_conditions(coupon: Coupon) -> str:
    """The rules of ``coupon`` a customer must meet, in plain words, in the active language.

    ``"Saturday and Sunday only; for Brushing and Coupe femme only; once per
    customer"``; empty when anything goes. The discount and the end of the
    validity are said apart (``discount``, ``valid_until``), so they are not
    repeated here. Two queries (the services and staff chosen).
    """
    parts: list[str] = []
    if coupon.weekdays and len(set(coupon.weekdays)) < 7:
        days = [str(WEEKDAYS[day]) for day in sorted(set(coupon.weekdays))]
        parts.append(_("%(days)s only") % {"days": get_text_list(days, _("and"))})
    if coupon.time_from is not None and coupon.time_until is not None:
        parts.append(
            _("appointments starting from %(start)s to %(end)s")
            % {"start": _time(coupon.time_from), "end": _time(coupon.time_until)}
        )
    if coupon.appointment_from and coupon.appointment_until:
        parts.append(
            _("appointments from %(start)s to %(end)s")
            % {"start": _date(coupon.appointment_from), "end": _date(coupon.appointment_until)}
        )
    elif coupon.appointment_from:
        parts.append(_("appointments from %(start)s") % {"start": _date(coupon.appointment_from)})
    elif coupon.appointment_until:
        parts.append(_("appointments until %(end)s") % {"end": _date(coupon.appointment_until)})
    if coupon.valid_from:
        parts.append(_("usable from %(date)s") % {"date": _date(coupon.valid_from)})
    if services := list(coupon.services.all()):
        parts.append(_("for %(services)s only") % {"services": _names(services)})
    if staff := list(coupon.staff.all()):
        parts.append(_("with %(staff)s only") % {"staff": _names(staff)})
    if coupon.first_booking_only:
        parts.append(_("on a first appointment only"))
    if coupon.staff_only:
        parts.append(_("applied by our staff only"))
    if coupon.max_uses_per_customer == 1:
        parts.append(_("once per customer"))
    elif coupon.max_uses_per_customer:
        count = coupon.max_uses_per_customer
        parts.append(
            ngettext("%(count)d time per customer", "%(count)d times per customer", count)
            % {"count": count}
        )
    if coupon.max_uses:
        parts.append(
            ngettext(
                "limited to the first use", "limited to the first %(count)d uses", coupon.max_uses
            )
            % {"count": coupon.max_uses}
        )
    return "; ".join(parts)


# Writing the messages ------------------------------------------------------------------------


def customer_language(customer: Customer, adapter: DefaultBookingAdapter | None = None) -> str:
    """The language ``customer`` reads: the adapter's answer when the site offers it, else the
    site's (``LANGUAGE_CODE``)."""
    wanted = (adapter or get_adapter()).get_customer_language(customer)
    if wanted:
        try:
            return translation.get_supported_language_variant(wanted)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def discount_text(coupon: Coupon) -> str:
    """``15 %`` or ``5.00 EUR``, with the active language's decimal separator."""
    if coupon.discount_type == coupon.DiscountType.AMOUNT:
        return format_money(coupon.discount_value, app_settings.CURRENCY)
    value = f"{coupon.discount_value.normalize():f}"
    return value.replace(".", str(formats.get_format("DECIMAL_SEPARATOR"))) + " %"


def message_context(
    code: CouponCode, customer: Customer, *, conditions: str | None = None
) -> dict[str, str]:
    """The values a message is written with, in the active language."""
    coupon = code.coupon
    return {
        "customer_name": get_adapter().get_customer_name(customer),
        "code": code.code,
        "discount": discount_text(coupon),
        "valid_until": _date(coupon.valid_until) if coupon.valid_until else "",
        "promo_name": coupon.name,
        "conditions": coupon_conditions(coupon) if conditions is None else conditions,
    }


@dataclass
class _Recipient:
    customer: Customer
    email: str
    phone: str


def _recipients(
    customers: Iterable[Customer], *, texting: bool, result: ShareResult
) -> list[_Recipient]:
    """Each customer once, with how to reach them; the unreachable are counted, not kept."""
    adapter = get_adapter()
    recipients: dict[Any, _Recipient] = {}
    for customer in customers:
        if customer.pk in recipients:
            continue
        email = adapter.get_customer_email(customer)
        phone = adapter.get_customer_phone(customer) if texting else ""
        if email or phone:
            recipients[customer.pk] = _Recipient(customer, email, phone)
        else:
            result.unreachable += 1
    return list(recipients.values())


def _deliver(
    pairs: list[tuple[_Recipient, CouponCode]],
    *,
    batch: CodeBatch | None,
    subject: str | None,
    body: str | None,
    sms_sender: SmsSender | None,
    user: User | None,
    result: ShareResult,
) -> None:
    """Write each message, record each code sent, and send them all once the transaction commits.

    ``subject``/``body`` None: the app's own message, in each customer's language.
    """
    adapter = get_adapter()
    emails: list[mail.EmailMessage] = []
    texts: list[tuple[str, str]] = []
    shares: list[CodeShare] = []
    conditions: dict[tuple[Any, str], str] = {}
    for recipient, code in pairs:
        if subject is None or body is None:
            language = customer_language(recipient.customer, adapter)
        else:
            language = translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            key = (code.coupon_id, language)
            if key not in conditions:
                conditions[key] = coupon_conditions(code.coupon)
            context = message_context(code, recipient.customer, conditions=conditions[key])
            subject_text = render(str(DEFAULT_SUBJECT if subject is None else subject), context)
            body_text = render(str(DEFAULT_BODY if body is None else body), context)
        if recipient.email:
            emails.append(
                mail.EmailMessage(
                    subject_text.replace("\n", " "),
                    body_text,
                    settings.DEFAULT_FROM_EMAIL,
                    [recipient.email],
                )
            )
        if recipient.phone:
            texts.append((recipient.phone, body_text))
        shares.append(
            CodeShare(
                coupon_id=code.coupon_id,
                batch=batch,
                code=code,
                code_text=code.code,
                customer=recipient.customer,
                emailed=bool(recipient.email),
                texted=bool(recipient.phone),
                language=language,
                sent_by=user if getattr(user, "pk", None) else None,
            )
        )
    CodeShare.objects.bulk_create(shares)
    result.customers += len(shares)
    result.emailed += len(emails)
    result.texted += len(texts)

    def send() -> None:
        if emails:
            with email_connection() as connection:
                connection.send_messages(emails)
        if sms_sender is not None:  # texts are only collected with a sender
            for phone, text in texts:
                sms_sender(phone, text)

    transaction.on_commit(send)


def _validate(subject: str | None, body: str | None) -> None:
    if subject is not None:
        validate_template(subject, label=_("Subject"))
    if body is not None:
        validate_template(body, label=_("Message"))


# Sending -------------------------------------------------------------------------------------


def share_code(
    code: CouponCode,
    customers: Iterable[Customer],
    *,
    subject: str | None = None,
    body: str | None = None,
    send_sms: bool = False,
    user: User | None = None,
) -> ShareResult:
    """Email (and optionally text) the one ``code`` to each customer; returns what was sent.

    ``subject`` or ``body`` None: the app's own message, in each customer's language.
    """
    _validate(subject, body)
    sms_sender = get_sms_sender() if send_sms else None
    result = ShareResult()
    recipients = _recipients(customers, texting=sms_sender is not None, result=result)
    with transaction.atomic():
        _deliver(
            [(recipient, code) for recipient in recipients],
            batch=None,
            subject=subject,
            body=body,
            sms_sender=sms_sender,
            user=user,
            result=result,
        )
    return result


def _free_codes() -> models.QuerySet[CouponCode]:
    """Active codes never used (no live redemption) and never sent."""
    used = Redemption.objects.filter(code=OuterRef("pk"), voided_at__isnull=True)
    return CouponCode.objects.filter(~Exists(used), is_active=True, shares__isnull=True)


def unused_codes(batch: CodeBatch) -> models.QuerySet[CouponCode]:
    """The codes of ``batch`` still free to give: active, never used, never sent."""
    return _free_codes().filter(batch=batch)


def with_unused_codes(batches: models.QuerySet[CodeBatch]) -> models.QuerySet[CodeBatch]:
    """``batches`` annotated with ``unused_codes``: how many codes each can still give."""
    count = (
        _free_codes()
        .filter(batch=OuterRef("pk"))
        .order_by()
        .values("batch")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return batches.annotate(unused_codes=Coalesce(Subquery(count), 0))


def share_batch(
    batch: CodeBatch,
    customers: Iterable[Customer],
    *,
    subject: str | None = None,
    body: str | None = None,
    send_sms: bool = False,
    user: User | None = None,
) -> ShareResult:
    """Give each customer their own unused code of ``batch``, by email (and text); record it.

    A customer who already had a code of this batch is skipped
    (``already_sent``); when the batch runs out, the customers left over get
    nothing (``without_code``), in the order given. Customers who cannot be
    reached take no code. The coupon row is locked while codes are handed
    out (``services/locking.py``), so two sends at once never give one code
    to two customers; the database refuses it besides.
    """
    _validate(subject, body)
    sms_sender = get_sms_sender() if send_sms else None
    result = ShareResult()
    recipients = _recipients(customers, texting=sms_sender is not None, result=result)
    with locking.atomic():
        locking.lock(coupons=[batch.coupon_id])
        had = set(
            CodeShare.objects.filter(
                batch=batch, customer__in=[r.customer.pk for r in recipients]
            ).values_list("customer_id", flat=True)
        )
        waiting = [r for r in recipients if r.customer.pk not in had]
        result.already_sent = len(recipients) - len(waiting)
        free = list(unused_codes(batch).order_by("pk").values_list("pk", flat=True)[: len(waiting)])
        codes = locking.lock(codes=free).rows.get(locking.CODE, [])
        coupon = batch.coupon
        for code in codes:
            code.coupon = coupon  # one coupon for all: read once
        result.without_code = len(waiting) - len(codes)
        _deliver(
            list(zip(waiting, codes, strict=False)),
            batch=batch,
            subject=subject,
            body=body,
            sms_sender=sms_sender,
            user=user,
            result=result,
        )
    return result
