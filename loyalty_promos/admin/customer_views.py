"""The customer page: everything a customer holds with us, and what staff can do for them.

Mounted by :class:`~loyalty_promos.admin.overview.OverviewAdmin` at
``…/loyalty_promos/overview/customer/<id>/`` on any AdminSite. The figures
come from :func:`loyalty_promos.services.customers.customer_summary`; every
action is a link to the page that does it, with the customer chosen, shown
only to staff with its permission.
"""

from __future__ import annotations

from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.admin.sites import object_or_404
from loyalty_promos.integration import get_adapter, get_customer_model
from loyalty_promos.services.customers import customer_summary

#: Seeing any of these lets a staff member open customer pages.
CUSTOMER_VIEW_PERMISSIONS = tuple(
    f"loyalty_promos.view_{name}"
    for name in (
        "pointsentry",
        "pointsbalance",
        "creditentry",
        "creditbalance",
        "customerpackage",
        "giftcard",
        "charge",
        "redemption",
        "customerdiscount",
    )
)

#: The customer page's buttons: (permission, URL name, query, label). ``{pk}`` in
#: the URL's arguments or query is the customer's id; ``{next}`` the page itself.
CUSTOMER_ACTIONS = (
    ("adjust_points", "loyalty_promos_points_add", (), {"customer": "{pk}", "next": "{next}"},
     gettext_lazy("Add or remove points")),
    ("redeem_reward", "loyalty_promos_points_redeem", ("{pk}",), {},
     gettext_lazy("Redeem a reward")),
    ("assign_package", "loyalty_promos_customerpackage_assign", (), {"customer": "{pk}"},
     gettext_lazy("Assign a package")),
    ("adjust_credit", "loyalty_promos_credit_add", (), {"customer": "{pk}", "next": "{next}"},
     gettext_lazy("Add credit or a refund")),
    ("sell_credit_pack", "loyalty_promos_credit_sell_pack", (),
     {"customer": "{pk}", "next": "{next}"}, gettext_lazy("Sell a credit pack")),
    ("issue_gift_card", "loyalty_promos_giftcard_add", (), {"owner": "{pk}"},
     gettext_lazy("Issue a gift card")),
    ("share_codes", "loyalty_promos_coupon_share_customers", (), {"customer": "{pk}"},
     gettext_lazy("Send a promo code")),
)  # fmt: skip


def may_view_customers(user) -> bool:
    """Whether ``user`` may open customer pages: a view permission on any of our ledgers."""
    return any(user.has_perm(permission) for permission in CUSTOMER_VIEW_PERMISSIONS)


def customer_url(customer_pk, site_name: str | None) -> str:
    return reverse("admin:loyalty_promos_customer", args=[customer_pk], current_app=site_name)


def customer_link(customer_pk, label, site_name: str | None) -> str:
    """``label`` linked to the customer's page; plain text when there is no customer."""
    if customer_pk is None:
        return format_html("{}", label or "")
    return format_html(
        '<a class="lp-customer-link" href="{}">{}</a>', customer_url(customer_pk, site_name), label
    )


def _fill(value: str, values: dict) -> str:
    return value.format(**values)


def customer_actions(request, customer, site_name: str) -> list[tuple[str, str]]:
    """(url, label) of the actions ``request.user`` may take for ``customer``."""
    values = {"pk": customer.pk, "next": request.get_full_path()}
    actions = []
    for permission, name, args, query, label in CUSTOMER_ACTIONS:
        if not request.user.has_perm(f"loyalty_promos.{permission}"):
            continue
        try:
            url = reverse(
                f"admin:{name}", args=[_fill(a, values) for a in args], current_app=site_name
            )
        except NoReverseMatch:  # that admin is not on this site
            continue
        filled = {key: _fill(value, values) for key, value in query.items()}
        actions.append((f"{url}?{urlencode(filled)}" if filled else url, str(label)))
    return actions


def discount_url(request, customer, discount, site_name: str) -> str:
    """The permanent discount's page (or its add page, with the customer chosen), if allowed."""
    user = request.user
    try:
        if discount is not None and user.has_perm("loyalty_promos.view_customerdiscount"):
            return reverse(
                "admin:loyalty_promos_customerdiscount_change",
                args=[discount.pk],
                current_app=site_name,
            )
        if discount is None and user.has_perm("loyalty_promos.add_customerdiscount"):
            url = reverse("admin:loyalty_promos_customerdiscount_add", current_app=site_name)
            return f"{url}?{urlencode({'customer': customer.pk})}"
    except NoReverseMatch:
        pass
    return ""


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get(PAGE_VAR, 1)), 1)
    except ValueError:
        return 1


def customer_page(model_admin, request, customer_id):
    """One customer at a glance: points, credit, packages, gift cards, discount, charges,
    codes used, appointments to check out, and the actions staff may take."""
    if not may_view_customers(request.user):
        raise PermissionDenied
    customer = object_or_404(get_customer_model(), customer_id)
    site = model_admin.admin_site.name
    summary = customer_summary(customer, history_page=_page_number(request))
    user = request.user
    return TemplateResponse(
        request,
        "admin/loyalty_promos/customer.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": summary.name,
            "subtitle": _("Customer"),
            "summary": summary,
            "to_check_out": booking_rows(summary.to_check_out, site),
            "discount_url": discount_url(request, customer, summary.discount, site),
            "actions": customer_actions(request, customer, site),
            "can_checkout": user.has_perm("loyalty_promos.checkout_booking"),
            "can_apply_code": user.has_perm("loyalty_promos.apply_code_to_charge"),
            "can_view_charges": user.has_perm("loyalty_promos.view_charge"),
            "page_var": PAGE_VAR,
        },
    )


def booking_rows(bookings, site_name: str | None) -> list[dict]:
    """Appointments to check out as the pages list them: when, what, who, and the links."""
    adapter = get_adapter()
    rows = []
    for booking in bookings:
        customer = adapter.get_customer(booking)
        rows.append(
            {
                "booking": booking,
                "start": adapter.get_start(booking),
                "service": adapter.get_service(booking),
                "customer": customer,
                "customer_url": customer_url(customer.pk, site_name) if customer else "",
                "checkout_url": reverse(
                    "admin:loyalty_promos_charge_checkout", args=[booking.pk], current_app=site_name
                ),
            }
        )
    return rows
