"""Reusable ModelAdmin pieces, for our admins and for hosts with their own AdminSite."""

from __future__ import annotations

import dataclasses

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.inspect import get_func_args
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.admin.actions import delete_codes
from loyalty_promos.admin.forms import label_date_parts

try:  # Django 6.1+: actions may also show on the change form; get_actions() is told where.
    from django.contrib.admin.options import ActionLocation

    CHANGE_LIST = ActionLocation.CHANGE_LIST
except ImportError:  # Django 5.2 and 6.0: actions are for the change list only.
    CHANGE_LIST = None


def relabel_action(action, label):
    """``action`` as ``get_actions()`` gives it (a tuple; an ``Action`` on 6.1+), relabelled."""
    if isinstance(action, tuple):
        func, name, _description = action
        return (func, name, label)
    return dataclasses.replace(action, description=label, plural_description=label)


def badge(status: str, label) -> str:
    """A coloured status label (``.lp-badge--<status>`` in admin.css)."""
    return format_html('<span class="lp-badge lp-badge--{}">{}</span>', status, label)


class HostAutocompleteMixin:
    """Autocomplete for ForeignKeys to host models when the host allows it.

    Django's autocomplete needs the target model registered on the same admin
    site with ``search_fields``; a host may not have that. List the fields in
    ``host_autocomplete_fields``: each gets autocomplete when possible and
    falls back to a raw-id input otherwise, so the admin never fails its checks.
    """

    host_autocomplete_fields: tuple[str, ...] = ()

    def get_autocomplete_fields(self, request):
        fields = list(super().get_autocomplete_fields(request))
        for name in self.host_autocomplete_fields:
            related = self.model._meta.get_field(name).related_model
            related_admin = self.admin_site._registry.get(related)
            if related_admin is not None and related_admin.get_search_fields(request):
                fields.append(name)
        return fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_id_fields = (*self.raw_id_fields, *self.host_autocomplete_fields)


class ReadOnlyAdminMixin:
    """For ledgers and billing records: viewable in admin, written only by services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BulkDeleteCodesMixin:
    """The three bulk deletes of codes, for any admin that can name its codes.

    A subclass says which codes a selection stands for (``codes_of``) and
    labels the actions in full sentences (``bulk_delete_labels``); each action
    shows a confirmation page with the count and needs ``bulk_delete_codes``.
    """

    #: Action name → its label in the actions menu.
    bulk_delete_labels = {
        "delete_all_codes": gettext_lazy("Delete selected codes"),
        "delete_used_codes": gettext_lazy("Delete the used ones among the selected codes"),
        "delete_expired_codes": gettext_lazy("Delete the expired ones among the selected codes"),
    }
    #: Hide Django's own "Delete selected …", which says nothing about past uses.
    replaces_delete_selected = False

    def codes_of(self, queryset):
        raise NotImplementedError

    def has_bulk_delete_codes_permission(self, request) -> bool:
        return request.user.has_perm("loyalty_promos.bulk_delete_codes")

    def get_actions(self, request, action_location=CHANGE_LIST):
        parent = super().get_actions
        if action_location is None:  # Django 5.2 and 6.0
            actions = parent(request)
        elif "action_location" in get_func_args(parent):
            actions = parent(request, action_location=action_location)
        elif action_location == CHANGE_LIST:  # a mixin below us with the old signature
            actions = parent(request)  # (django-import-export's ExportActionMixin)
        else:
            return {}  # as Django does for old-style get_actions() on the change form
        if self.replaces_delete_selected:
            actions.pop("delete_selected", None)
        for name, label in self.bulk_delete_labels.items():
            if name in actions:
                actions[name] = relabel_action(actions[name], label)
        return actions

    @admin.action(permissions=["bulk_delete_codes"])
    def delete_all_codes(self, request, queryset):
        return delete_codes(
            self,
            request,
            self.codes_of(queryset),
            action="delete_all_codes",
            title=_("Delete codes"),
        )

    @admin.action(permissions=["bulk_delete_codes"])
    def delete_used_codes(self, request, queryset):
        return delete_codes(
            self,
            request,
            self.codes_of(queryset).used(),
            action="delete_used_codes",
            title=_("Delete used codes"),
        )

    @admin.action(permissions=["bulk_delete_codes"])
    def delete_expired_codes(self, request, queryset):
        return delete_codes(
            self,
            request,
            self.codes_of(queryset).expired(),
            action="delete_expired_codes",
            title=_("Delete expired codes"),
        )


class LabelledDatesMixin:
    """Change forms whose date-time fields name their date and time inputs."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for field in form.base_fields.values():
            label_date_parts(field)
        return form


def render_page(modeladmin, request, *, title, form, template=None, **context):
    """One of our pages inside the admin: its look, breadcrumbs, sidebar and media."""
    for field in form.fields.values():
        label_date_parts(field)
    return TemplateResponse(
        request,
        template or "admin/loyalty_promos/form_page.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": title,
            "form": form,
            "media": modeladmin.media + form.media,
            **context,
        },
    )


def action_form_page(modeladmin, request, *, action, title, form, submit_label, intro=""):
    """The first pass of an action that needs input: its form, carrying the selection."""
    from django.contrib.admin import helpers

    return render_page(
        modeladmin,
        request,
        title=title,
        form=form,
        intro=intro,
        submit_label=submit_label,
        action=action,
        selected=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        select_across=request.POST.get("select_across") == "1",
    )


class AdminPageMixin:
    """Our own pages and object-tool buttons inside the admin."""

    change_list_template = "admin/loyalty_promos/change_list.html"

    def render_page(self, request, *, title, form, original=None, template=None, **context):
        return render_page(
            self, request, title=title, form=form, original=original, template=template, **context
        )

    def get_object_tools(self, request) -> list[tuple[str, str]]:
        """(url, label) buttons above the list, for the pages this user may open."""
        return []

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "object_tools": self.get_object_tools(request)}
        return super().changelist_view(request, extra_context)
