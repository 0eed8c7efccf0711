"""Admin for customer credit: balances, entries, credit packs, permanent discounts."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin import views
from loyalty_promos.admin.forms import CreditForm, CustomerDiscountForm
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    CustomerListMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    ReadOnlyAdminMixin,
)
from loyalty_promos.admin.sites import admin_path
from loyalty_promos.admin.summaries import ImpactGuardMixin
from loyalty_promos.admin.views import action_form_page
from loyalty_promos.services import wallet


class CustomerDiscountAdmin(
    ImpactGuardMixin, CustomerListMixin, HostAutocompleteMixin, HistoryAdmin
):
    form = CustomerDiscountForm
    list_display = ["customer_link", "percent", "is_active", "updated_at"]
    list_filter = ["is_active"]
    list_select_related = ["customer"]
    host_autocomplete_fields = ("customer",)
    fields = ["customer", "percent", "is_active", "note"]


class CreditBalanceAdmin(CustomerListMixin, AdminPageMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["customer_link", "balance", "updated_at"]
    list_select_related = ["customer"]
    actions = ["add_credit"]

    def has_adjust_credit_permission(self, request):
        return request.user.has_perm("loyalty_promos.adjust_credit")

    def has_sell_credit_pack_permission(self, request):
        return request.user.has_perm("loyalty_promos.sell_credit_pack")

    def get_object_tools(self, request):
        tools = []
        if self.has_adjust_credit_permission(request):
            tools.append(
                (
                    reverse("admin:loyalty_promos_credit_add", current_app=self.admin_site.name),
                    _("Add credit / refund"),
                )
            )
        if self.has_sell_credit_pack_permission(request):
            tools.append(
                (
                    reverse(
                        "admin:loyalty_promos_credit_sell_pack", current_app=self.admin_site.name
                    ),
                    _("Sell a credit pack"),
                )
            )
        return tools

    @admin.action(
        description=gettext_lazy("Add credit / refund to the selected customers"),
        permissions=["adjust_credit"],
    )
    def add_credit(self, request, queryset):
        form = CreditForm(request.POST if "amount" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            customers = [balance.customer for balance in queryset.select_related("customer")]
            try:
                wallet.write_credit_many(
                    customers, data["kind"], data["amount"], data["reason"], user=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            count = len(customers)
            self.message_user(
                request,
                ngettext(
                    "Credit updated for %(count)d customer.",
                    "Credit updated for %(count)d customers.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return action_form_page(
            self,
            request,
            action="add_credit",
            title=_("Add credit / refund"),
            form=form,
            submit_label=_("Save"),
        )

    def get_urls(self):
        return [
            admin_path(self, "add-credit/", views.add_credit, "loyalty_promos_credit_add"),
            admin_path(
                self, "sell-pack/", views.sell_credit_pack, "loyalty_promos_credit_sell_pack"
            ),
            *super().get_urls(),
        ]


class CreditEntryAdmin(CustomerListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "customer_link",
        "kind",
        "amount",
        "balance_after",
        "description",
        "created_by",
    ]
    list_filter = ["kind", "created_at"]
    list_select_related = ["customer", "created_by"]
    search_fields = ["description"]
    date_hierarchy = "created_at"


class CreditPackAdmin(HistoryAdmin):
    list_display = ["name", "value", "price", "bonus", "sellable_online", "is_active"]
    list_filter = ["is_active", "sellable_online"]
    search_fields = ["name"]

    @admin.display(description=gettext_lazy("bonus"))
    def bonus(self, pack):
        return pack.bonus
