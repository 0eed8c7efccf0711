"""Reusable ModelAdmin pieces, for our admins and for hosts with their own AdminSite."""

from __future__ import annotations

import dataclasses

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.inspect import get_func_args
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from loyalty_promos.admin import views
from loyalty_promos.admin.actions import delete_codes
from loyalty_promos.admin.customer_views import customer_link
from loyalty_promos.admin.dayfields import DayEndDateTimeField, DayStartDateTimeField
from loyalty_promos.admin.sites import registered_admin
from loyalty_promos.admin.widgets import badge, label_date_parts
from loyalty_promos.reports import exporters
from loyalty_promos.services import clock

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


__all__ = [
    "AdminPageMixin",
    "BulkDeleteCodesMixin",
    "CustomerListMixin",
    "HistoryAdmin",
    "HostAutocompleteMixin",
    "InertExportMixin",
    "LabelledDatesMixin",
    "ReadOnlyAdminMixin",
    "badge",
]


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
            related_admin = registered_admin(self.admin_site, related)
            if related_admin is not None and related_admin.get_search_fields(request):
                fields.append(name)
        return fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_id_fields = (*self.raw_id_fields, *self.host_autocomplete_fields)


SEARCH_PREFIXES = "^=@"


class CustomerListMixin:
    """For our lists of something a customer holds (balances, entries, packages, cards…).

    * a search box finding rows by the customer's name, email or phone: the
      ``search_fields`` of the host's customer admin on the same site, followed
      through ``customer_field`` (none when the host's admin has none: check
      ``loyalty_promos.W002``);
    * a ``customer_link`` column: the customer, linked to their page.
    """

    #: The ForeignKey to the host's customer.
    customer_field = "customer"

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        related = self.model._meta.get_field(self.customer_field).related_model
        customer_admin = registered_admin(self.admin_site, related)
        if customer_admin is not None:
            for name in customer_admin.get_search_fields(request):
                prefix = name[0] if name[:1] in SEARCH_PREFIXES else ""
                fields.append(f"{prefix}{self.customer_field}__{name.lstrip(SEARCH_PREFIXES)}")
        return fields

    @admin.display(description=gettext_lazy("customer"), ordering="customer")
    def customer_link(self, obj):
        field = self.customer_field
        return customer_link(getattr(obj, f"{field}_id"), getattr(obj, field), self.admin_site.name)


class ReadOnlyAdminMixin:
    """For ledgers and billing records: viewable in admin, written only by services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of every model with history: its versions are viewable, reverting is a change.

    django-simple-history's version page (``<id>/history/<history_id>/``)
    saves the version it shows on POST after checking only the *view*
    permission, so a view-only user could revert a rule to any past value.
    Here reverting needs what saving the object needs: the change permission
    for that object (``has_change_permission(request, obj)``), the add
    permission when the object no longer exists, and the history change
    permission when ``SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS`` is
    set. ``SIMPLE_HISTORY_REVERT_DISABLED`` switches reverting off for
    everyone. Whoever may not revert sees the version read-only, and a POST
    is refused (403) before anything is saved.
    """

    #: Request attribute holding the fields shown read-only on a version page.
    _read_only_version = "_loyalty_promos_read_only_version"

    def may_revert(self, request, obj) -> bool:
        """Whether ``request.user`` may save a past version over ``obj`` (None: deleted)."""
        if super().revert_disabled(request, obj):
            return False
        if not self.has_change_history_permission(request, obj):
            return False
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.may_revert(request, obj)

    def _valid_id(self, object_id, version_id=None) -> None:
        """A history page of an id the primary key cannot hold is a 404 (simple-history
        would query with it and answer 500)."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                self.model.history.model._meta.pk.to_python(unquote(version_id))
        except (ValidationError, ValueError):
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._valid_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """simple-history's list of versions, with one ``select_related`` naming its
        fields: simple-history 3.13 calls ``select_related()`` with no argument when a
        model tracks no foreign key, which Django 6.1 deprecates."""
        history_model = history_manager.model
        related = [
            field.name
            for field in history_model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        if not isinstance(history_model.history_user, property):
            related.append("history_user")
        versions = history_manager.filter(**{pk_name: object_id})
        return versions.select_related(*related) if related else versions

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_id(object_id, version_id)
        obj = self.get_object(request, unquote(object_id))
        if not self.may_revert(request, obj):
            if request.method not in ("GET", "HEAD"):
                raise PermissionDenied
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            setattr(request, self._read_only_version, fields)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        read_only = getattr(request, self._read_only_version, None)
        if read_only is not None:
            return read_only
        return super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        read_only = getattr(request, self._read_only_version, None)
        if read_only is None:
            return super().get_form(request, obj, change=change, **kwargs)
        # Built as Django builds a change form for a view-only user (``change=True``
        # drops the model fields this user may not change; declared form fields stay,
        # so the read-only rows can read their labels), then shown all read-only.
        # ``fields=None`` is Django listing the form's fields (``get_fields``).
        change = kwargs.get("fields", ()) is not None
        delattr(request, self._read_only_version)
        try:
            return super().get_form(request, obj, change=change, **kwargs)
        finally:
            setattr(request, self._read_only_version, read_only)


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


class InertExportMixin:
    """django-import-export's exports written by our own writers, so they never run a formula.

    Put it before ``ExportMixin`` / ``ExportActionMixin``. CSV and .xlsx
    (the export page and the "Export selected …" action) go through
    :mod:`loyalty_promos.reports.exporters`, like the reports: formula-like
    text is escaped, numbers stay numbers, .xlsx cells are typed. Other
    formats a host adds are left to django-import-export.
    """

    def get_export_data(self, file_format, request, queryset, **kwargs):
        kind = file_format.get_extension()
        if kind not in ("csv", "xlsx"):
            return super().get_export_data(file_format, request, queryset, **kwargs)
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Native values: a number stays a number and is never taken for a formula.
        data = self.get_data_for_export(request, queryset, force_native_type=True, **kwargs)
        rows = (list(row) for row in data)
        if kind == "xlsx":
            title = str(self.model._meta.verbose_name_plural)
            with exporters.write_xlsx(data.headers, rows, title=title) as handle:
                return handle.read()
        content = "".join(exporters.csv_stream(data.headers, rows))
        encoding = kwargs.get("encoding")
        return content.encode(encoding) if encoding else content

    def get_export_filename(self, request, queryset, file_format):
        """``couponcode_2026-03-14.csv``: what it holds, the business's day, the format."""
        return f"{self.opts.model_name}_{clock.today().isoformat()}.{file_format.get_extension()}"


class LabelledDatesMixin:
    """Change forms whose date-time fields name their date and time inputs.

    Fields named in ``day_end_fields`` / ``day_start_fields`` take a date
    alone as the end / the start of that day (admin/dayfields.py).
    """

    day_start_fields: tuple[str, ...] = ()
    day_end_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.day_end_fields:
            kwargs["form_class"] = DayEndDateTimeField
        elif db_field.name in self.day_start_fields:
            kwargs["form_class"] = DayStartDateTimeField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for field in form.base_fields.values():
            label_date_parts(field)
        return form


class AdminPageMixin:
    """Our own pages and object-tool buttons inside the admin."""

    change_list_template = "admin/loyalty_promos/change_list.html"

    def render_page(self, request, *, title, form, original=None, template=None, **context):
        return views.render_page(
            self, request, title=title, form=form, original=original, template=template, **context
        )

    def get_object_tools(self, request) -> list[tuple[str, str]]:
        """(url, label) buttons above the list, for the pages this user may open."""
        return []

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "object_tools": self.get_object_tools(request)}
        return super().changelist_view(request, extra_context)
