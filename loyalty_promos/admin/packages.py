from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin.forms import AssignPackageForm, ExtendExpiryForm
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    LabelledDatesMixin,
    ReadOnlyAdminMixin,
    action_form_page,
    badge,
)
from loyalty_promos.admin.sites import site_view
from loyalty_promos.models import Charge, PackageUsage
from loyalty_promos.services import packages
from loyalty_promos.services.checkout import build_quote

MEDIA_CSS = {"all": ["loyalty_promos/admin.css"]}


def kind_badge(plan):
    return badge(plan.kind, plan.get_kind_display())


class PackagePlanAdmin(HostAutocompleteMixin, HistoryAdmin):
    list_display = [
        "name",
        "kind_display",
        "price",
        "content",
        "validity",
        "sellable_online",
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

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.customer_packages.exists():
            return False  # customers hold it: deactivate it instead
        return super().has_delete_permission(request, obj)

    @admin.action(
        description=gettext_lazy("Put the selected plans on sale"), permissions=["change"]
    )
    def activate(self, request, queryset):
        queryset.update(is_active=True)

    @admin.action(
        description=gettext_lazy("Take the selected plans off sale"), permissions=["change"]
    )
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)


class PackageUsageInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PackageUsage
    fields = ["created_at", "kind", "visits", "amount", "charge", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class CustomerPackageAdmin(LabelledDatesMixin, AdminPageMixin, admin.ModelAdmin):
    list_display = [
        "customer",
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
            path(
                "assign/",
                site_view(self.admin_site, self.assign_view),
                name="loyalty_promos_customerpackage_assign",
            ),
            *super().get_urls(),
        ]

    def assign_view(self, request):
        if not self.has_assign_package_permission(request):
            raise PermissionDenied
        form = AssignPackageForm(request.POST or None, admin_site=self.admin_site)
        preview = None
        if form.is_valid():
            data = form.cleaned_data
            options = {
                "price": data["price"],
                "starts": data["starts"],
                "expires": data["expires"],
                "include_existing": data["include_existing"],
            }
            if data["include_existing"] and "confirm" not in request.POST:
                preview = self.preview(data["customer"], data["plan"], options)
                form.fields["confirm"] = forms.CharField(widget=forms.HiddenInput, initial="1")
            else:
                package = packages.assign_package(
                    data["customer"], data["plan"], user=request.user, **options
                )
                self.message_user(
                    request,
                    _("%(plan)s assigned to %(customer)s.")
                    % {"plan": package.plan, "customer": package.customer},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        "admin:loyalty_promos_customerpackage_change",
                        args=[package.pk],
                        current_app=self.admin_site.name,
                    )
                )
        return self.render_page(
            request,
            title=_("Assign a package"),
            form=form,
            template="admin/loyalty_promos/assign_package.html",
            preview=preview,
            submit_label=_("Confirm") if preview is not None else _("Assign"),
        )

    @staticmethod
    def preview(customer, plan, options):
        """What each upcoming appointment would cost with the package (nothing is written)."""
        candidate = packages.new_package(customer, plan, **options)
        rows = []
        for booking in packages.upcoming_bookings(customer, candidate.starts_at):
            charge = Charge.objects.live().filter(booking=booking).first()
            code = charge.discount_code if charge and charge.discount_source == "coupon" else None
            quote = build_quote(booking, code=code, extra_package=candidate)
            rows.append({"booking": booking, "charge": charge, "quote": quote})
        return rows
