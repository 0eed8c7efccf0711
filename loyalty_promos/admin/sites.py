"""Our admin works on any AdminSite, not only ``admin.site``.

Hosts may register our ModelAdmins on their own site (another name, another
URL prefix). Every view we add through ``get_urls`` goes through
:func:`site_view`, so ``request.current_app`` names that site and every
``reverse("admin:…")`` and ``{% url 'admin:…' %}`` stays on it; models are
looked up with :func:`registered_admin` (Django's public
``get_model_admin``), never the site's private registry.
"""

from __future__ import annotations

import functools

from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse


def site_view(admin_site, view):
    """``admin_site.admin_view(view)`` that also sets ``request.current_app``."""

    @functools.wraps(view)
    def on_site(request, *args, **kwargs):
        request.current_app = admin_site.name
        return view(request, *args, **kwargs)

    return admin_site.admin_view(on_site)


def admin_path(model_admin, route: str, view, name: str, **kwargs):
    """A URL of ``model_admin`` for ``view(model_admin, request, …)`` (``admin/views.py``),
    through :func:`site_view`."""
    bound = functools.partial(view, model_admin, **kwargs)
    functools.update_wrapper(bound, view)
    return path(route, site_view(model_admin.admin_site, bound), name=name)


def registered_admin(admin_site, model):
    """The ModelAdmin of ``model`` on ``admin_site``, or None when it is not registered."""
    try:
        return admin_site.get_model_admin(model)
    except NotRegistered:
        return None


def object_or_404(model, pk):
    """``get_object_or_404`` for ids taken from a URL: ``abc`` is a 404, not a 500.

    Our custom URLs take ``<path:…>`` ids (hosts may use non-integer keys), so
    a value the primary key cannot hold reaches the query: it raises
    ValueError or ValidationError there, which we answer as "not found".
    """
    try:
        return get_object_or_404(model, pk=pk)
    except (ValueError, TypeError, ValidationError, OverflowError):
        raise Http404 from None


def customer_admin_url(customer, admin_site=None) -> str | None:
    """The customer's page in the admin (``admin:loyalty_promos_customer_detail``), or None
    when no such page is mounted on the site (or there is no customer)."""
    if customer is None:
        return None
    try:
        return reverse(
            "admin:loyalty_promos_customer_detail",
            args=[customer.pk],
            current_app=admin_site.name if admin_site is not None else None,
        )
    except NoReverseMatch:
        return None


def object_admin_url(admin_site, obj, request=None) -> str | None:
    """The change page of a host object (a booking) on ``admin_site``, or None when its
    model is not registered there or ``request``'s user may not view it."""
    if obj is None:
        return None
    model_admin = registered_admin(admin_site, type(obj))
    if model_admin is None:
        return None
    if request is not None and not model_admin.has_view_or_change_permission(request, obj):
        return None
    opts = obj._meta
    try:
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=admin_site.name,
        )
    except NoReverseMatch:
        return None
