"""Admin for charges: the billing record of each booking, checkout at the desk."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin import charge_views, pickers, views
from loyalty_promos.admin.customer_views import customer_link
from loyalty_promos.admin.forms import MarkPaidForm
from loyalty_promos.admin.mixins import AdminPageMixin, ReadOnlyAdminMixin
from loyalty_promos.admin.sites import admin_path
from loyalty_promos.admin.views import action_form_page
from loyalty_promos.admin.widgets import badge
from loyalty_promos.services import checkout


class ChargeAdmin(AdminPageMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "customer_link",
        "service_name",
        "staff_name",
        "starts_at",
        "list_price",
        "discount_amount",
        "amount_due",
        "status_badge",
    ]
    list_filter = ["status", "method", "discount_source", "created_at"]
    search_fields = ["customer_name", "service_name", "staff_name", "discount_code", "booking_ref"]
    date_hierarchy = "created_at"
    readonly_fields = ["breakdown"]
    actions = ["mark_paid", "apply_code"]
    fieldsets = [
        (
            gettext_lazy("Booking"),
            {
                "classes": ["collapse"],
                "fields": [
                    "booking_ref",
                    "customer_name",
                    "service_name",
                    "staff_name",
                    "starts_at",
                    "series_key",
                ],
            },
        ),
        (
            gettext_lazy("Amounts"),
            {
                "classes": ["collapse"],
                "fields": [
                    "currency",
                    "list_price",
                    "price",
                    "discount_source",
                    "discount_code",
                    "discount_name",
                    "discount_amount",
                    "package_amount",
                    "gift_card",
                    "gift_card_amount",
                    "credits_amount",
                    "points_used",
                    "amount_due",
                ],
            },
        ),
        (
            gettext_lazy("Payment"),
            {
                "classes": ["collapse"],
                "fields": [
                    "status",
                    "method",
                    "payment_method",
                    "paid_at",
                    "voided_at",
                    "created_by",
                ],
            },
        ),
    ]

    class Media:
        css = {"all": ["loyalty_promos/admin.css"]}

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, charge):
        return badge(charge.status, charge.get_status_display())

    @admin.display(description=gettext_lazy("steps"))
    def breakdown(self, charge):
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td class="lp-amount">{}</td></tr>',
            ((line.display_label, line.amount) for line in charge.lines.all()),
        )
        return format_html('<table class="lp-breakdown">{}</table>', rows)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*charge_views.RECEIPT_RELATED)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(charge_views.receipt_context(self, request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_void_charge_permission(self, request):
        return request.user.has_perm("loyalty_promos.void_charge")

    @admin.display(description=gettext_lazy("customer"), ordering="customer_name")
    def customer_link(self, charge):
        return customer_link(charge.customer_id, charge.customer_name, self.admin_site.name)

    def has_mark_paid_permission(self, request):
        return request.user.has_perm("loyalty_promos.mark_paid")

    def has_checkout_booking_permission(self, request):
        return request.user.has_perm("loyalty_promos.checkout_booking")

    def has_apply_code_to_charge_permission(self, request):
        return request.user.has_perm("loyalty_promos.apply_code_to_charge")

    @admin.action(
        description=gettext_lazy("Mark selected pending charges paid"), permissions=["mark_paid"]
    )
    def mark_paid(self, request, queryset):
        pending = queryset.pending()
        form = MarkPaidForm(request.POST if "method" in request.POST else None)
        if form.is_valid():
            try:
                charges = checkout.pay_many(pending, method=form.method_code(), user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext(
                    "%(count)d charge marked paid.", "%(count)d charges marked paid.", len(charges)
                )
                % {"count": len(charges)},
                messages.SUCCESS,
            )
            return None
        count = pending.count()
        return action_form_page(
            self,
            request,
            action="mark_paid",
            title=_("Mark charges paid"),
            form=form,
            submit_label=_("Mark paid"),
            intro=ngettext(
                "%(count)d pending charge will be marked paid.",
                "%(count)d pending charges will be marked paid.",
                count,
            )
            % {"count": count},
        )

    @admin.action(
        description=gettext_lazy("Apply a promo code to the selected pending charge"),
        permissions=["apply_code_to_charge"],
    )
    def apply_code(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one charge for this action."), messages.WARNING
            )
            return None
        url = reverse(
            "admin:loyalty_promos_charge_apply_code",
            args=[queryset.get().pk],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(url)

    def get_object_tools(self, request):
        tools = []
        if self.has_checkout_booking_permission(request):
            url = reverse("admin:loyalty_promos_charge_checkout_pick",
                          current_app=self.admin_site.name)  # fmt: skip
            tools.append((url, _("Check out an appointment")))
        if not request.user.has_perm("loyalty_promos.view_reports"):
            return tools
        return [
            *tools,
            (
                reverse(
                    "admin:loyalty_promos_report",
                    args=["billing"],
                    current_app=self.admin_site.name,
                ),
                _("Billing report"),
            ),
        ]

    def get_urls(self):
        return [
            admin_path(
                self, "checkout/", pickers.checkout_picker, "loyalty_promos_charge_checkout_pick"
            ),
            admin_path(
                self,
                "checkout/<path:booking_id>/",
                views.checkout_booking,
                "loyalty_promos_charge_checkout",
            ),
            admin_path(
                self,
                "<path:object_id>/apply-code/",
                views.apply_code,
                "loyalty_promos_charge_apply_code",
            ),
            admin_path(
                self,
                "<path:object_id>/remove-code/",
                charge_views.remove_code,
                "loyalty_promos_charge_remove_code",
            ),
            admin_path(
                self, "<path:object_id>/pay/", charge_views.pay_charge, "loyalty_promos_charge_pay"
            ),
            admin_path(
                self,
                "<path:object_id>/void/",
                charge_views.void_charge,
                "loyalty_promos_charge_void",
            ),
            *super().get_urls(),
        ]


class PaymentMethodAdmin(admin.ModelAdmin):
    list_display = ["display_name", "code", "position", "is_active"]
    list_display_links = ["display_name"]
    search_fields = ["name", "code"]
    fields = ["name", "code", "is_active", "position"]

    @admin.display(description=gettext_lazy("name"), ordering="name")
    def display_name(self, method):
        return method.display_name

    def get_readonly_fields(self, request, obj=None):
        # The code is what the API and history name: fixed once charges use it.
        return ["code"] if obj is not None and obj.charges.exists() else []
