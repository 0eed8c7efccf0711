"""Rules in plain words in the admin (a column in the list, a line at the top of the form),
and the guard rail before a rule is saved (its impact on upcoming appointments)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.utils.translation import gettext_lazy as _

from loyalty_promos.services import summaries


class RuleSummaryMixin:
    """Adds ``summary`` (:mod:`loyalty_promos.services.summaries`) to a rule's admin.

    ``summary_prefetch`` names the relations the line reads, prefetched once per
    list page so the column costs no query per row.
    """

    summary_prefetch: tuple[str, ...] = ("services",)
    summary_select: tuple[str, ...] = ()

    @admin.display(description=_("in plain words"))
    def summary(self, obj):
        return summaries.summary(obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related(*self.summary_prefetch)
        return queryset.select_related(*self.summary_select) if self.summary_select else queryset

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "summary"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "summary" in flatten_fieldsets(fieldsets):
            return fieldsets
        return [(None, {"fields": ["summary"]}), *fieldsets]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f != "summary"]  # placed by get_fieldsets only


class ImpactGuardMixin:
    """Shows "Save anyway" once a save was refused for its impact, and the impact of
    every save as a message (the form is an :class:`~loyalty_promos.admin.forms.guard.
    ImpactFormMixin`)."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.method != "POST":
            return fieldsets
        return [*fieldsets, (_("Before saving"), {"fields": ["confirm_impact"]})]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "impact", None) is not None:
            self.message_user(request, form.impact.text(), messages.INFO)
