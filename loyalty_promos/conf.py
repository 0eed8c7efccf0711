"""Every loyalty_promos setting with its default, read in one place.

Two kinds of settings exist:

* The four host-model names (``LOYALTY_PROMOS_CUSTOMER_MODEL`` …) are top-level
  Django settings because the shipped migrations read them as
  ``settings.LOYALTY_PROMOS_<X>_MODEL``, exactly like ``AUTH_USER_MODEL``.
  :func:`install_model_settings` gives them their defaults before our models
  load; it is the only place the app writes to Django's settings.
* Everything else lives in the ``LOYALTY_PROMOS`` dict and is read lazily
  through :data:`app_settings` (``app_settings.CURRENCY``), so tests can change
  it with the ``settings`` fixture or ``override_settings``.
"""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

#: The name of the top-level setting for each host model, with the placeholder
#: it falls back to. The customer falls back to ``AUTH_USER_MODEL`` instead.
CUSTOMER_MODEL_SETTING = "LOYALTY_PROMOS_CUSTOMER_MODEL"
SERVICE_MODEL_SETTING = "LOYALTY_PROMOS_SERVICE_MODEL"
STAFF_MODEL_SETTING = "LOYALTY_PROMOS_STAFF_MODEL"
BOOKING_MODEL_SETTING = "LOYALTY_PROMOS_BOOKING_MODEL"

PLACEHOLDERS: dict[str, str] = {
    CUSTOMER_MODEL_SETTING: "loyalty_promos.Customer",
    SERVICE_MODEL_SETTING: "loyalty_promos.Service",
    STAFF_MODEL_SETTING: "loyalty_promos.Staff",
    BOOKING_MODEL_SETTING: "loyalty_promos.Booking",
}

DEFAULTS: dict[str, Any] = {
    #: Dotted path of the class that reads a host booking (see integration.py).
    "BOOKING_ADAPTER": "loyalty_promos.integration.DefaultBookingAdapter",
    #: ISO 4217 code used when the adapter does not say otherwise.
    "CURRENCY": "EUR",
    #: The business's time zone (an IANA name): weekdays, times of day and dates of
    #: every rule are read in it, whatever zone a request activates. None:
    #: ``settings.TIME_ZONE``.
    "TIME_ZONE": None,
    #: Register our ModelAdmins on ``django.contrib.admin.site``. Hosts with
    #: their own AdminSite set False and register the classes themselves.
    "ENABLE_ADMIN": True,
    #: Dotted path of a callable ``send_sms(phone: str, message: str) -> None`` used to
    #: text promo codes to customers; None hides the SMS option.
    "SMS_SENDER": None,
    #: Dotted path of a callable ``notify(customer, subject, message)`` telling customers
    #: about their points; None emails them through Django's email backend.
    "POINTS_NOTIFIER": None,
    #: With a worker task backend (not the immediate one), exports with more rows
    #: than this run as a background task, with progress; without one they stream.
    "EXPORT_BACKGROUND_THRESHOLD": 20_000,
    #: Rows beyond which an export is never streamed in the request (a proxy or
    #: server time limit): it runs on a worker, or is refused when there is none.
    #: None: any size streams.
    "EXPORT_STREAM_LIMIT": None,
    #: On PostgreSQL (psycopg 3), CSV exports are written by ``COPY … TO STDOUT``.
    "EXPORT_POSTGRES_COPY": True,
    #: The .xlsx writer: "auto" (XlsxWriter when installed, else openpyxl),
    #: "openpyxl", "xlsxwriter", or the dotted path of a writer class.
    "XLSX_WRITER": "auto",
    #: Generating, pasting or importing more codes than this runs as a background
    #: task with progress; smaller lists are checked (and previewed) in the request.
    "CODE_BACKGROUND_THRESHOLD": 5_000,
    #: Hours a finished background export stays downloadable.
    "EXPORT_KEEP_HOURS": 48,
    #: Template the customer-facing pages extend (``{% extends %}``): the host's own
    #: site layout, with a ``{% block loyalty_content %}`` where the page goes (and
    #: optionally ``{% block loyalty_head %}`` inside its ``<head>``).
    "PORTAL_BASE_TEMPLATE": "loyalty_promos/portal/base.html",
    #: How many promo-code and gift-card checks a customer may make, per logged-in
    #: user and per client address: ``"<count>/<period>"`` with a period in
    #: seconds, minutes, hours or days (``"10/10m"``: 10 in 10 minutes; ``"30/h"``).
    #: None: no limit (a staff-only site). Counted in the cache ``THROTTLE_CACHE``.
    "CODE_CHECK_RATE": "10/10m",
    #: Where the client address comes from: None reads ``REMOTE_ADDR``; behind a
    #: proxy, the ``request.META`` key the proxy sets (``"HTTP_X_REAL_IP"``; for a
    #: list such as ``"HTTP_X_FORWARDED_FOR"`` the last address, the one your proxy
    #: added, is used) or the dotted path of a callable ``(request) -> str``.
    "CLIENT_ADDRESS": None,
    #: Alias of the Django cache (``CACHES``) that counts code checks; use one shared
    #: by every process (Redis, Memcached, the database) in production.
    "THROTTLE_CACHE": "default",
    #: Deleting or cancelling a booking voids its charge (giving back credits, gift
    #: card, package, points) when the charge is pending or the appointment has not
    #: started; after the appointment, a paid charge only within this many hours of
    #: its payment. 0: never (it stays paid, a warning is logged).
    "VOID_PAID_WITHIN_HOURS": 0,
    #: Dotted path of the payment backend of online purchases (the shop), a subclass of
    #: ``loyalty_promos.payments.backends.PaymentBackend``. The default leaves purchases
    #: pending until staff confirm the payment at the desk;
    #: ``loyalty_promos.payments.backends.TestBackend`` pays at once (demos and tests only).
    "PAYMENT_BACKEND": "loyalty_promos.payments.backends.DeskBackend",
    #: Gift-card values the shop sells (each for its own value), e.g. ``["25", "50"]``;
    #: empty: no gift cards in the shop.
    "SHOP_GIFT_CARD_AMOUNTS": [],
    #: Seconds a process keeps the active pricing rules before reading them again.
    #: A change made in the process (or announced through a cache the processes
    #: share) is seen at once; this bounds how late another process sees a change
    #: when the cache is per process (the default ``LocMemCache``). 0: read them at
    #: every checkout.
    "PRICING_RULES_CACHE_SECONDS": 60,
}


def model_setting_default(name: str) -> str:
    """The value a host-model setting takes when the host leaves it out."""
    if name == CUSTOMER_MODEL_SETTING:
        return settings.AUTH_USER_MODEL
    return PLACEHOLDERS[name]


def install_model_settings() -> None:
    """Give every missing ``LOYALTY_PROMOS_*_MODEL`` setting its default.

    Must run before our models are defined: ``Meta.swappable`` and the shipped
    migrations read these names from ``django.conf.settings``.
    """
    for name in PLACEHOLDERS:
        if not hasattr(settings, name):
            setattr(settings, name, model_setting_default(name))


class AppSettings:
    """Lazy, cached view of the ``LOYALTY_PROMOS`` dict merged over DEFAULTS."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"Invalid loyalty_promos setting: {name!r}")
        value = self.user_settings.get(name, DEFAULTS[name])
        self.__dict__[name] = value
        return value

    @property
    def user_settings(self) -> dict[str, Any]:
        value = getattr(settings, "LOYALTY_PROMOS", None)
        return value if isinstance(value, dict) else {}

    def reload(self) -> None:
        self.__dict__.clear()


app_settings = AppSettings()


def business_tz() -> zoneinfo.ZoneInfo:
    """The time zone the business runs in: ``LOYALTY_PROMOS["TIME_ZONE"]``, else ``TIME_ZONE``.

    Every rule (coupon weekdays and times of day, pricing rules, earning rules,
    expiry by months) is evaluated in it, never in the zone a request activated.
    """
    name = app_settings.TIME_ZONE or settings.TIME_ZONE or "UTC"
    return _zone(name)


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


@receiver(setting_changed)
def _reload_app_settings(*, setting: str, **kwargs: Any) -> None:
    if setting == "LOYALTY_PROMOS":
        app_settings.reload()
