"""Who may call the JSON API: a logged-in user who is a customer of the business."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from loyalty_promos import integration


class IsCustomer(BasePermission):
    """The request's user is a customer; the view reads it back as ``request.customer``.

    Anonymous callers get 401/403 from DRF's authentication; a user who is no
    customer gets 403 with the same reason as the customer pages.
    """

    message = _("Your account is not linked to a customer of this business.")

    def has_permission(self, request, view) -> bool:
        customer = integration.customer_for_user(request.user)
        request.customer = customer
        return customer is not None
