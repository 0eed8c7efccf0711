from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from loyalty_promos.admin.mixins import ReadOnlyAdminMixin


class ChargeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "customer_name",
        "service_name",
        "staff_name",
        "starts_at",
        "list_price",
        "discount_amount",
        "amount_due",
        "status_badge",
    ]
    list_filter = ["status", "discount_source", "created_at"]
    search_fields = ["customer_name", "service_name", "staff_name", "discount_code", "booking_ref"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            _("Booking"),
            {
                "fields": [
                    "booking_ref",
                    "customer_name",
                    "service_name",
                    "staff_name",
                    "starts_at",
                    "series_key",
                ]
            },
        ),
        (
            _("Amounts"),
            {
                "fields": [
                    "currency",
                    "list_price",
                    "price",
                    "discount_source",
                    "discount_code",
                    "discount_name",
                    "discount_amount",
                    "package_amount",
                    "gift_card_amount",
                    "credits_amount",
                    "points_used",
                    "amount_due",
                ]
            },
        ),
        (
            _("Payment"),
            {"fields": ["status", "payment_method", "paid_at", "voided_at", "created_by"]},
        ),
    ]

    class Media:
        css = {"all": ["loyalty_promos/admin.css"]}

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, charge):
        return format_html(
            '<span class="lp-badge lp-badge--{}">{}</span>',
            charge.status,
            charge.get_status_display(),
        )
