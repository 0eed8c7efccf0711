"""Throttling code checks from customers, so a batch of codes cannot be guessed.

Every customer-facing entry point that looks a promo code or a gift card up —
the booking-form field, the live-price endpoint, the REST API — calls
:func:`check_rate` first. Each call counts one attempt for the logged-in user
and one for the client address, in Django's cache; past
``LOYALTY_PROMOS["CODE_CHECK_RATE"]`` attempts in the window, it raises
:class:`~loyalty_promos.exceptions.ThrottledError` (code ``throttled``) until
the window ends. Windows are fixed (aligned on the clock), counters are atomic
``cache.incr`` calls, and refused attempts count too: someone guessing keeps
being refused until they stop.

Why not django-ratelimit: see ``docs/dependencies.rst``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from typing import Any

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string

from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import ThrottledError

__all__ = ["ThrottledError", "check_rate", "client_address", "parse_rate"]

#: The scope of promo-code and gift-card checks (one counter for both: either is a guess).
CODES = "codes"

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: IPv6 clients usually hold a whole /64: count the network, not each address in it.
_IPV6_PREFIX = 64


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/10m"`` → ``(10, 600)``: attempts allowed, window in seconds."""
    match = _RATE.match(rate)
    if match is None or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"LOYALTY_PROMOS['CODE_CHECK_RATE'] = {rate!r} is not a rate such as '10/10m' "
            "(count / period in s, m, h or d)."
        )
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def client_address(request: HttpRequest) -> str:
    """The client's address as ``LOYALTY_PROMOS["CLIENT_ADDRESS"]`` says to read it.

    An IPv6 address stands for its /64 network (an IPv4-mapped one,
    ``::ffff:203.0.113.5``, for the IPv4 address it carries). A value that is no address
    (a misconfigured proxy header) is used as it is, and an empty one counts
    as ``"unknown"``: such clients share one counter rather than having none.
    """
    source = app_settings.CLIENT_ADDRESS
    if source is None:
        value = request.META.get("REMOTE_ADDR", "")
    elif "." in source:
        value = import_string(source)(request)
    else:
        value = request.META.get(source, "")
    value = (value or "").split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return value or "unknown"
    if address.version == 6 and address.ipv4_mapped is not None:
        # ::ffff:203.0.113.5 (a dual-stack server) is that IPv4 client, not one /64 for all.
        return str(address.ipv4_mapped)
    if address.version == 6:
        network = ipaddress.ip_network(f"{address}/{_IPV6_PREFIX}", strict=False)
        return str(network.network_address)
    return str(address)


def _count(cache: Any, key: str, period: int) -> int:
    """One more attempt on ``key``; the counter lives as long as its window."""
    cache.add(key, 0, timeout=period)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=period)
        return 1


def check_rate(request: HttpRequest, scope: str = CODES, value: str = "") -> None:
    """Count one code check for the request's user and address; refuse past the rate.

    Raises :class:`~loyalty_promos.exceptions.ThrottledError` (``wait``: seconds
    until the window ends) when either counter is over
    ``LOYALTY_PROMOS["CODE_CHECK_RATE"]``; does nothing when the rate is None.
    ``scope`` names the counter: entry points checking the same kind of secret
    share one (promo codes and gift cards: :data:`CODES`). ``value`` is what is
    checked (the code typed): a value already let through in this window is not
    counted again, so a live price refreshed ten times for one code costs one
    attempt, while each new guess costs one.
    """
    rate = app_settings.CODE_CHECK_RATE
    if not rate:
        return
    limit, period = parse_rate(rate)
    now = int(time.time())
    window, elapsed = divmod(now, period)
    holders = [f"address:{client_address(request)}"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        holders.append(f"user:{user.pk}")
    cache = caches[app_settings.THROTTLE_CACHE]
    prefix = f"loyalty_promos:throttle:{scope}:{period}:{window}"
    keys = [f"{prefix}:{_digest(holder)}" for holder in holders]
    seen = [f"{key}:seen:{_digest(value)}" for key in keys] if value else []
    if seen and all(cache.get(key) for key in seen):
        return
    over = False
    for key in keys:
        over = _count(cache, key, period) > limit or over
    if over:
        raise ThrottledError(wait=period - elapsed)
    # Remembered only once let through: a refused guess stays refused when repeated.
    cache.set_many(dict.fromkeys(seen, True), timeout=period)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]
