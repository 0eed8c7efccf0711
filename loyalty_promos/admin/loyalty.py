from django.contrib import admin
from django.utils.translation import gettext_lazy

from loyalty_promos.admin.coupons import copy_button
from loyalty_promos.admin.forms import GiftCardForm
from loyalty_promos.admin.mixins import HostAutocompleteMixin, ReadOnlyAdminMixin
from loyalty_promos.models import GiftCardEntry
from loyalty_promos.services.giftcards import issue_gift_card


class GiftCardEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = GiftCardEntry
    fields = ["created_at", "kind", "amount", "balance_after", "charge", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class GiftCardAdmin(HostAutocompleteMixin, admin.ModelAdmin):
    form = GiftCardForm
    list_display = ["code_display", "owner", "initial_value", "balance", "expires_at", "is_active"]
    list_filter = ["is_active", "expires_at"]
    search_fields = ["code", "note"]
    list_select_related = ["owner"]
    host_autocomplete_fields = ("owner",)
    inlines = [GiftCardEntryInline]

    class Media:
        css = {"all": ["loyalty_promos/admin.css"]}
        js = ["loyalty_promos/copy.js"]

    @admin.display(description=gettext_lazy("code"), ordering="code")
    def code_display(self, card):
        return copy_button(card.code)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["code", "initial_value", "owner", "expires_at", "note"]
        return ["code", "initial_value", "balance", "owner", "expires_at", "is_active", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "initial_value", "balance"] if obj is not None else []

    def has_add_permission(self, request):
        return request.user.has_perm("loyalty_promos.issue_gift_card")

    def has_delete_permission(self, request, obj=None):
        return False  # its history is the ledger: switch it off instead

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        card = issue_gift_card(
            form.cleaned_data["initial_value"],
            owner=form.cleaned_data["owner"],
            expires_at=form.cleaned_data["expires_at"],
            code=form.cleaned_data["code"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        obj.pk, obj.code, obj.balance = card.pk, card.code, card.balance
