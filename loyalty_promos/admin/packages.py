"""Admin for package plans and the packages customers hold."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin import views
from loyalty_promos.admin.forms import ExtendExpiryForm
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    CustomerListMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    LabelledDatesMixin,
    ReadOnlyAdminMixin,
)
from loyalty_promos.admin.sites import admin_path
from loyalty_promos.admin.summaries import RuleSummaryMixin
from loyalty_promos.admin.views import action_form_page
from loyalty_promos.admin.widgets import badge
from loyalty_promos.models import PackageUsage
from loyalty_promos.services import packages

MEDIA_CSS = {"all": ["loyalty_promos/admin.css"]}


def kind_badge(plan):
    return badge(plan.kind, plan.get_kind_display())


class PackagePlanAdmin(RuleSummaryMixin, HostAutocompleteMixin, HistoryAdmin):
    list_display = [
        "name",
        "kind_display",
        "summary",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "sellable_online"]
    search_fields = ["name"]
    host_autocomplete_fields = ("services",)
    actions = ["activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "price", "description"]}),
        (gettext_lazy("What it holds"), {"fields": ["visits", "credit", "services"]}),
        (gettext_lazy("Validity"), {"fields": [("validity_count", "validity_unit")]}),
        (
            gettext_lazy("Sale and cancellations"),
            {
                "fields": [
                    "is_active",
                    "sellable_online",
                    "cancellation",
                    "late_cancellation_hours",
                ]
            },
        ),
    ]

    class Media:
        css = MEDIA_CSS

    @admin.display(description=gettext_lazy("kind"), ordering="kind")
    def kind_display(self, plan):
        return kind_badge(plan)

    @admin.display(description=gettext_lazy("holds"))
    def content(self, plan):
        if plan.kind == plan.Kind.VISIT_PACK:
            return ngettext("%(count)d visit", "%(count)d visits", plan.visits) % {
                "count": plan.visits
            }
        if plan.kind == plan.Kind.CREDIT_PACK:
            return str(plan.credit)
        return _("unlimited bookings")

    @admin.display(description=gettext_lazy("valid for"))
    def validity(self, plan):
        if not plan.validity_count:
            return _("no expiry")
        return f"{plan.validity_count} {plan.get_validity_unit_display()}"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.customer_packages.exists():
            fields.append("kind")  # customers hold it: its packages keep this kind
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.customer_packages.exists():
            return False  # customers hold it: deactivate it instead
        return super().has_delete_permission(request, obj)

    @admin.action(
        description=gettext_lazy("Put the selected plans on sale"), permissions=["change"]
    )
    def activate(self, request, queryset):
        self._set_on_sale(request, queryset, True)

    @admin.action(
        description=gettext_lazy("Take the selected plans off sale"), permissions=["change"]
    )
    def deactivate(self, request, queryset):
        self._set_on_sale(request, queryset, False)

    def _set_on_sale(self, request, queryset, on_sale):
        count = packages.set_plans_on_sale(queryset, on_sale)
        message = (
            ngettext("%(count)d plan put on sale.", "%(count)d plans put on sale.", count)
            if on_sale
            else ngettext(
                "%(count)d plan taken off sale.", "%(count)d plans taken off sale.", count
            )
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


class PackageUsageInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PackageUsage
    fields = ["created_at", "kind", "visits", "amount", "charge", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class CustomerPackageAdmin(CustomerListMixin, LabelledDatesMixin, AdminPageMixin, admin.ModelAdmin):
    day_start_fields = ("starts_at",)
    day_end_fields = ("expires_at",)
    list_display = [
        "customer_link",
        "plan",
        "kind_display",
        "remaining",
        "starts_at",
        "expires_at",
        "is_active",
    ]
    list_filter = [
        "plan__kind",
        ("plan", admin.RelatedOnlyFieldListFilter),
        "is_active",
        "expires_at",
    ]
    list_select_related = ["customer", "plan"]
    search_fields = ["plan__name"]
    fields = [
        "customer",
        "plan",
        "price_paid",
        "starts_at",
        "expires_at",
        "visits_left",
        "credit_left",
        "include_existing",
        "is_active",
    ]
    readonly_fields = [
        "customer",
        "plan",
        "price_paid",
        "visits_left",
        "credit_left",
        "include_existing",
    ]
    inlines = [PackageUsageInline]
    actions = ["extend_expiry"]

    class Media:
        css = MEDIA_CSS

    @admin.display(description=gettext_lazy("kind"), ordering="plan__kind")
    def kind_display(self, package):
        return kind_badge(package.plan)

    @admin.display(description=gettext_lazy("left"))
    def remaining(self, package):
        return package.remaining_display

    def has_add_permission(self, request):
        return False  # through "Assign a package", which can preview

    def has_delete_permission(self, request, obj=None):
        return False  # its usages are a ledger: deactivate it instead

    def has_assign_package_permission(self, request):
        return request.user.has_perm("loyalty_promos.assign_package")

    def get_object_tools(self, request):
        if not self.has_assign_package_permission(request):
            return []
        return [
            (
                reverse(
                    "admin:loyalty_promos_customerpackage_assign", current_app=self.admin_site.name
                ),
                _("Assign a package"),
            )
        ]

    @admin.action(
        description=gettext_lazy("Extend the expiry of the selected packages"),
        permissions=["change"],
    )
    def extend_expiry(self, request, queryset):
        form = ExtendExpiryForm(request.POST if "days" in request.POST else None)
        if form.is_valid():
            count = packages.extend_expiry(queryset, form.cleaned_data["days"])
            self.message_user(
                request,
                ngettext("%(count)d package extended.", "%(count)d packages extended.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return action_form_page(
            self,
            request,
            action="extend_expiry",
            title=_("Extend expiry"),
            form=form,
            submit_label=_("Extend"),
        )

    def get_urls(self):
        return [
            admin_path(
                self, "assign/", views.assign_package, "loyalty_promos_customerpackage_assign"
            ),
            *super().get_urls(),
        ]
