"""Admin for promo codes: the rule, its codes, their batches and their uses."""

from __future__ import annotations

import functools
from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from loyalty_promos.admin.actions import SHARE_CUSTOMERS_KEY
from loyalty_promos.admin.forms import (
    CouponForm,
    GenerateCodesForm,
    PasteCodesForm,
    ShareCodeForm,
    TestCodeForm,
)
from loyalty_promos.admin.mixins import (
    AdminPageMixin,
    BulkDeleteCodesMixin,
    HistoryAdmin,
    HostAutocompleteMixin,
    InertExportMixin,
    LabelledDatesMixin,
    ReadOnlyAdminMixin,
    badge,
)
from loyalty_promos.admin.sites import object_or_404, site_view
from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import CouponError
from loyalty_promos.integration import get_adapter
from loyalty_promos.models import CodeBatch, CodeJob, Coupon, CouponCode, normalize_code
from loyalty_promos.reports.resources import CouponCodeImportResource, CouponCodeResource
from loyalty_promos.services import code_jobs, sharing
from loyalty_promos.services import codes as code_service
from loyalty_promos.services import coupons as coupon_service

MEDIA_CSS = {"all": ["loyalty_promos/admin.css"]}


def copy_button(code: str) -> str:
    return format_html(
        '<span class="lp-code">{}</span><button type="button" class="button lp-copy" '
        'data-copy="{}" data-copied="{}" aria-label="{}">{}</button>',
        code,
        code,
        _("Copied"),
        _("Copy the code %(code)s") % {"code": code},
        _("Copy"),
    )


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
    LabelledDatesMixin,
    AdminPageMixin,
    BulkDeleteCodesMixin,
    HostAutocompleteMixin,
    HistoryAdmin,
):
    form = CouponForm
    list_display = [
        "name",
        "codes_display",
        "discount_display",
        "status_display",
        "uses_display",
        "valid_until",
    ]
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
            info = dict(fieldsets[0][1], fields=["name", "description", "is_active"])
            fieldsets = [(fieldsets[0][0], info), *fieldsets[1:]]
        return fieldsets

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        normalized = normalize_code(search_term)
        if normalized and normalized != search_term:
            queryset |= self.model.objects.filter(codes__normalized__contains=normalized)
            may_have_duplicates = True
        return queryset, may_have_duplicates

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
        was_active = form.initial.get("is_active", True) if change else True
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            code = form.cleaned_data.get("code")
            single = form.single_code
            if code and single is None and not obj.codes.exists():
                CouponCode.objects.create(coupon=obj, code=code, is_active=obj.is_active)
            elif code and single is not None and code != single.code:
                single.code = code
                single.save(update_fields=["code"])
            if change and was_active != obj.is_active:
                try:
                    code_service.set_coupons_active([obj], obj.is_active)
                except ValidationError as error:
                    obj.is_active = was_active
                    obj.save(update_fields=["is_active"])
                    self.message_user(request, " ".join(error.messages), messages.WARNING)

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
        view = functools.partial(site_view, self.admin_site)
        return [
            path("test/", view(self.test_code_view), name="loyalty_promos_coupon_test"),
            path("share/", view(self.share_view), name="loyalty_promos_coupon_share_customers"),
            path(
                "<path:object_id>/generate/",
                view(self.generate_view),
                name="loyalty_promos_coupon_generate",
            ),
            path(
                "<path:object_id>/paste/",
                view(self.paste_view),
                name="loyalty_promos_coupon_paste",
            ),
            path(
                "<path:object_id>/share/",
                view(self.share_view),
                name="loyalty_promos_coupon_share",
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

    def _coupon_or_403(self, request, object_id, permission):
        if not getattr(self, f"has_{permission}_permission")(request):
            raise PermissionDenied
        return object_or_404(Coupon, object_id)

    def _job_redirect(self, job):
        return HttpResponseRedirect(
            reverse(
                "admin:loyalty_promos_couponcode_job",
                args=[job.pk],
                current_app=self.admin_site.name,
            )
        )

    def _back_to(self, coupon):
        return HttpResponseRedirect(
            reverse(
                "admin:loyalty_promos_coupon_change",
                args=[coupon.pk],
                current_app=self.admin_site.name,
            )
        )

    def generate_view(self, request, object_id):
        coupon = self._coupon_or_403(request, object_id, "generate_codes")
        form = GenerateCodesForm(request.POST or None)
        if form.is_valid() and form.cleaned_data["count"] > app_settings.CODE_BACKGROUND_THRESHOLD:
            data = form.cleaned_data
            request_ = code_service.GenerationRequest(
                count=data["count"],
                length=data["length"],
                prefix=data["prefix"],
                max_uses=data["max_uses"],
            )
            try:
                request_.validate()
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                job = code_jobs.start_code_job(
                    CodeJob.Kind.GENERATE,
                    user=request.user,
                    coupon=coupon,
                    params={**data, "prefix": request_.prefix},
                    total=data["count"],
                )
                return self._job_redirect(job)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                batch = code_service.generate_codes(
                    coupon,
                    data["count"],
                    length=data["length"],
                    prefix=data["prefix"],
                    max_uses=data["max_uses"],
                    label=data["label"],
                    user=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d code generated under “%(coupon)s”.",
                        "%(count)d codes generated under “%(coupon)s”.",
                        batch.size,
                    )
                    % {"count": batch.size, "coupon": coupon.name},
                    messages.SUCCESS,
                )
                return _batch_codes_redirect(batch, self.admin_site)
        return self.render_page(
            request,
            title=_("Generate codes"),
            form=form,
            original=coupon,
            intro=_(
                "Every code gets the rules of “%(coupon)s”. Codes use letters and digits that "
                "cannot be mistaken for one another (no 0/O, no 1/I/L)."
            )
            % {"coupon": coupon.name},
            submit_label=_("Generate"),
        )

    def paste_view(self, request, object_id):
        coupon = self._coupon_or_403(request, object_id, "generate_codes")
        form = PasteCodesForm(request.POST or None)
        errors = []
        rows = code_service.pasted_rows(form.cleaned_data["codes"]) if form.is_valid() else []
        if len(rows) > app_settings.CODE_BACKGROUND_THRESHOLD:
            data = form.cleaned_data
            for row in rows:
                row.max_uses = data["max_uses"]
            job = code_jobs.start_code_job(
                CodeJob.Kind.PASTE,
                user=request.user,
                coupon=coupon,
                params={**code_jobs.rows_to_params(rows), "label": data["label"]},
                total=len(rows),
            )
            return self._job_redirect(job)
        if form.is_valid():
            data = form.cleaned_data
            try:
                batch = code_service.add_code_list(
                    coupon,
                    data["codes"],
                    max_uses=data["max_uses"],
                    label=data["label"],
                    user=request.user,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d code added to “%(coupon)s”.",
                        "%(count)d codes added to “%(coupon)s”.",
                        batch.size,
                    )
                    % {"count": batch.size, "coupon": coupon.name},
                    messages.SUCCESS,
                )
                return _batch_codes_redirect(batch, self.admin_site)
        return self.render_page(
            request,
            title=_("Paste a list of codes"),
            form=form,
            original=coupon,
            errors=errors,
            errors_title=_("Nothing was added. Correct these lines and try again:"),
            submit_label=_("Add the codes"),
        )

    def share_view(self, request, object_id=None):
        """Email (and text) a code to customers: from a promo code, or from a customer list.

        Without ``object_id`` the customers come preselected from the
        ``send_promo_code`` action of the host's customer admin, and staff
        choose the promo code here.
        """
        if not self.has_share_codes_permission(request):
            raise PermissionDenied
        coupon = object_or_404(Coupon, object_id) if object_id else None
        if coupon is not None and not coupon.codes.filter(is_active=True).exists():
            self.message_user(
                request, _("This promo code has no active code to send."), messages.ERROR
            )
            return self._back_to(coupon)
        form = ShareCodeForm(
            request.POST or None,
            admin_site=self.admin_site,
            sms_available=bool(app_settings.SMS_SENDER),
            choose_coupon=coupon is None,
            initial={
                "subject": sharing.DEFAULT_SUBJECT,
                "body": sharing.DEFAULT_BODY,
                "customers": request.session.get(SHARE_CUSTOMERS_KEY, []),
            },
        )
        if form.is_valid():
            data = form.cleaned_data
            coupon = coupon or data["coupon"]
            result = sharing.share_code(
                coupon.codes.filter(is_active=True).order_by("pk").first(),
                data["customers"],
                subject=data["subject"],
                body=data["body"],
                send_sms=data.get("send_sms", False),
            )
            request.session.pop(SHARE_CUSTOMERS_KEY, None)
            self.message_user(request, share_summary(result), messages.SUCCESS)
            return self._back_to(coupon)
        if coupon is None:
            title = _("Send a promo code to customers")
        else:
            code = coupon.codes.filter(is_active=True).order_by("pk").first()
            title = _("Send the code %(code)s to customers") % {"code": code.code}
        return self.render_page(
            request,
            title=title,
            form=form,
            original=coupon,
            submit_label=_("Send"),
        )

    def test_code_view(self, request):
        if not self.has_test_codes_permission(request):
            raise PermissionDenied
        form = TestCodeForm(request.POST or None, admin_site=self.admin_site)
        outcome = None
        if form.is_valid():
            outcome = test_code(form.cleaned_data, request.user)
        return self.render_page(
            request,
            template="admin/loyalty_promos/test_code.html",
            title=_("Test a code"),
            form=form,
            outcome=outcome,
            intro=_(
                "Check what a code would do for a booking before the customer is at the till. "
                "Nothing is recorded."
            ),
            submit_label=_("Test"),
        )


def _cell(value):
    """A spreadsheet cell as JSON keeps it: text, a number, a boolean or nothing."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def share_summary(result: sharing.ShareResult) -> str:
    message = ngettext(
        "The code was emailed to %(count)d customer.",
        "The code was emailed to %(count)d customers.",
        result.emailed,
    ) % {"count": result.emailed}
    if result.texted:
        message += " " + ngettext(
            "%(count)d text message sent.", "%(count)d text messages sent.", result.texted
        ) % {"count": result.texted}
    if result.unreachable:
        message += " " + ngettext(
            "%(count)d customer has no email or phone number.",
            "%(count)d customers have no email or phone number.",
            result.unreachable,
        ) % {"count": result.unreachable}
    return message


def _batch_codes_redirect(batch: CodeBatch, admin_site):
    url = reverse("admin:loyalty_promos_couponcode_changelist", current_app=admin_site.name)
    return HttpResponseRedirect(f"{url}?{urlencode({'batch__id__exact': batch.pk})}")


def test_code(data: dict, user) -> dict:
    """What ``data["code"]`` would do for the booking described by the test form."""
    adapter = get_adapter()
    booking = data.get("booking")
    if booking is not None:
        facts = coupon_service.BookingFacts.of(booking)
    else:
        service = data["service"]
        facts = coupon_service.BookingFacts(
            booking=None,
            customer=data["customer"],
            service=service,
            staff=data.get("staff"),
            start=data["start"],
            price=Decimal(getattr(service, adapter.service_price_field)),
            series_key=None,
        )
    outcome = {"code": normalize_code(data["code"]), "currency": app_settings.CURRENCY}
    try:
        found = coupon_service.find_code(data["code"])
        coupon_service.check_rules(found, facts, user=user if data.get("as_staff") else None)
    except CouponError as error:
        return {**outcome, "error": error}
    discount = coupon_service.quote_discount(found.coupon, facts.price)
    return {
        **outcome,
        "coupon": found.coupon,
        "price": facts.price,
        "discount": discount,
        "total": facts.price - discount,
    }


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
    BulkDeleteCodesMixin, ImportMixin, InertExportMixin, ExportActionMixin, admin.ModelAdmin
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

    def job_view(self, request, job_id):
        """Progress of a background code job, then its batches or the rows to correct."""
        job = object_or_404(CodeJob, job_id)
        user = request.user
        if job.user_id != user.pk and not user.is_superuser:
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(job),
            "job": job,
            "refresh": job.is_running,
            "batches": list(job.batches.all()),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/loyalty_promos/code_job.html", context)

    def get_urls(self):
        return [
            path(
                "jobs/<int:job_id>/",
                site_view(self.admin_site, self.job_view),
                name="loyalty_promos_couponcode_job",
            ),
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
        if active:
            try:
                for code in queryset.filter(is_active=False):
                    code_service.ensure_code_is_free(code.code, exclude=code)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
        count = CouponCode.objects.filter(pk__in=queryset.values("pk")).update(is_active=active)
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


class RedemptionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "code_text",
        "coupon_name",
        "booking_ref",
        "customer",
        "amount",
        "voided_at",
    ]
    list_filter = [("coupon", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["code_text", "coupon_name", "booking_ref"]
    list_select_related = ["customer"]
    date_hierarchy = "created_at"
