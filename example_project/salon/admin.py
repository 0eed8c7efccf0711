from django.contrib import admin

from example_project.salon.models import Appointment, Customer, RecurringSeries, Service, Staff
from loyalty_promos.admin.actions import (
    BookingAdminMixin,
    CustomerAdminMixin,
    add_points,
    send_promo_code,
)


@admin.register(Customer)
class CustomerAdmin(CustomerAdminMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "phone", "points_history_link",
                    "customer_page_link"]  # fmt: skip
    search_fields = ["last_name", "first_name", "email", "phone"]
    # Filter by language, then send a code: the message goes out in theirs.
    list_filter = ["language", "created_at"]
    actions = [send_promo_code, add_points]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "price", "duration_minutes", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    filter_horizontal = ["services"]


@admin.register(RecurringSeries)
class RecurringSeriesAdmin(admin.ModelAdmin):
    search_fields = ["label"]


@admin.register(Appointment)
class AppointmentAdmin(BookingAdminMixin, admin.ModelAdmin):
    list_display = ["start", "customer", "service", "staff", "status", "checkout_link"]
    list_filter = ["status", "service", "staff"]
    search_fields = ["customer__last_name", "customer__first_name", "service__name"]
    date_hierarchy = "start"
    autocomplete_fields = ["customer", "series"]
    list_select_related = ["customer", "service", "staff"]
