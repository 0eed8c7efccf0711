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
from django.urls import path


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
