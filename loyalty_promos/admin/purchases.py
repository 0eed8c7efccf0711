"""Admin for online purchases: read-only records, and staff confirm payments at the desk.

Confirming completes the purchase through ``api.complete_purchase`` (which
delivers the package, credit or gift card); cancelling closes it. Both are
actions with a confirmation page behind the ``confirm_purchase`` permission,
and buttons on a pending purchase's page that lead to the same pages.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin.actions import confirm_then
from loyalty_promos.admin.mixins import ReadOnlyAdminMixin
from loyalty_promos.admin.sites import registered_admin
from loyalty_promos.admin.widgets import badge
from loyalty_promos.formats import format_money
from loyalty_promos.integration import get_customer_model
from loyalty_promos.models import Purchase
from loyalty_promos.payments.backends import backend_label
from loyalty_promos.services import purchases

MEDIA_CSS = {"all": ["loyalty_promos/admin.css"]}
#: Searched on every site; the customer's own search fields are added when it has an admin.
OWN_SEARCH_FIELDS = ["reference", "provider_reference", "description"]


class PurchaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "customer",
        "kind",
        "description_display",
        "price_display",  # the amount and its currency in one column: the status stays in view
        "status_display",
        "paid_at",
        "reference",
    ]
    list_filter = ["status", "kind", "created_at"]
    list_select_related = ["customer"]
    date_hierarchy = "created_at"
    actions = ["confirm_payment", "cancel_purchases"]
    change_form_template = "admin/loyalty_promos/purchase/change_form.html"
    fieldsets = [
        (None, {"fields": ["reference", "customer", "status_display", "kind",
                           "description_display"]}),
        (gettext_lazy("Payment"), {"fields": ["price", "currency", "backend_display",
                                              "provider_reference",
                                               "paid_at", "failure_reason", "closed_by"]}),
        (gettext_lazy("Delivered"), {"fields": ["package", "credit_entry", "gift_card"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]  # fmt: skip

    class Media:
        css = MEDIA_CSS

    def has_confirm_purchase_permission(self, request) -> bool:
        return request.user.has_perm("loyalty_promos.confirm_purchase")

    def get_search_fields(self, request):
        """Reference, provider reference, description, and the customer's own search fields."""
        fields = list(OWN_SEARCH_FIELDS)
        customer_admin = registered_admin(self.admin_site, get_customer_model())
        if customer_admin is not None:
            for field in customer_admin.get_search_fields(request):
                prefix = field[0] if field[:1] in "^=@" else ""
                fields.append(f"{prefix}customer__{field.lstrip('^=@')}")
        return fields

    @admin.display(description=gettext_lazy("item"))
    def description_display(self, purchase):
        if purchase.kind == Purchase.Kind.GIFT_CARD:
            return _("Gift card of %(amount)s") % {
                "amount": format_money(purchase.amount, purchase.currency)
            }
        return purchase.description

    @admin.display(description=gettext_lazy("price"), ordering="price")
    def price_display(self, purchase):
        return format_money(purchase.price, purchase.currency)

    @admin.display(description=gettext_lazy("payment backend"))
    def backend_display(self, purchase):
        return backend_label(purchase.backend)

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_display(self, purchase):
        return badge(purchase.status, purchase.get_status_display())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_confirm": self.has_confirm_purchase_permission(request),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _close_many(self, request, queryset, *, action, title, summary, note, service, done):
        def apply(selected):
            try:
                closed = service(selected, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return _("Stopped: the purchases before it were done.")
            for purchase in closed:
                self.log_change(request, purchase, str(purchase.get_status_display()))
            return done(len(closed))

        return confirm_then(
            self,
            request,
            queryset.filter(status=Purchase.Status.PENDING),
            action=action,
            title=title,
            summary=summary,
            note=note,
            apply=apply,
        )

    @admin.action(
        description=gettext_lazy("Confirm payment (paid at the desk)"),
        permissions=["confirm_purchase"],
    )
    def confirm_payment(self, request, queryset):
        return self._close_many(
            request,
            queryset,
            action="confirm_payment",
            title=_("Confirm payment"),
            summary=lambda count: (
                ngettext(
                    "%(count)d pending purchase will be marked paid.",
                    "%(count)d pending purchases will be marked paid.",
                    count,
                )
                % {"count": count}
                if count
                else _("None of the selected purchases is waiting for payment.")
            ),
            note=_(
                "Only confirm what the customer has paid: each customer receives what they "
                "bought (package, credit or gift card) at once."
            ),
            service=purchases.confirm_purchases,
            done=lambda count: (
                ngettext("%(count)d purchase confirmed.", "%(count)d purchases confirmed.", count)
                % {"count": count}
            ),
        )

    @admin.action(
        description=gettext_lazy("Cancel the selected pending purchases"),
        permissions=["confirm_purchase"],
    )
    def cancel_purchases(self, request, queryset):
        return self._close_many(
            request,
            queryset,
            action="cancel_purchases",
            title=_("Cancel purchases"),
            summary=lambda count: (
                ngettext(
                    "%(count)d pending purchase will be cancelled.",
                    "%(count)d pending purchases will be cancelled.",
                    count,
                )
                % {"count": count}
                if count
                else _("None of the selected purchases is waiting for payment.")
            ),
            note=_("Nothing was delivered for them; the customers can buy again from the shop."),
            service=purchases.cancel_purchases,
            done=lambda count: (
                ngettext("%(count)d purchase cancelled.", "%(count)d purchases cancelled.", count)
                % {"count": count}
            ),
        )
