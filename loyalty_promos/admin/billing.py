from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loyalty_promos.admin.forms import ApplyCodeForm, CheckoutForm, MarkPaidForm
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    ReadOnlyAdminMixin,
    action_form_page,
    badge,
)
from loyalty_promos.admin.sites import object_or_404, site_view
from loyalty_promos.exceptions import (
    CouponError,
    GiftCardError,
    InsufficientCredit,
    InsufficientPoints,
)
from loyalty_promos.integration import get_adapter, get_booking_model
from loyalty_promos.models import Charge
from loyalty_promos.reports.registry import REPORTS
from loyalty_promos.reports.views import export_job_view, report_view
from loyalty_promos.services import checkout
from loyalty_promos.services.money import format_money
from loyalty_promos.services.points import points_balance
from loyalty_promos.services.wallet import credit_balance

#: Which checkout field an error is about, so it shows beside that field.
ERROR_FIELDS = [
    (CouponError, "code"),
    (InsufficientPoints, "reward"),
    (GiftCardError, "gift_card"),
    (InsufficientCredit, "use_credits"),
]


class ChargeAdmin(AdminPageMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
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
    readonly_fields = ["breakdown"]
    actions = ["mark_paid", "apply_code"]
    fieldsets = [
        (
            gettext_lazy("Booking"),
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
        (gettext_lazy("How the amount was reached"), {"fields": ["breakdown"]}),
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
            {"fields": ["status", "payment_method", "paid_at", "voided_at", "created_by"]},
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
            charges = list(pending)
            for charge in charges:
                checkout.pay(charge, method=form.cleaned_data["method"], user=request.user)
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
        if not request.user.has_perm("loyalty_promos.view_reports"):
            return []
        return [
            (
                reverse(
                    "admin:loyalty_promos_report",
                    args=["billing"],
                    current_app=self.admin_site.name,
                ),
                _("Billing report"),
            )
        ]

    def report_view(self, request, code):
        report = REPORTS.get(code)
        if report is None:
            raise Http404
        return report_view(self, request, report)

    def get_urls(self):
        return [
            path(
                "exports/<int:job_id>/",
                site_view(
                    self.admin_site, lambda request, job_id: export_job_view(self, request, job_id)
                ),
                name="loyalty_promos_export",
            ),
            path(
                "exports/<int:job_id>/download/",
                site_view(
                    self.admin_site,
                    lambda request, job_id: export_job_view(self, request, job_id, download=True),
                ),
                name="loyalty_promos_export_download",
            ),
            path(
                "reports/<slug:code>/",
                site_view(self.admin_site, self.report_view),
                name="loyalty_promos_report",
            ),
            path(
                "checkout/<path:booking_id>/",
                site_view(self.admin_site, self.checkout_view),
                name="loyalty_promos_charge_checkout",
            ),
            path(
                "<path:object_id>/apply-code/",
                site_view(self.admin_site, self.apply_code_view),
                name="loyalty_promos_charge_apply_code",
            ),
            *super().get_urls(),
        ]

    def apply_code_view(self, request, object_id):
        if not self.has_apply_code_to_charge_permission(request):
            raise PermissionDenied
        charge = object_or_404(Charge, object_id)
        form = ApplyCodeForm(request.POST or None)
        if form.is_valid():
            try:
                charge = checkout.apply_code(charge, form.cleaned_data["code"], user=request.user)
            except ValidationError as error:
                form.add_error("code", error)
            else:
                self.message_user(
                    request,
                    _("Code applied: %(amount)s now due.")
                    % {"amount": format_money(charge.amount_due, charge.currency)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        "admin:loyalty_promos_charge_change",
                        args=[charge.pk],
                        current_app=self.admin_site.name,
                    )
                )
        return self.render_page(
            request,
            title=_("Apply a promo code"),
            form=form,
            original=charge,
            intro=_("The amount due is computed again with the code; nothing else changes."),
            submit_label=_("Apply"),
        )

    def checkout_view(self, request, booking_id):
        """Check out one appointment at the desk: preview the amount, then record the charge."""
        if not self.has_checkout_booking_permission(request):
            raise PermissionDenied
        booking = object_or_404(get_booking_model(), booking_id)
        existing = Charge.objects.live().filter(booking=booking).first()
        if existing is not None:
            self.message_user(request, _("This appointment is already checked out."), messages.INFO)
            return HttpResponseRedirect(
                reverse(
                    "admin:loyalty_promos_charge_change",
                    args=[existing.pk],
                    current_app=self.admin_site.name,
                )
            )
        customer = get_adapter().get_customer(booking)
        form = CheckoutForm(
            request.POST or None,
            points=points_balance(customer) if customer else 0,
            credit=credit_balance(customer) if customer else 0,
        )
        options = form.options() if form.is_valid() else {}
        result = None
        try:
            if form.is_valid() and "_preview" not in request.POST:
                return self.record_checkout(request, booking, form, options)
            result = checkout.quote(booking, user=request.user, **options)
        except ValidationError as error:
            if form.is_bound:
                field = next((f for kind, f in ERROR_FIELDS if isinstance(error, kind)), None)
                form.add_error(field, error)
            else:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        return self.render_page(
            request,
            title=_("Check out an appointment"),
            form=form,
            template="admin/loyalty_promos/checkout.html",
            booking=booking,
            quote=result,
            submit_label=_("Check out"),
        )

    def record_checkout(self, request, booking, form, options):
        method = form.cleaned_data["method"]
        with transaction.atomic():
            charge = checkout.checkout(booking, user=request.user, **options)
            if method and charge.status == Charge.Status.PENDING:
                charge = checkout.pay(charge, method=method, user=request.user)
        self.message_user(
            request,
            _("Checked out: %(amount)s to pay (%(status)s).")
            % {
                "amount": format_money(charge.amount_due, charge.currency),
                "status": charge.get_status_display(),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(
                "admin:loyalty_promos_charge_change",
                args=[charge.pk],
                current_app=self.admin_site.name,
            )
        )
