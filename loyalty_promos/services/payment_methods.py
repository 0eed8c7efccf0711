"""Payment methods: the list staff choose from when a charge is paid."""

from __future__ import annotations

from loyalty_promos.exceptions import ChargeError
from loyalty_promos.models import PaymentMethod


def active_methods() -> list[PaymentMethod]:
    """The methods offered at the desk, in their order."""
    return list(PaymentMethod.objects.active())


def find_method(code: str) -> PaymentMethod:
    """The active method whose code is ``code`` (any case, spaces trimmed).

    Raises :class:`~loyalty_promos.exceptions.ChargeError`
    (``unknown_payment_method``) naming the codes that are accepted.
    """
    found: PaymentMethod | None = (
        PaymentMethod.objects.active().filter(code__iexact=code.strip()).first()
    )
    if found is None:
        allowed = ", ".join(PaymentMethod.objects.active().values_list("code", flat=True))
        raise ChargeError(
            "unknown_payment_method", params={"method": code, "allowed": allowed or "—"}
        )
    return found
