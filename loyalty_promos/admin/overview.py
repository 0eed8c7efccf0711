"""The overview: the app's landing page, and the admin that gives it and the customer
pages a home on any AdminSite.

The app's own index (``…/admin/loyalty_promos/``) *is* the overview: its
template (``admin/loyalty_promos/app_index.html``) draws
:func:`overview_context` through the ``{% loyalty_promos_overview %}`` tag,
above the app's models grouped as staff think (``admin/navigation.py``).
``OverviewAdmin`` is registered on the :class:`~loyalty_promos.models.Overview`
proxy: its entry in the navigation leads to that page, and it mounts the
customer pages (``admin/customer_views.py``).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from loyalty_promos.admin.customer_views import booking_rows, customer_page, may_view_customers
from loyalty_promos.admin.navigation import APP_LABEL
from loyalty_promos.admin.sites import admin_path
from loyalty_promos.reports.charts import bar_chart
from loyalty_promos.services.overview import overview


def may_view_overview(user) -> bool:
    """The figures are billing's: staff who see charges or reports."""
    return user.has_perm("loyalty_promos.view_charge") or user.has_perm(
        "loyalty_promos.view_reports"
    )


def overview_context(request) -> dict:
    """What ``includes/overview.html`` draws, or ``{}`` when the user may not see it."""
    user = request.user
    if not may_view_overview(user):
        return {}
    data = overview()
    chart = bar_chart(
        _("Revenue and discounts per week"),
        [formats.date_format(start, "SHORT_DATE_FORMAT") for start, _r, _d in data.weeks],
        {
            _("revenue"): [revenue for _s, revenue, _d in data.weeks],
            _("discounts given"): [discounts for _s, _r, discounts in data.weeks],
        },
    )
    site = getattr(request, "current_app", None)
    return {
        "overview": data,
        "to_check_out": booking_rows(data.to_check_out, site),
        "chart": chart,
        "can_checkout": user.has_perm("loyalty_promos.checkout_booking"),
        "can_view_charges": user.has_perm("loyalty_promos.view_charge"),
        "can_view_coupons": user.has_perm("loyalty_promos.view_coupon"),
        "can_view_customers": may_view_customers(user),
    }


class OverviewAdmin(admin.ModelAdmin):
    """The overview's entry in the navigation, and the customer pages' URLs."""

    def has_view_permission(self, request, obj=None) -> bool:
        return may_view_overview(request.user) or may_view_customers(request.user)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        opts = self.model._meta
        return [
            admin_path(
                self, "", overview_redirect, f"{opts.app_label}_{opts.model_name}_changelist"
            ),
            admin_path(
                self, "customer/<path:customer_id>/", customer_page, "loyalty_promos_customer"
            ),
        ]


def overview_redirect(model_admin, request):
    """The overview lives on the app's own page."""
    return HttpResponseRedirect(
        reverse(
            "admin:app_list",
            kwargs={"app_label": APP_LABEL},
            current_app=model_admin.admin_site.name,
        )
    )
