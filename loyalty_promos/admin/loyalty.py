"""Admin for the loyalty programme: rules, rewards, points, gift cards."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.admin import views
from loyalty_promos.admin.actions import add_points
from loyalty_promos.admin.forms import GiftCardForm
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
from loyalty_promos.admin.widgets import copy_button
from loyalty_promos.integration import booking_relations
from loyalty_promos.models import (
    GiftCardEntry,
    LoyaltyProgram,
    normalize_code,
)
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.notifications import SAMPLE_CONTEXT, render_message


class GiftCardEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = GiftCardEntry
    fields = ["created_at", "kind", "amount", "balance_after", "charge", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class GiftCardAdmin(CustomerListMixin, LabelledDatesMixin, HostAutocompleteMixin, admin.ModelAdmin):
    form = GiftCardForm
    day_end_fields = ("expires_at",)
    customer_field = "owner"
    list_display = [
        "code_display",
        "customer_link",
        "initial_value",
        "balance",
        "expires_at",
        "is_active",
    ]
    list_filter = ["is_active", "expires_at"]
    search_fields = ["code", "note"]
    list_select_related = ["owner"]
    host_autocomplete_fields = ("owner",)
    inlines = [GiftCardEntryInline]

    class Media:
        css = {"all": ["loyalty_promos/admin.css"]}
        js = ["loyalty_promos/copy.js"]

    @admin.display(description=gettext_lazy("owner"), ordering="owner")
    def customer_link(self, card):
        return super().customer_link(card)

    @admin.display(description=gettext_lazy("code"), ordering="code")
    def code_display(self, card):
        return copy_button(card.code)

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        normalized = normalize_code(search_term)  # codes are stored normalised
        if normalized and normalized != search_term:
            found |= queryset.filter(code__contains=normalized)
        return found, may_have_duplicates

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


class LoyaltyProgramAdmin(HistoryAdmin):
    """One record: the list opens it directly."""

    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["is_enabled"]}),
        (
            gettext_lazy("Points"),
            {"fields": [("validity_count", "validity_unit"), "award_moment", "award_delay_hours"]},
        ),
        (
            gettext_lazy("Messages to customers"),
            {
                "fields": [
                    "award_subject",
                    "award_body",
                    "manual_subject",
                    "manual_body",
                    "preview",
                ],
                "description": gettext_lazy(
                    "Variables: {{ customer_name }}, {{ points }}, {{ balance }}, "
                    "{{ description }}, {{ expiry }}."
                ),
            },
        ),
    ]

    def changelist_view(self, request, extra_context=None):
        program, _created = LoyaltyProgram.objects.get_or_create(pk=1)
        return HttpResponseRedirect(
            reverse(
                "admin:loyalty_promos_loyaltyprogram_change",
                args=[program.pk],
                current_app=self.admin_site.name,
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, program):
        blocks = []
        for manual in (False, True):
            try:
                subject, body = render_message(program, SAMPLE_CONTEXT, manual=manual)
            except Exception as error:  # a message stored before it was checked
                subject, body = (
                    _("This message has a mistake: %(error)s")
                    % {"error": str(error) or type(error).__name__},
                    "",
                )
            blocks.append(format_html("<p><strong>{}</strong></p><pre>{}</pre>", subject, body))
        return format_html("{}{}", *blocks)


class EarningRuleAdmin(RuleSummaryMixin, HostAutocompleteMixin, HistoryAdmin):
    list_display = ["name", "summary", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    host_autocomplete_fields = ("services",)
    fields = ["name", "is_active", "kind", "points", "amount_step", "visit_number", "repeat",
              "services", "date_from", "date_until"]  # fmt: skip


class RewardAdmin(RuleSummaryMixin, HostAutocompleteMixin, HistoryAdmin):
    list_display = ["name", "summary", "is_active"]
    summary_prefetch = ()
    summary_select = ("service",)
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    host_autocomplete_fields = ("service",)
    fields = ["name", "is_active", "points_cost", "kind", "value", "service", "valid_days",
              "description"]  # fmt: skip


class PointsBalanceAdmin(CustomerListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["customer_link", "balance", "updated_at"]
    list_select_related = ["customer"]
    actions = [add_points]


class PointsEntryAdmin(CustomerListMixin, AdminPageMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every points movement; the staff's way to add points and read a customer's history."""

    list_display = ["created_at", "customer_link", "kind", "points", "shortfall", "balance_after",
                    "booking", "rule", "description", "created_by", "bonus_link"]  # fmt: skip
    list_filter = [
        "kind",
        ("rule", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["customer", "rule", "created_by", "booking"]
    search_fields = ["description"]
    date_hierarchy = "created_at"

    class Media:
        css = {"all": ["loyalty_promos/admin.css"]}

    def has_adjust_points_permission(self, request):
        return request.user.has_perm("loyalty_promos.adjust_points")

    def get_list_select_related(self, request):
        return [*self.list_select_related, *booking_relations()]  # each row shows its booking

    @admin.display(description="")
    def bonus_link(self, entry):
        url = reverse("admin:loyalty_promos_points_add", current_app=self.admin_site.name)
        return format_html(
            '<a href="{}?{}">{}</a>', url, urlencode({"customer": entry.customer_id}),
            _("Add bonus to this customer"),
        )  # fmt: skip

    def get_object_tools(self, request):
        if not self.has_adjust_points_permission(request):
            return []
        return [
            (
                reverse("admin:loyalty_promos_points_add", current_app=self.admin_site.name),
                _("Add points"),
            )
        ]

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        return fields if self.has_adjust_points_permission(request) else fields[:-1]

    def has_redeem_reward_permission(self, request):
        return request.user.has_perm("loyalty_promos.redeem_reward")

    def get_urls(self):
        return [
            admin_path(self, "add-points/", views.add_points, "loyalty_promos_points_add"),
            admin_path(
                self,
                "customer/<path:customer_id>/redeem/",
                views.redeem,
                "loyalty_promos_points_redeem",
            ),
            admin_path(
                self,
                "customer/<path:customer_id>/",
                views.customer_points,
                "loyalty_promos_points_customer",
            ),
            *super().get_urls(),
        ]
