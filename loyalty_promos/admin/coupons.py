"""Admin for promo codes: the rule, its codes, their batches and their uses."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from loyalty_promos.admin import views
from loyalty_promos.admin.forms import (
    CouponForm,
)
from loyalty_promos.admin.imports import ImportHelpMixin
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    BulkDeleteCodesMixin,
    CustomerListMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    InertExportMixin,
    LabelledDatesMixin,
    ReadOnlyAdminMixin,
    badge,
)
from loyalty_promos.admin.sites import admin_path
from loyalty_promos.admin.summaries import ImpactGuardMixin, RuleSummaryMixin
from loyalty_promos.admin.widgets import copy_button
from loyalty_promos.conf import app_settings
from loyalty_promos.models import CodeJob, Coupon, CouponCode, normalize_code
from loyalty_promos.reports.resources import CouponCodeImportResource, CouponCodeResource
from loyalty_promos.services import code_jobs
from loyalty_promos.services import codes as code_service

MEDIA_CSS = {"all": ["loyalty_promos/admin.css"]}


class CouponStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Coupon.Status.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == Coupon.Status.INACTIVE:
            return queryset.filter(is_active=False)
        if value == Coupon.Status.EXPIRED:
            return queryset.filter(is_active=True).expired(now)
        if value == Coupon.Status.SCHEDULED:
            return queryset.scheduled(now)
        if value == Coupon.Status.USED_UP:
            return queryset.active(now).filter(pk__in=Coupon.objects.used_up().values("pk"))
        if value == Coupon.Status.ACTIVE:
            return queryset.active(now).exclude(pk__in=Coupon.objects.used_up().values("pk"))
        return queryset


class CouponAdmin(
    ImpactGuardMixin,
    RuleSummaryMixin,
    LabelledDatesMixin,
    AdminPageMixin,
    BulkDeleteCodesMixin,
    HostAutocompleteMixin,
    HistoryAdmin,
):
    form = CouponForm
    day_start_fields = ("valid_from", "appointment_from")
    day_end_fields = ("valid_until", "appointment_until")
    list_display = [
        "name",
        "codes_display",
        "summary",
        "status_display",
        "uses_display",
        "valid_until",
    ]
    summary_prefetch = ("services", "staff")
    list_filter = [
        CouponStatusFilter,
        "discount_type",
        ("batches", admin.RelatedOnlyFieldListFilter),
        ("services", admin.RelatedOnlyFieldListFilter),
        ("staff", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "codes__normalized"]
    host_autocomplete_fields = ("services", "staff")
    actions = [
        "activate",
        "deactivate",
        "generate_codes",
        "share_code",
        "delete_all_codes",
        "delete_used_codes",
        "delete_expired_codes",
    ]
    bulk_delete_labels = {
        "delete_all_codes": gettext_lazy("Delete all codes of the selected promo codes"),
        "delete_used_codes": gettext_lazy("Delete the used codes of the selected promo codes"),
        "delete_expired_codes": gettext_lazy(
            "Delete the codes of the selected promo codes that have expired"
        ),
    }
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            gettext_lazy("Information"),
            {"fields": ["name", "code", "description", "is_active"]},
        ),
        (gettext_lazy("Discount"), {"fields": ["discount_type", "discount_value"]}),
        (
            gettext_lazy("Validity"),
            {
                "fields": [
                    ("valid_from", "valid_until"),
                    ("appointment_from", "appointment_until"),
                    ("time_from", "time_until"),
                    "weekdays",
                ],
                "description": gettext_lazy(
                    "When the code can be used, and for which appointments. "
                    "Empty fields put no restriction."
                ),
            },
        ),
        (
            gettext_lazy("Usage limits"),
            {"fields": ["max_uses", "max_uses_per_customer", "series_mode"]},
        ),
        (
            gettext_lazy("Restrictions"),
            {"fields": ["services", "staff", "first_booking_only", "staff_only"]},
        ),
        (gettext_lazy("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = MEDIA_CSS
        js = ["loyalty_promos/copy.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_uses()
            .annotate(code_count=Count("codes", distinct=True), a_code=Max("codes__code"))
        )

    def codes_of(self, queryset):
        return CouponCode.objects.filter(coupon__in=queryset)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.codes.count() > 1:  # a batch: no single "Code" field
            fieldsets = [
                (title, dict(options, fields=[f for f in options["fields"] if f != "code"]))
                for title, options in fieldsets
            ]
        return fieldsets

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        normalized = normalize_code(search_term)
        if normalized and normalized != search_term:
            queryset |= self.model.objects.filter(codes__normalized__contains=normalized)
            may_have_duplicates = True
        # In name order for search boxes (the billing report's filter); lists sort their own way.
        return queryset.order_by("name", "pk"), may_have_duplicates

    # Columns -----------------------------------------------------------------------

    @admin.display(description=gettext_lazy("codes"))
    def codes_display(self, coupon):
        if coupon.code_count == 1:
            return copy_button(coupon.a_code)  # the one code, read with the count
        url = reverse(
            "admin:loyalty_promos_couponcode_changelist", current_app=self.admin_site.name
        )
        return format_html(
            '<a href="{}?{}">{}</a>',
            url,
            urlencode({"coupon__id__exact": coupon.pk}),
            ngettext("%(count)d code", "%(count)d codes", coupon.code_count)
            % {"count": coupon.code_count},
        )

    @admin.display(description=gettext_lazy("discount"), ordering="discount_value")
    def discount_display(self, coupon):
        return coupon.discount_display

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, coupon):
        status = coupon.get_status()
        return badge(status, status.label)

    @admin.display(description=gettext_lazy("uses"), ordering="uses")
    def uses_display(self, coupon):
        if coupon.max_uses is None:
            return str(coupon.uses)
        return f"{coupon.uses} / {coupon.max_uses}"

    # Saving ----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        was_active = form.initial.get("is_active", True) if change else None
        refusal = code_service.save_coupon(
            obj, code=form.cleaned_data.get("code"), was_active=was_active
        )
        if refusal is not None:
            self.message_user(request, " ".join(refusal.messages), messages.WARNING)

    # Actions ---------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Activate selected promo codes"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(
        description=gettext_lazy("Deactivate selected promo codes"), permissions=["change"]
    )
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active):
        try:
            count = code_service.set_coupons_active(queryset, active)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        message = (
            ngettext("%(count)d promo code activated.", "%(count)d promo codes activated.", count)
            if active
            else ngettext(
                "%(count)d promo code deactivated.", "%(count)d promo codes deactivated.", count
            )
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Generate codes for the selected promo code"),
        permissions=["generate_codes"],
    )
    def generate_codes(self, request, queryset):
        return self._open_page_for_one(request, queryset, "generate")

    @admin.action(
        description=gettext_lazy("Email the selected promo code to customers"),
        permissions=["share_codes"],
    )
    def share_code(self, request, queryset):
        return self._open_page_for_one(request, queryset, "share")

    def _open_page_for_one(self, request, queryset, page):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one promo code for this action."), messages.WARNING
            )
            return None
        url = reverse(
            f"admin:loyalty_promos_coupon_{page}",
            args=[queryset.get().pk],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(url)

    def has_generate_codes_permission(self, request):
        return request.user.has_perm("loyalty_promos.generate_codes")

    def has_share_codes_permission(self, request):
        return request.user.has_perm("loyalty_promos.share_codes")

    def has_test_codes_permission(self, request):
        return request.user.has_perm("loyalty_promos.test_codes")

    # Pages -------------------------------------------------------------------------------

    def get_urls(self):
        return [
            admin_path(self, "test/", views.test_code, "loyalty_promos_coupon_test"),
            admin_path(self, "share/", views.share_code, "loyalty_promos_coupon_share_customers"),
            admin_path(
                self,
                "<path:object_id>/generate/",
                views.generate_codes,
                "loyalty_promos_coupon_generate",
            ),
            admin_path(
                self, "<path:object_id>/paste/", views.paste_codes, "loyalty_promos_coupon_paste"
            ),
            admin_path(
                self, "<path:object_id>/share/", views.share_code, "loyalty_promos_coupon_share"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_generate": self.has_generate_codes_permission(request),
            "can_share": self.has_share_codes_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object_tools(self, request):
        if not self.has_test_codes_permission(request):
            return []
        return [
            (
                reverse("admin:loyalty_promos_coupon_test", current_app=self.admin_site.name),
                _("Test a code"),
            )
        ]


def _cell(value):
    """A spreadsheet cell as JSON keeps it: text, a number, a boolean or nothing."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class CouponCodeStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [
            ("unused", _("not used yet")),
            ("used", _("used")),
            ("expired", _("expired")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unused":
            return queryset.unused()
        if self.value() == "used":
            return queryset.used()
        if self.value() == "expired":
            return queryset.expired()
        return queryset


class CouponCodeAdmin(
    ImportHelpMixin,
    BulkDeleteCodesMixin,
    ImportMixin,
    InertExportMixin,
    ExportActionMixin,
    admin.ModelAdmin,
):
    resource_classes = [CouponCodeResource]
    import_formats = export_formats = [CSV, XLSX]
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    list_display = ["code_display", "coupon", "batch", "uses_display", "is_active", "created_at"]
    list_filter = [
        CouponCodeStatusFilter,
        "is_active",
        ("coupon", admin.RelatedOnlyFieldListFilter),
        ("batch", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["normalized", "coupon__name"]
    list_select_related = ["coupon", "batch"]
    list_per_page = 100
    fields = ["coupon", "code", "max_uses", "is_active", "batch"]
    autocomplete_fields = ["coupon"]
    readonly_fields = ["batch"]
    actions = [
        "activate",
        "deactivate",
        "delete_all_codes",
        "delete_used_codes",
        "delete_expired_codes",
    ]
    replaces_delete_selected = True

    class Media:
        css = MEDIA_CSS
        js = ["loyalty_promos/copy.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_uses()

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, normalize_code(search_term) or search_term
        )

    def is_spent(self, code) -> bool:
        coupon = code.coupon
        expired = coupon.valid_until is not None and coupon.valid_until < timezone.now()
        used_up = code.max_uses is not None and code.uses >= code.max_uses
        return expired or used_up or not code.is_active

    @admin.display(description=gettext_lazy("code"), ordering="normalized")
    def code_display(self, code):
        if self.is_spent(code):
            return format_html('<span class="lp-muted lp-code">{}</span>', code.code)
        return copy_button(code.code)

    @admin.display(description=gettext_lazy("uses"), ordering="uses")
    def uses_display(self, code):
        return str(code.uses) if code.max_uses is None else f"{code.uses} / {code.max_uses}"

    def has_import_permission(self, request):
        return request.user.has_perm("loyalty_promos.generate_codes")

    def get_import_example(self, request):
        """code, promo code (an existing one's name), maximum uses, active."""
        name = Coupon.objects.order_by("name").values_list("name", flat=True).first()
        return ["SPRING-0001", name or _("Spring offer"), 1, 1]

    def get_import_resource_classes(self, request):
        return [CouponCodeImportResource]

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def import_action(self, request, **kwargs):
        """Preview small files here; hand big ones to a background job (no preview)."""
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                dataset = self._read_import(form)
                if dataset is not None and len(dataset) > app_settings.CODE_BACKGROUND_THRESHOLD:
                    job = code_jobs.start_code_job(
                        CodeJob.Kind.IMPORT,
                        user=request.user,
                        params={
                            "headers": [str(h) for h in dataset.headers or []],
                            "data": [[_cell(v) for v in row] for row in dataset],
                        },
                        total=len(dataset),
                    )
                    return HttpResponseRedirect(
                        reverse(
                            "admin:loyalty_promos_couponcode_job",
                            args=[job.pk],
                            current_app=self.admin_site.name,
                        )
                    )
        return super().import_action(request, **kwargs)

    def _read_import(self, form):
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        if not input_format.is_binary():
            input_format.encoding = self.from_encoding
        upload = form.cleaned_data["import_file"]
        try:
            data = b"".join(upload.chunks())
            upload.seek(0)
            if not input_format.is_binary():
                data = data.decode(self.from_encoding)
            return input_format.create_dataset(data)
        except Exception:
            upload.seek(0)
            return None

    def process_dataset(self, dataset, form, request, **kwargs):
        # All or nothing at the confirmation too: a row that became invalid
        # since the preview (a code activated elsewhere) rolls back every row.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": self.get_import_form_class(request)(
                self.get_import_formats(),
                self.get_import_resource_classes(request),
                initial=self.get_import_form_initial(request),
            ),
            "opts": self.model._meta,
            "result": result,
            "import_error_display": self.import_error_display,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource.get_user_visible_fields()],
                )
                for resource in (
                    cls(**self.get_import_resource_kwargs(request))
                    for cls in self.get_import_resource_classes(request)
                )
            ],
        }
        self.message_user(
            request,
            _("Nothing was imported: some rows are no longer valid. Correct them and try again."),
            messages.ERROR,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def get_urls(self):
        return [
            admin_path(self, "jobs/<int:job_id>/", views.code_job, "loyalty_promos_couponcode_job"),
            *super().get_urls(),
        ]

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_valid_export_item_pks(self, request):
        """The posted selection that this user may see, not every code's pk.

        django-import-export 4.x builds its "export selected" choices from
        this method and warns that it is deprecated (removed in v5, #1892);
        its default lists every code in the table, which is slow with a
        million codes. Ours checks only the selected codes.
        """
        selected = request.POST.getlist("export_items")
        return self.get_queryset(request).filter(pk__in=selected).values_list("pk", flat=True)

    def codes_of(self, queryset):
        return queryset

    @admin.action(description=gettext_lazy("Activate selected codes"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=gettext_lazy("Deactivate selected codes"), permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active):
        try:
            count = code_service.set_codes_active(queryset, active)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        message = (
            ngettext("%(count)d code activated.", "%(count)d codes activated.", count)
            if active
            else ngettext("%(count)d code deactivated.", "%(count)d codes deactivated.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


class CodeBatchAdmin(BulkDeleteCodesMixin, admin.ModelAdmin):
    list_display = ["__str__", "coupon", "source", "size", "codes_link", "created_at", "created_by"]
    list_filter = ["source", ("coupon", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["label", "coupon__name"]
    list_select_related = ["coupon", "created_by"]
    readonly_fields = ["coupon", "source", "size", "created_at", "created_by"]
    fields = ["label", *readonly_fields]
    actions = ["delete_all_codes", "delete_used_codes", "delete_expired_codes"]
    bulk_delete_labels = {
        "delete_all_codes": gettext_lazy("Delete all codes of the selected batches"),
        "delete_used_codes": gettext_lazy("Delete the used codes of the selected batches"),
        "delete_expired_codes": gettext_lazy("Delete the expired codes of the selected batches"),
    }

    def has_add_permission(self, request):
        return False  # batches come from generating, pasting or importing codes

    @admin.display(description=gettext_lazy("codes"))
    def codes_link(self, batch):
        url = reverse(
            "admin:loyalty_promos_couponcode_changelist", current_app=self.admin_site.name
        )
        return format_html(
            '<a href="{}?{}">{}</a>',
            url,
            urlencode({"batch__id__exact": batch.pk}),
            _("View / export"),
        )

    def codes_of(self, queryset):
        return CouponCode.objects.filter(batch__in=queryset)


class RedemptionAdmin(CustomerListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "code_text",
        "coupon_name",
        "booking_ref",
        "customer_link",
        "amount",
        "voided_at",
    ]
    list_filter = [("coupon", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["code_text", "coupon_name", "booking_ref"]
    list_select_related = ["customer"]
    date_hierarchy = "created_at"


class CodeShareAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Codes sent to customers: which code, to whom, when, how and in which language."""

    list_display = [
        "sent_at",
        "code_text",
        "coupon",
        "batch",
        "customer",
        "emailed",
        "texted",
        "language",
        "sent_by",
    ]
    list_filter = [
        ("coupon", admin.RelatedOnlyFieldListFilter),
        ("batch", admin.RelatedOnlyFieldListFilter),
        "sent_at",
    ]
    search_fields = ["code_text", "coupon__name"]
    list_select_related = ["coupon", "batch", "customer", "sent_by"]
    date_hierarchy = "sent_at"
