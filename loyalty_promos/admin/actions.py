"""Bulk actions with a two-pass confirmation page (as Django's delete_selected)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin.customer_views import customer_link
from loyalty_promos.admin.forms import PointsForm
from loyalty_promos.admin.views import SHARE_CUSTOMERS_KEY, action_form_page
from loyalty_promos.models import PointsBalance
from loyalty_promos.services.points import adjust_points_many, points_balance

__all__ = [
    "SHARE_CUSTOMERS_KEY",
    "add_points",
    "checkout_link",
    "confirm_then",
    "customer_page_link",
    "delete_codes",
    "points_history_link",
    "send_promo_code",
]


def confirm_then(modeladmin, request, queryset, *, action, title, summary, note, apply):
    """Show how many rows ``queryset`` holds; on ``post=yes`` call ``apply(queryset)``.

    ``queryset`` is already narrowed by the action (used, expired …); the
    second pass rebuilds it from the same selection, so "select all" works.
    """
    count = queryset.count()
    if request.POST.get("post") == "yes" and count:
        done = apply(queryset)
        modeladmin.message_user(request, done, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "summary": summary(count),
        "note": note,
        "count": count,
        "opts": modeladmin.model._meta,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across") == "1",
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "confirm_label": _("Yes, I'm sure"),
    }
    return TemplateResponse(request, "admin/loyalty_promos/confirm_bulk.html", context)


def delete_codes(modeladmin, request, codes, *, action, title):
    """Confirm, then delete ``codes``: uses keep their snapshot, billing is untouched."""

    def apply(queryset):
        queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        count = queryset.count()
        modeladmin.log_deletions(request, queryset)
        queryset.delete()
        return ngettext("%(count)d code deleted.", "%(count)d codes deleted.", count) % {
            "count": count
        }

    return confirm_then(
        modeladmin,
        request,
        codes,
        action=action,
        title=title,
        summary=lambda count: (
            ngettext("%(count)d code will be deleted.", "%(count)d codes will be deleted.", count)
            % {"count": count}
            if count
            else _("None of the selected codes matches: nothing to delete.")
        ),
        note=_(
            "Bookings and billing records that used them keep the code and the discount "
            "they received, and stay in the reports."
        ),
        apply=apply,
    )


@admin.action(description=gettext_lazy("Send a promo code to the selected customers"))
def send_promo_code(modeladmin, request, queryset):
    """For the host's customer admin: pick customers with its own filters and search.

    Add it to your customer ModelAdmin: ``actions = [send_promo_code]``.
    """
    if not request.user.has_perm("loyalty_promos.share_codes"):
        modeladmin.message_user(
            request, _("You are not allowed to send promo codes."), messages.ERROR
        )
        return None
    pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    request.session[SHARE_CUSTOMERS_KEY] = pks
    return HttpResponseRedirect(
        reverse(
            "admin:loyalty_promos_coupon_share_customers", current_app=modeladmin.admin_site.name
        )
    )


@admin.action(description=gettext_lazy("Add or remove loyalty points"))
def add_points(modeladmin, request, queryset):
    """For the host's customer admin (and our balances list): points to several customers.

    Add it to your customer ModelAdmin: ``actions = [add_points]``. Needs the
    *adjust points* permission; each customer is notified.
    """
    if not request.user.has_perm("loyalty_promos.adjust_points"):
        modeladmin.message_user(request, _("You are not allowed to change points."), messages.ERROR)
        return None
    customers = (
        [b.customer for b in queryset.select_related("customer")]
        if queryset.model is PointsBalance
        else list(queryset)
    )
    form = PointsForm(request.POST if "points" in request.POST else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            adjust_points_many(customers, data["points"], data["description"], user=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            ngettext(
                "Points updated for %(count)d customer.",
                "Points updated for %(count)d customers.",
                len(customers),
            )
            % {"count": len(customers)},
            messages.SUCCESS,
        )
        return None
    return action_form_page(
        modeladmin,
        request,
        action="add_points",
        title=_("Add or remove loyalty points"),
        form=form,
        submit_label=_("Save"),
        intro=ngettext(
            "%(count)d customer selected.", "%(count)d customers selected.", len(customers)
        )
        % {"count": len(customers)},
    )


def _points_link(customer, site_name: str):
    return customer_link(customer.pk, points_balance(customer), site_name)


def _customer_page_link(customer, site_name: str):
    return customer_link(customer.pk, _("Promotions and loyalty"), site_name)


def _checkout_link(booking, site_name: str):
    url = reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk], current_app=site_name)
    return format_html('<a class="lp-checkout-link" href="{}">{}</a>', url, _("Check out"))


@admin.display(description=gettext_lazy("loyalty points"))
def points_history_link(customer):
    """A list_display column for the host's customer admin on ``admin.site``: the points
    balance, linked to the history. On another AdminSite use :class:`CustomerAdminMixin`."""
    return _points_link(customer, admin.site.name)


@admin.display(description=gettext_lazy("promotions and loyalty"))
def customer_page_link(customer):
    """A list_display column for the host's customer admin on ``admin.site``: a link to
    the customer's page (points, credit, packages, gift cards, charges, actions). On
    another AdminSite use :class:`CustomerAdminMixin`."""
    return _customer_page_link(customer, admin.site.name)


@admin.display(description=gettext_lazy("checkout"))
def checkout_link(booking):
    """A list_display column for the host's booking admin on ``admin.site``: opens the
    checkout page (or the charge, once checked out; no query per row). On another
    AdminSite use :class:`BookingAdminMixin`."""
    return _checkout_link(booking, admin.site.name)


class CustomerAdminMixin:
    """For the host's customer ModelAdmin, on any AdminSite: two ``list_display`` columns
    leading to the customer's page on the site the list is shown on.

    * ``"customer_page_link"`` — "Promotions and loyalty", no query per row;
    * ``"points_history_link"`` — the points balance (one query per row).
    """

    @admin.display(description=gettext_lazy("promotions and loyalty"))
    def customer_page_link(self, customer):
        return _customer_page_link(customer, self.admin_site.name)

    @admin.display(description=gettext_lazy("loyalty points"))
    def points_history_link(self, customer):
        return _points_link(customer, self.admin_site.name)


class BookingAdminMixin:
    """For the host's booking ModelAdmin, on any AdminSite: add ``"checkout_link"`` to
    ``list_display``; the link stays on the site the list is shown on."""

    @admin.display(description=gettext_lazy("checkout"))
    def checkout_link(self, booking):
        return _checkout_link(booking, self.admin_site.name)
