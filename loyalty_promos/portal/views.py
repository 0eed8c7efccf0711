"""Customer-facing pages: each a class-based view a host may subclass or re-route."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .. import integration
from ..conf import app_settings


class PortalMixin:
    """Context every customer page needs: the host's base template and the customer.

    ``self.customer`` is the customer the logged-in user is (the adapter's
    ``get_customer_for_user``), or None for anonymous visitors and users who
    are not customers. Pages that show a customer's data use
    ``CustomerRequiredMixin`` instead, and only ever read ``self.customer``:
    ids in URLs are looked up among that customer's own rows.
    """

    def dispatch(self, request, *args, **kwargs):
        self.customer = integration.customer_for_user(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["base_template"] = app_settings.PORTAL_BASE_TEMPLATE
        context["customer"] = self.customer
        return context


class CustomerRequiredMixin(LoginRequiredMixin, PortalMixin):
    """Logged in and a customer; a user who is no customer gets a 403 with a reason."""

    not_a_customer_message = _("Your account is not linked to a customer of this business.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.customer = integration.customer_for_user(request.user)
        if self.customer is None:
            raise PermissionDenied(self.not_a_customer_message)
        return super(PortalMixin, self).dispatch(request, *args, **kwargs)
