"""Bulk actions with a two-pass confirmation page (as Django's delete_selected)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
