"""Payment methods: the list staff choose from when a charge is paid."""

from __future__ import annotations

from loyalty_promos.exceptions import ChargeError
from loyalty_promos.models import PaymentMethod
from loyalty_promos.models.billing import DEFAULT_PAYMENT_METHODS


def ensure_defaults() -> bool:
    """Add card and cash when there is no method at all; returns whether it did.

    Migration 0016 adds them; this covers a table emptied since (a test
    database flushed between tests, a fixture load), so ``pay(method="card")``
    works on every install. Methods staff switched off are never brought back.
    """
    if PaymentMethod.objects.exists():
        return False
    for position, (code, name) in enumerate(DEFAULT_PAYMENT_METHODS):
        PaymentMethod.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
    return True


def active_methods() -> list[PaymentMethod]:
    """The methods offered at the desk, in their order (card and cash on first use)."""
    methods = list(PaymentMethod.objects.active())
    if not methods and ensure_defaults():
        methods = list(PaymentMethod.objects.active())
    return methods


def find_method(code: str) -> PaymentMethod:
    """The active method whose code is ``code`` (any case, spaces trimmed).

    Raises :class:`~loyalty_promos.exceptions.ChargeError`
    (``unknown_payment_method``) naming the codes that are accepted.
    """
    found: PaymentMethod | None = (
        PaymentMethod.objects.active().filter(code__iexact=code.strip()).first()
    )
    if found is None and ensure_defaults():
        found = PaymentMethod.objects.active().filter(code__iexact=code.strip()).first()
    if found is None:
        allowed = ", ".join(PaymentMethod.objects.active().values_list("code", flat=True))
        raise ChargeError(
            "unknown_payment_method", params={"method": code, "allowed": allowed or "—"}
        )
    return found
