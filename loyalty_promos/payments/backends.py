"""Payment backends: how a pending purchase reaches the customer's means of payment.

A backend is named by ``LOYALTY_PROMOS["PAYMENT_BACKEND"]`` (a dotted path) and
has one job: :meth:`PaymentBackend.start` returns the response that sends the
customer to pay (a redirect to the provider's hosted page, or a page of the
host's own). The provider tells the host when the payment succeeds or fails
(a webhook); the host's view then calls ``api.complete_purchase(reference)``
or ``api.fail_purchase(reference)``. Nothing is delivered before that.

Two backends ship: :class:`DeskBackend` (the default: the customer pays at
the desk, staff confirm the purchase in the admin) and :class:`TestBackend`
(pays at once; for demos and tests, never for a live site).
"""

from __future__ import annotations

import functools
import logging

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import PurchaseError
from loyalty_promos.models import Purchase
from loyalty_promos.services.purchases import complete_purchase, fail_purchase

logger = logging.getLogger(__name__)


class PaymentBackend:
    """The interface every payment backend implements; subclass it.

    Backends are instantiated without arguments for each use; read their
    own settings (API keys …) from the host's settings.
    """

    #: The backend's name as staff read it in the admin.
    label: Promise | str = _("online payment")
    #: What the customer reads on the purchase page while it is pending.
    pending_message: Promise | str = _("Your purchase is waiting for payment.")

    def start(self, request: HttpRequest, purchase: Purchase) -> HttpResponse:
        """Start paying for ``purchase`` (pending, just created); return the response
        that sends the customer to pay.

        Typically: create the payment at the provider with ``purchase.price``,
        ``purchase.currency`` and ``purchase.reference`` (returned to you in the
        webhook), then redirect to the provider's page, whose return URL is
        ``purchase_url(purchase)``.
        """
        raise NotImplementedError

    def get_pending_message(self, purchase: Purchase) -> Promise | str:
        """What the purchase page tells the customer while ``purchase`` waits for payment."""
        return self.pending_message


def purchase_url(purchase: Purchase) -> str:
    """The customer's page for ``purchase`` (its status), e.g. a provider's return URL."""
    return reverse("loyalty_promos:purchase", kwargs={"reference": purchase.reference})


class DeskBackend(PaymentBackend):
    """Pay at the desk: the purchase stays pending until staff confirm it in the admin."""

    label = _("pay at the desk")

    pending_message = _(
        "Pay at the desk on your next visit, quoting this reference: once the payment is "
        "confirmed, your purchase appears in your account."
    )

    def start(self, request: HttpRequest, purchase: Purchase) -> HttpResponse:
        return redirect(purchase_url(purchase))


class TestBackend(PaymentBackend):
    """Pays at once, with no provider: for the demo site and tests only."""

    label = _("test payment (no provider)")

    def start(self, request: HttpRequest, purchase: Purchase) -> HttpResponse:
        complete_purchase(purchase.reference, provider_reference=f"test-{purchase.pk}")
        return redirect(purchase_url(purchase))


@functools.cache
def _backend_class(path: str) -> type[PaymentBackend]:
    backend: type[PaymentBackend] = import_string(path)
    return backend


def backend_label(path: str) -> Promise | str:
    """The label of the backend at ``path``; the path itself when it cannot be imported."""
    try:
        return _backend_class(path).label
    except ImportError:
        return path


def get_backend(path: str | None = None) -> PaymentBackend:
    """An instance of the backend at ``path`` (default: ``LOYALTY_PROMOS["PAYMENT_BACKEND"]``)."""
    return _backend_class(path or app_settings.PAYMENT_BACKEND)()


def start_payment(request: HttpRequest, purchase: Purchase) -> HttpResponse:
    """``purchase``'s backend's response that sends the customer to pay.

    A backend that fails (the provider is down, a key is wrong) costs the
    customer nothing: the error is logged, the purchase closed as failed, and
    :class:`~loyalty_promos.exceptions.PurchaseError` ``payment_unavailable``
    raised for the page to say so. A backend that completed the purchase
    before failing (the test backend does so) sends the customer to their
    paid purchase instead.
    """
    try:
        return get_backend(purchase.backend).start(request, purchase)
    except Exception:
        logger.exception("Starting the payment of purchase %s failed", purchase.reference)
    try:
        fail_purchase(purchase.reference, reason="The payment could not be started.")
    except PurchaseError:
        # Closed meanwhile: paid by the backend before it failed, the customer has it.
        if Purchase.objects.filter(pk=purchase.pk, status=Purchase.Status.PAID).exists():
            return redirect(purchase_url(purchase))
    except DatabaseError:
        pass  # the request's transaction is broken: it rolls back whole, purchase included
    raise PurchaseError("payment_unavailable")
