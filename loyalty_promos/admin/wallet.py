from simple_history.admin import SimpleHistoryAdmin

from loyalty_promos.admin.mixins import HostAutocompleteMixin


class CustomerDiscountAdmin(HostAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["customer", "percent", "is_active", "updated_at"]
    list_filter = ["is_active"]
    list_select_related = ["customer"]
    host_autocomplete_fields = ("customer",)
    fields = ["customer", "percent", "is_active", "note"]
