"""The reports' own admin: their index, each report page and its background exports.

Registered on the :class:`~loyalty_promos.models.Report` proxy, so the
reports have an entry in the admin index and URLs of their own. Hosts with
their own AdminSite register it like the other ModelAdmins.
"""

from __future__ import annotations

from django.contrib import admin

from loyalty_promos.admin import views
from loyalty_promos.admin.sites import admin_path


class ReportAdmin(admin.ModelAdmin):
    """Reports are read, never added, changed or deleted: ``view_reports`` opens them."""

    #: How many of the user's latest exports the index lists.
    recent_exports = 10

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("loyalty_promos.view_reports")

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("loyalty_promos.export_reports")

    def get_urls(self):
        opts = self.model._meta
        return [
            admin_path(
                self, "", views.report_index, f"{opts.app_label}_{opts.model_name}_changelist"
            ),
            admin_path(self, "exports/<int:job_id>/", views.export_job, "loyalty_promos_export"),
            admin_path(
                self,
                "exports/<int:job_id>/download/",
                views.download_export,
                "loyalty_promos_export_download",
            ),
            admin_path(self, "<slug:code>/", views.report, "loyalty_promos_report"),
        ]

    def changelist_view(self, request, extra_context=None):
        return views.report_index(self, request)
