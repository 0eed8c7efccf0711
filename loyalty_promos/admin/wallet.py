import functools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin.forms import CreditForm, CustomerCreditForm, SellCreditPackForm
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    ReadOnlyAdminMixin,
    action_form_page,
)
from loyalty_promos.admin.sites import site_view
from loyalty_promos.services import wallet
from loyalty_promos.services.money import format_money


class CustomerDiscountAdmin(HostAutocompleteMixin, HistoryAdmin):
    list_display = ["customer", "percent", "is_active", "updated_at"]
    list_filter = ["is_active"]
    list_select_related = ["customer"]
    host_autocomplete_fields = ("customer",)
    fields = ["customer", "percent", "is_active", "note"]


def write_credit(customer, data, user):
    """Apply the credit form: add (top-up, discount, refund) or take back (correction)."""
    if data["kind"] == "reversal":
        return wallet.remove_credit(customer, data["amount"], data["reason"], user=user)
    return wallet.add_credit(customer, data["amount"], data["reason"], kind=data["kind"], user=user)


class CreditBalanceAdmin(AdminPageMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["customer", "balance", "updated_at"]
    list_select_related = ["customer"]
    search_fields = []  # the host's customer fields are unknown; use the entries' filters
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
            try:
                with transaction.atomic():
                    for balance in queryset.select_related("customer"):
                        write_credit(balance.customer, form.cleaned_data, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            count = queryset.count()
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
        view = functools.partial(site_view, self.admin_site)
        return [
            path("add-credit/", view(self.add_credit_view), name="loyalty_promos_credit_add"),
            path("sell-pack/", view(self.sell_pack_view), name="loyalty_promos_credit_sell_pack"),
            *super().get_urls(),
        ]

    def _back(self):
        return HttpResponseRedirect(
            reverse(
                "admin:loyalty_promos_creditbalance_changelist", current_app=self.admin_site.name
            )
        )

    def add_credit_view(self, request):
        if not self.has_adjust_credit_permission(request):
            raise PermissionDenied
        form = CustomerCreditForm(request.POST or None, admin_site=self.admin_site)
        if form.is_valid():
            customer = form.cleaned_data["customer"]
            try:
                entry = write_credit(customer, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error("amount", error)
            else:
                self.message_user(
                    request,
                    _("%(customer)s now has %(balance)s of credit.")
                    % {"customer": customer, "balance": format_money(entry.balance_after)},
                    messages.SUCCESS,
                )
                return self._back()
        return self.render_page(
            request, title=_("Add credit / refund"), form=form, submit_label=_("Save")
        )

    def sell_pack_view(self, request):
        if not self.has_sell_credit_pack_permission(request):
            raise PermissionDenied
        form = SellCreditPackForm(request.POST or None, admin_site=self.admin_site)
        if form.is_valid():
            customer, pack = form.cleaned_data["customer"], form.cleaned_data["pack"]
            entries = wallet.sell_credit_pack(customer, pack, user=request.user)
            self.message_user(
                request,
                _("%(pack)s sold to %(customer)s: %(balance)s of credit.")
                % {
                    "pack": pack,
                    "customer": customer,
                    "balance": format_money(entries[-1].balance_after),
                },
                messages.SUCCESS,
            )
            return self._back()
        return self.render_page(
            request, title=_("Sell a credit pack"), form=form, submit_label=_("Sell")
        )


class CreditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "customer",
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
    list_display = ["name", "value", "price", "bonus", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    @admin.display(description=gettext_lazy("bonus"))
    def bonus(self, pack):
        return pack.bonus
