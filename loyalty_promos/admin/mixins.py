"""Reusable ModelAdmin pieces, for our admins and for hosts with their own AdminSite."""

from __future__ import annotations


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
