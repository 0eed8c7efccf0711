import functools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.admin.actions import add_points
from loyalty_promos.admin.coupons import copy_button
from loyalty_promos.admin.forms import CustomerPointsForm, GiftCardForm, RedeemRewardForm
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    LabelledDatesMixin,
    ReadOnlyAdminMixin,
)
from loyalty_promos.admin.sites import object_or_404, site_view
from loyalty_promos.integration import booking_relations
from loyalty_promos.models import (
    GiftCardEntry,
    LoyaltyProgram,
    PointsEntry,
    RewardRedemption,
    normalize_code,
)
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.notifications import SAMPLE_CONTEXT, render_message
from loyalty_promos.services.points import (
    adjust_points,
    pending_awards,
    points_balance,
    redeem_reward,
)


class GiftCardEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = GiftCardEntry
    fields = ["created_at", "kind", "amount", "balance_after", "charge", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class GiftCardAdmin(LabelledDatesMixin, HostAutocompleteMixin, admin.ModelAdmin):
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


class EarningRuleAdmin(HostAutocompleteMixin, HistoryAdmin):
    list_display = ["name", "kind", "points", "is_active", "date_from", "date_until"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    host_autocomplete_fields = ("services",)
    fields = ["name", "is_active", "kind", "points", "amount_step", "visit_number", "repeat",
              "services", "date_from", "date_until"]  # fmt: skip


class RewardAdmin(HostAutocompleteMixin, HistoryAdmin):
    list_display = ["name", "points_cost", "kind", "value", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    host_autocomplete_fields = ("service",)
    fields = ["name", "is_active", "points_cost", "kind", "value", "service", "valid_days",
              "description"]  # fmt: skip


class PointsBalanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["customer", "balance", "history_link", "updated_at"]
    list_select_related = ["customer"]
    actions = [add_points]

    @admin.display(description=gettext_lazy("history"))
    def history_link(self, balance):
        url = reverse(
            "admin:loyalty_promos_points_customer",
            args=[balance.customer_id],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, _("History"))


class PointsEntryAdmin(AdminPageMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
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

    @admin.display(description=gettext_lazy("customer"), ordering="customer")
    def customer_link(self, entry):
        url = reverse(
            "admin:loyalty_promos_points_customer",
            args=[entry.customer_id],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, entry.customer)

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

    def get_urls(self):
        view = functools.partial(site_view, self.admin_site)
        return [
            path("add-points/", view(self.add_points_view), name="loyalty_promos_points_add"),
            path(
                "customer/<path:customer_id>/redeem/",
                view(self.redeem_view),
                name="loyalty_promos_points_redeem",
            ),
            path(
                "customer/<path:customer_id>/",
                view(self.customer_view),
                name="loyalty_promos_points_customer",
            ),
            *super().get_urls(),
        ]

    def add_points_view(self, request):
        if not self.has_adjust_points_permission(request):
            raise PermissionDenied
        form = CustomerPointsForm(
            request.POST or None,
            admin_site=self.admin_site,
            initial={"customer": request.GET.get("customer")},
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = adjust_points(
                    data["customer"], data["points"], data["description"], user=request.user
                )
            except ValidationError as error:
                form.add_error("points", error)
            else:
                self.message_user(
                    request,
                    _("%(customer)s now has %(balance)d points.")
                    % {"customer": entry.customer, "balance": points_balance(entry.customer)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self.back_url(request))
        return self.render_page(
            request,
            title=_("Add points"),
            form=form,
            submit_label=_("Save"),
            next=self.back_url(request),
        )

    @staticmethod
    def back_url(request):
        """Where the staff member came from (a report, the list), if it is on this site."""
        target = request.POST.get("next") or request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse(
            "admin:loyalty_promos_pointsentry_changelist",
            current_app=getattr(request, "current_app", None),
        )

    def has_redeem_reward_permission(self, request):
        return request.user.has_perm("loyalty_promos.redeem_reward")

    @staticmethod
    def get_customer(customer_id):
        customer_model = PointsEntry._meta.get_field("customer").related_model
        return object_or_404(customer_model, customer_id)

    def redeem_view(self, request, customer_id):
        """Spend a customer's points on a reward; the page shows the code to hand over."""
        if not self.has_redeem_reward_permission(request):
            raise PermissionDenied
        customer = self.get_customer(customer_id)
        form = RedeemRewardForm(request.POST or None, points=points_balance(customer))
        if form.is_valid():
            try:
                redemption = redeem_reward(customer, form.cleaned_data["reward"], user=request.user)
            except ValidationError as error:
                form.add_error("reward", error)
            else:
                self.message_user(
                    request,
                    _("%(reward)s redeemed: give %(customer)s the code %(code)s.")
                    % {
                        "reward": redemption.reward.name,
                        "customer": customer,
                        "code": redemption.code,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        "admin:loyalty_promos_points_customer",
                        args=[customer.pk],
                        current_app=self.admin_site.name,
                    )
                )
        return self.render_page(
            request,
            title=_("Redeem a reward for %(customer)s") % {"customer": customer},
            form=form,
            submit_label=_("Redeem"),
        )

    def customer_view(self, request, customer_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        customer = self.get_customer(customer_id)
        entries = (
            PointsEntry.objects.filter(customer=customer)
            .select_related("booking", "rule", "created_by", "charge", *booking_relations())
            .order_by("-created_at", "-pk")
        )
        lots = entries.filter(remaining__gt=0).order_by("expires_at", "created_at")
        return TemplateResponse(
            request,
            "admin/loyalty_promos/points_customer.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Points of %(customer)s") % {"customer": customer},
                "customer": customer,
                "balance": points_balance(customer),
                "entries": entries[:500],
                "lots": lots,
                "pending": pending_awards(customer),
                "can_adjust": self.has_adjust_points_permission(request),
                "can_redeem": self.has_redeem_reward_permission(request),
                "rewards": RewardRedemption.objects.filter(customer=customer)
                .select_related("reward", "gift_card", "coupon")
                .prefetch_related("coupon__codes")[:50],
                "now": timezone.now(),
            },
        )
