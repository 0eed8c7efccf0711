"""Customer-facing pages: each a class-based view a host may subclass or re-route.

Views only read the request and call :mod:`loyalty_promos.services.portal`,
which filters everything on the customer the logged-in user is: no page
takes a customer id, and ids in URLs are looked up among that customer's
own rows (or the public catalogue).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from .. import integration
from ..conf import app_settings
from ..exceptions import InsufficientPoints
from ..services import portal
from ..services.wallet import credit_balance

#: Where the customer of a request is kept once the adapter has named it.
_CUSTOMER_ATTRIBUTE = "_loyalty_promos_customer"


def request_customer(request):
    """The customer of ``request.user`` (adapter), asked once per request and kept on it.

    Pages and template tags on one page share the answer (one query, not one each).
    """
    if not hasattr(request, _CUSTOMER_ATTRIBUTE):
        setattr(request, _CUSTOMER_ATTRIBUTE, integration.customer_for_user(request.user))
    return getattr(request, _CUSTOMER_ATTRIBUTE)


class PortalMixin:
    """Context every customer page needs: the host's base template and the customer.

    ``self.customer`` is the customer the logged-in user is (the adapter's
    ``get_customer_for_user``), or None for anonymous visitors and users who
    are not customers. Pages that show a customer's data use
    ``CustomerRequiredMixin`` instead, and only ever read ``self.customer``:
    ids in URLs are looked up among that customer's own rows.
    """

    def dispatch(self, request, *args, **kwargs):
        self.customer = request_customer(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["base_template"] = app_settings.PORTAL_BASE_TEMPLATE
        context["customer"] = self.customer
        # Read from the view, so the pages need neither the "request" nor the "auth"
        # context processor: the navigation's current page, the shop's buttons.
        match = self.request.resolver_match
        context["portal_page"] = match.url_name if match else ""
        context["logged_in"] = self.request.user.is_authenticated
        return context


class CustomerRequiredMixin(LoginRequiredMixin, PortalMixin):
    """Logged in and a customer; a user who is no customer gets a 403 page saying why."""

    not_a_customer_message = _("Your account is not linked to a customer of this business.")
    not_a_customer_template = "loyalty_promos/portal/not_a_customer.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.customer = request_customer(request)
        if self.customer is None:
            return self.handle_not_a_customer(request)
        return super(PortalMixin, self).dispatch(request, *args, **kwargs)

    def handle_not_a_customer(self, request):
        """A 403 page in the host's layout with the reason (raise ``PermissionDenied``
        in an override to use the site's own 403 handler instead)."""
        context = {
            "base_template": app_settings.PORTAL_BASE_TEMPLATE,
            "customer": None,
            "message": self.not_a_customer_message,
        }
        return TemplateResponse(request, self.not_a_customer_template, context, status=403)


class OverviewView(CustomerRequiredMixin, ListView):
    """My loyalty: points balance, points to come, coming expiries, the history."""

    template_name = "loyalty_promos/portal/overview.html"
    context_object_name = "entries"
    paginate_by = 20

    def get_queryset(self):
        return portal.points_history(self.customer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = portal.points_summary(self.customer)
        return context


class RewardsView(CustomerRequiredMixin, TemplateView):
    """The rewards catalogue: "Redeem with points" only for what the customer can afford."""

    template_name = "loyalty_promos/portal/rewards.html"
    #: How many of the customer's redeemed rewards (with their codes) are listed.
    redemptions_shown = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogue"] = portal.catalogue(self.customer)
        context["redemptions"] = portal.redemptions(self.customer)[: self.redemptions_shown]
        return context


class RedeemRewardView(CustomerRequiredMixin, View):
    """POST only: spend the customer's own points on a reward, then redirect (PRG)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        reward = get_object_or_404(portal.rewards(self.customer), pk=pk)
        try:
            redemption = portal.redeem(self.customer, reward, user=request.user)
        except InsufficientPoints as error:
            messages.error(request, portal.refusal_text(error, reward))
            return redirect("loyalty_promos:rewards")
        if redemption.gift_card is not None:
            messages.success(
                request,
                gettext(
                    "You redeemed “%(reward)s”: your gift card %(code)s is below "
                    "and on its way to you by e-mail."
                )
                % {"reward": reward.name, "code": redemption.gift_card.code},
            )
            return redirect("loyalty_promos:gift_cards")
        messages.success(
            request,
            gettext("You redeemed “%(reward)s”: your code is %(code)s.")
            % {"reward": reward.name, "code": redemption.code},
        )
        return redirect("loyalty_promos:rewards")


class GiftCardsView(CustomerRequiredMixin, ListView):
    """My gift cards: code, balance, expiry and the history of each."""

    template_name = "loyalty_promos/portal/gift_cards.html"
    context_object_name = "cards"
    paginate_by = 20

    def get_queryset(self):
        return portal.gift_cards(self.customer)


class PackagesView(CustomerRequiredMixin, ListView):
    """My packages: kind, visits or credit left, expiry."""

    template_name = "loyalty_promos/portal/packages.html"
    context_object_name = "packages"
    paginate_by = 20

    def get_queryset(self):
        return portal.packages(self.customer)


class CreditsView(CustomerRequiredMixin, ListView):
    """My credits: the balance and its entries."""

    template_name = "loyalty_promos/portal/credits.html"
    context_object_name = "entries"
    paginate_by = 20

    def get_queryset(self):
        return portal.credit_history(self.customer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["balance"] = credit_balance(self.customer)
        return context
