"""The shop: what customers can buy online, the "Buy" button and a purchase's page.

The catalogue may be browsed anonymously; buying needs a login and a customer.
"Buy" starts a pending purchase (``api.start_purchase``) and hands it to the
payment backend, whose response sends the customer to pay. A purchase's page
is found by its unguessable reference among the customer's own purchases only:
anyone else's reference is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView, View

from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import AmountError
from loyalty_promos.models import CreditPack, PackagePlan, Purchase
from loyalty_promos.payments.backends import PaymentBackend, get_backend, start_payment
from loyalty_promos.portal.views import CustomerRequiredMixin, PortalMixin
from loyalty_promos.services import purchases
from loyalty_promos.services.money import format_price
from loyalty_promos.validators import MoneyFormField, parse_money

#: How many of their latest purchases a logged-in customer sees on the shop page.
RECENT_PURCHASES = 5


def validity_text(plan: PackagePlan) -> str:
    """How long a package of ``plan`` lasts, in a sentence ("Valid for 6 months")."""
    count, unit = plan.validity_count, plan.validity_unit
    if not count or not unit:
        return gettext("No expiry")
    if unit == PackagePlan.ValidityUnit.DAYS:
        text = ngettext("Valid for %(count)d day", "Valid for %(count)d days", count)
    elif unit == PackagePlan.ValidityUnit.MONTHS:
        text = ngettext("Valid for %(count)d month", "Valid for %(count)d months", count)
    else:
        text = ngettext("Valid for %(count)d year", "Valid for %(count)d years", count)
    return text % {"count": count}


class BuyForm(forms.Form):
    """What the "Buy" button posts: ``plan:<pk>``, ``pack:<pk>`` or ``gift:<amount>``,
    and the price the customer saw (optional: ``start_purchase`` refuses another one)."""

    item = forms.CharField(max_length=40)
    price = MoneyFormField(required=False)

    def clean_item(self) -> purchases.ShopItem:
        kind, _sep, value = self.cleaned_data["item"].partition(":")
        not_for_sale = ValidationError(_("This item cannot be bought online."), code="not_on_sale")
        try:
            if kind == "plan":
                return purchases.plans_for_sale().get(pk=int(value))
            if kind == "pack":
                return purchases.credit_packs_for_sale().get(pk=int(value))
            if kind == "gift":
                return purchases.GiftCardOffer(parse_money(value))
        except (ValueError, AmountError, PackagePlan.DoesNotExist, CreditPack.DoesNotExist):
            raise not_for_sale from None
        raise not_for_sale


class ShopView(PortalMixin, TemplateView):
    """Packages, credit packs and gift cards for sale online, each with a "Buy" button."""

    template_name = "loyalty_promos/portal/shop.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        currency = app_settings.CURRENCY
        plans = list(purchases.plans_for_sale())
        for plan in plans:
            plan.validity_text = validity_text(plan)
        context.update(
            currency=currency,
            plans=plans,
            credit_packs=list(purchases.credit_packs_for_sale()),
            gift_cards=[
                {"value": offer.amount, "amount": format_price(offer.amount, currency)}
                for offer in purchases.gift_cards_for_sale()
            ],
            recent_purchases=(
                list(Purchase.objects.of(self.customer)[:RECENT_PURCHASES])
                if self.customer is not None
                else []
            ),
        )
        return context


class BuyView(CustomerRequiredMixin, View):
    """POST: start the purchase and return the payment backend's response."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        # After logging in from a "Buy" button the customer lands here: back to the shop.
        return redirect("loyalty_promos:shop")

    def post(self, request, *args, **kwargs):
        form = BuyForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(reverse("loyalty_promos:shop"))
        try:
            purchase = purchases.start_purchase(
                self.customer, form.cleaned_data["item"], price=form.cleaned_data["price"]
            )
            return start_payment(request, purchase)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("loyalty_promos:shop"))


class PurchaseView(CustomerRequiredMixin, DetailView):
    """One purchase of the logged-in customer: its status and what it delivered."""

    template_name = "loyalty_promos/portal/purchase.html"
    context_object_name = "purchase"
    slug_field = "reference"
    slug_url_kwarg = "reference"

    def get_queryset(self):
        return Purchase.objects.of(self.customer).select_related(
            "plan", "credit_pack", "package", "gift_card", "credit_entry"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        purchase = self.object
        if purchase.is_pending:
            try:
                backend = get_backend(purchase.backend)
            except ImportError:  # a backend the site no longer has
                backend = PaymentBackend()
            context["pending_message"] = backend.get_pending_message(purchase)
        return context
