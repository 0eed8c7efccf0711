"""The admin's own pages: each view parses its form and calls one service.

Every view takes the ModelAdmin it is mounted on (its site, its model, its
permission methods) and the request; the ModelAdmins' ``get_urls`` mount
them through :func:`~loyalty_promos.admin.sites.admin_path`, so they work on
any AdminSite. Rules and writes live in :mod:`loyalty_promos.services`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loyalty_promos.admin.forms import (
    ApplyCodeForm,
    AssignPackageForm,
    CheckoutForm,
    CustomerCreditForm,
    CustomerPointsForm,
    GenerateCodesForm,
    PasteCodesForm,
    RedeemRewardForm,
    SellCreditPackForm,
    ShareCodeForm,
    TestCodeForm,
)
from loyalty_promos.admin.sites import object_or_404
from loyalty_promos.admin.widgets import coupon_choice, customer_choice, label_date_parts
from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import (
    CouponError,
    GiftCardError,
    InsufficientCredit,
    InsufficientPoints,
)
from loyalty_promos.formats import format_points
from loyalty_promos.integration import get_adapter, get_booking_model
from loyalty_promos.models import (
    Charge,
    CodeBatch,
    CodeJob,
    Coupon,
    ExportJob,
    PointsEntry,
)
from loyalty_promos.reports import exporters
from loyalty_promos.reports.files import CsvOptions, export_filename
from loyalty_promos.reports.registry import REPORTS
from loyalty_promos.reports.tasks import BACKGROUND, REFUSE, export_route, start_export
from loyalty_promos.services import (
    checkout,
    code_jobs,
    package_assignment,
    sharing,
    wallet,
)
from loyalty_promos.services import codes as code_service
from loyalty_promos.services import coupons as coupon_service
from loyalty_promos.services.money import format_money
from loyalty_promos.services.points import (
    adjust_points,
    points_balance,
    redeem_reward,
)

#: Session key holding the customers chosen in the host's customer list.
SHARE_CUSTOMERS_KEY = "loyalty_promos_share_customers"

#: Which checkout field an error is about, so it shows beside that field.
CHECKOUT_ERROR_FIELDS = [
    (CouponError, "code"),
    (InsufficientPoints, "reward"),
    (GiftCardError, "gift_card"),
    (InsufficientCredit, "use_credits"),
]


# Page helpers ------------------------------------------------------------------------------


def render_page(model_admin, request, *, title, form, template=None, **context):
    """One of our pages inside the admin: its look, breadcrumbs, sidebar and media."""
    for field in form.fields.values():
        label_date_parts(field)
    return TemplateResponse(
        request,
        template or "admin/loyalty_promos/form_page.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "form": form,
            "media": model_admin.media + form.media,
            **context,
        },
    )


def action_form_page(model_admin, request, *, action, title, form, submit_label, intro=""):
    """The first pass of an action that needs input: its form, carrying the selection."""
    return render_page(
        model_admin,
        request,
        title=title,
        form=form,
        intro=intro,
        submit_label=submit_label,
        action=action,
        selected=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        select_across=request.POST.get("select_across") == "1",
    )


def admin_redirect(model_admin, name: str, *args, query: dict | None = None):
    """A redirect to ``admin:<name>`` on the ModelAdmin's own site."""
    url = reverse(f"admin:{name}", args=args, current_app=model_admin.admin_site.name)
    return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# Promo codes -------------------------------------------------------------------------------


def _coupon_or_403(model_admin, request, object_id, permission):
    if not getattr(model_admin, f"has_{permission}_permission")(request):
        raise PermissionDenied
    return object_or_404(Coupon, object_id)


def _batch_codes(model_admin, batch: CodeBatch):
    return admin_redirect(
        model_admin, "loyalty_promos_couponcode_changelist", query={"batch__id__exact": batch.pk}
    )


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def generate_codes(model_admin, request, object_id):
    """Generate codes under a promo code; a big count runs as a background job."""
    coupon = _coupon_or_403(model_admin, request, object_id, "generate_codes")
    form = GenerateCodesForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["count"] > app_settings.CODE_BACKGROUND_THRESHOLD:
                plan = code_service.GenerationRequest(
                    count=data["count"],
                    length=data["length"],
                    prefix=data["prefix"],
                    max_uses=data["max_uses"],
                )
                plan.validate()
                job = code_jobs.start_code_job(
                    CodeJob.Kind.GENERATE,
                    user=request.user,
                    coupon=coupon,
                    params={**data, "prefix": plan.prefix},
                    total=data["count"],
                )
                return admin_redirect(model_admin, "loyalty_promos_couponcode_job", job.pk)
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
            _add_errors(form, error)
        else:
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)d code generated under “%(coupon)s”.",
                    "%(count)d codes generated under “%(coupon)s”.",
                    batch.size,
                )
                % {"count": batch.size, "coupon": coupon.name},
                messages.SUCCESS,
            )
            return _batch_codes(model_admin, batch)
    return render_page(
        model_admin,
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


def paste_codes(model_admin, request, object_id):
    """Add a pasted list of codes to a promo code; a long list runs as a background job."""
    coupon = _coupon_or_403(model_admin, request, object_id, "generate_codes")
    form = PasteCodesForm(request.POST or None)
    errors = []
    if form.is_valid():
        data = form.cleaned_data
        rows = code_service.pasted_rows(data["codes"])
        if len(rows) > app_settings.CODE_BACKGROUND_THRESHOLD:
            for row in rows:
                row.max_uses = data["max_uses"]
            job = code_jobs.start_code_job(
                CodeJob.Kind.PASTE,
                user=request.user,
                coupon=coupon,
                params={**code_jobs.rows_to_params(rows), "label": data["label"]},
                total=len(rows),
            )
            return admin_redirect(model_admin, "loyalty_promos_couponcode_job", job.pk)
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
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)d code added to “%(coupon)s”.",
                    "%(count)d codes added to “%(coupon)s”.",
                    batch.size,
                )
                % {"count": batch.size, "coupon": coupon.name},
                messages.SUCCESS,
            )
            return _batch_codes(model_admin, batch)
    return render_page(
        model_admin,
        request,
        title=_("Paste a list of codes"),
        form=form,
        original=coupon,
        errors=errors,
        errors_title=_("Nothing was added. Correct these lines and try again:"),
        submit_label=_("Add the codes"),
    )


def share_summary(result: sharing.ShareResult, *, batch=None) -> str:
    if batch is None:
        message = ngettext(
            "The code was emailed to %(count)d customer.",
            "The code was emailed to %(count)d customers.",
            result.emailed,
        ) % {"count": result.emailed}
    else:
        message = ngettext(
            "%(count)d customer got a code of their own (%(emailed)d emailed).",
            "%(count)d customers got a code of their own (%(emailed)d emailed).",
            result.customers,
        ) % {"count": result.customers, "emailed": result.emailed}
    if result.texted:
        message += " " + ngettext(
            "%(count)d text message sent.", "%(count)d text messages sent.", result.texted
        ) % {"count": result.texted}
    if result.already_sent:
        message += " " + ngettext(
            "%(count)d customer already had a code from this batch: nothing sent again.",
            "%(count)d customers already had a code from this batch: nothing sent again.",
            result.already_sent,
        ) % {"count": result.already_sent}
    if result.without_code:
        message += " " + ngettext(
            "The batch ran out of unused codes: %(count)d customer got none. "
            "Add codes to the batch's promo code and send again.",
            "The batch ran out of unused codes: %(count)d customers got none. "
            "Add codes to the batch's promo code and send again.",
            result.without_code,
        ) % {"count": result.without_code}
    if result.unreachable:
        message += " " + ngettext(
            "%(count)d customer has no email or phone number.",
            "%(count)d customers have no email or phone number.",
            result.unreachable,
        ) % {"count": result.unreachable}
    return message


def single_code(coupon):
    """The code everyone may get at once: an active code made by hand (not from a batch)."""
    return coupon.codes.filter(is_active=True, batch__isnull=True).order_by("pk").first()


def share_code(model_admin, request, object_id=None):
    """Email (and text) a code to customers: from a promo code, or from a customer list.

    Without ``object_id`` the customers come preselected from the
    ``send_promo_code`` action of the host's customer admin, and staff
    choose the promo code (or a batch) here. From a batch, each customer
    gets a code of their own.
    """
    if not model_admin.has_share_codes_permission(request):
        raise PermissionDenied
    coupon = object_or_404(Coupon, object_id) if object_id else None
    one_code = single_code(coupon) if coupon is not None else None
    if coupon is not None and one_code is None and not coupon.batches.exists():
        model_admin.message_user(
            request, _("This promo code has no active code to send."), messages.ERROR
        )
        return admin_redirect(model_admin, "loyalty_promos_coupon_change", coupon.pk)
    form = ShareCodeForm(
        request.POST or None,
        admin_site=model_admin.admin_site,
        sms_available=bool(app_settings.SMS_SENDER),
        choose_coupon=coupon is None,
        coupon=coupon,
        single_code=one_code,
        initial={
            "subject": sharing.DEFAULT_SUBJECT,
            "body": sharing.DEFAULT_BODY,
            "customers": request.GET.getlist("customer")
            or request.session.get(SHARE_CUSTOMERS_KEY, []),
        },
    )
    if form.is_valid():
        data = form.cleaned_data
        batch = data.get("batch")
        options = {
            "subject": data["subject"],
            "body": data["body"],
            "send_sms": data.get("send_sms", False),
            "user": request.user,
        }
        if batch is not None:
            coupon = batch.coupon
            result = sharing.share_batch(batch, data["customers"], **options)
        else:
            coupon = coupon or data["coupon"]
            code = single_code(coupon) or coupon.codes.filter(is_active=True).order_by("pk").first()
            result = sharing.share_code(code, data["customers"], **options)
        request.session.pop(SHARE_CUSTOMERS_KEY, None)
        level = messages.WARNING if result.without_code else messages.SUCCESS
        model_admin.message_user(request, share_summary(result, batch=batch), level)
        return admin_redirect(model_admin, "loyalty_promos_coupon_change", coupon.pk)
    if coupon is None:
        title = _("Send a promo code to customers")
    elif one_code is None:
        title = _("Send codes of “%(name)s” to customers") % {"name": coupon.name}
    else:
        title = _("Send the code %(code)s to customers") % {"code": one_code.code}
    return render_page(
        model_admin, request, title=title, form=form, original=coupon, submit_label=_("Send")
    )


def test_code(model_admin, request):
    """What a code would do for a booking, before the customer is at the till."""
    if not model_admin.has_test_codes_permission(request):
        raise PermissionDenied
    form = TestCodeForm(request.POST or None, admin_site=model_admin.admin_site)
    outcome = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = coupon_service.try_code(
            data["code"],
            booking=data.get("booking"),
            customer=data.get("customer"),
            service=data.get("service"),
            staff=data.get("staff"),
            start=data.get("start"),
            user=request.user if data.get("as_staff") else None,
        )
    return render_page(
        model_admin,
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


def code_job(model_admin, request, job_id):
    """Progress of a background code job, then its batches or the rows to correct."""
    job = object_or_404(CodeJob, job_id)
    user = request.user
    if job.user_id != user.pk and not user.is_superuser:
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": str(job),
        "job": job,
        "refresh": job.is_running,
        "batches": list(job.batches.all()),
    }
    return TemplateResponse(request, "admin/loyalty_promos/code_job.html", context)


# Billing -----------------------------------------------------------------------------------


def apply_code(model_admin, request, object_id):
    """Apply a promo code to a pending charge."""
    if not model_admin.has_apply_code_to_charge_permission(request):
        raise PermissionDenied
    charge = object_or_404(Charge, object_id)
    form = ApplyCodeForm(request.POST or None)
    if form.is_valid():
        try:
            charge = checkout.apply_code(charge, form.cleaned_data["code"], user=request.user)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            model_admin.message_user(
                request,
                _("Code applied: %(amount)s now due.")
                % {"amount": format_money(charge.amount_due, charge.currency)},
                messages.SUCCESS,
            )
            return admin_redirect(model_admin, "loyalty_promos_charge_change", charge.pk)
    return render_page(
        model_admin,
        request,
        title=_("Apply a promo code"),
        form=form,
        original=charge,
        intro=_("The amount due is computed again with the code; nothing else changes."),
        submit_label=_("Apply"),
    )


def checkout_booking(model_admin, request, booking_id):
    """Check out one appointment at the desk: preview the amount, then record the charge."""
    if not model_admin.has_checkout_booking_permission(request):
        raise PermissionDenied
    booking = object_or_404(get_booking_model(), booking_id)
    existing = Charge.objects.live().filter(booking=booking).first()
    if existing is not None:
        model_admin.message_user(
            request, _("This appointment is already checked out."), messages.INFO
        )
        return admin_redirect(model_admin, "loyalty_promos_charge_change", existing.pk)
    customer = get_adapter().get_customer(booking)
    form = CheckoutForm(
        request.POST or None,
        points=points_balance(customer) if customer else 0,
        credit=wallet.credit_balance(customer) if customer else 0,
        can_pay=model_admin.has_mark_paid_permission(request),
    )
    options = form.options() if form.is_valid() else {}
    result = None
    try:
        if form.is_valid() and "_preview" not in request.POST:
            charge = checkout.checkout_and_pay(
                booking, method=form.method_code(), user=request.user, **options
            )
            model_admin.message_user(
                request,
                _("Checked out: %(amount)s to pay (%(status)s).")
                % {
                    "amount": format_money(charge.amount_due, charge.currency),
                    "status": charge.get_status_display(),
                },
                messages.SUCCESS,
            )
            return admin_redirect(model_admin, "loyalty_promos_charge_change", charge.pk)
        result = checkout.quote(booking, user=request.user, **options)
    except ValidationError as error:
        if form.is_bound:
            field = next((f for kind, f in CHECKOUT_ERROR_FIELDS if isinstance(error, kind)), None)
            form.add_error(field, error)
        else:
            model_admin.message_user(request, error_text(error), messages.ERROR)
    return render_page(
        model_admin,
        request,
        title=_("Check out an appointment"),
        form=form,
        template="admin/loyalty_promos/checkout.html",
        booking=booking,
        quote=result,
        submit_label=_("Check out"),
    )


# Packages ----------------------------------------------------------------------------------


def assign_package(model_admin, request):
    """Assign a package; covering booked appointments shows what each would cost first."""
    if not model_admin.has_assign_package_permission(request):
        raise PermissionDenied
    form = AssignPackageForm(
        request.POST or None,
        admin_site=model_admin.admin_site,
        initial={"customer": request.GET.get("customer")},
    )
    preview = None
    if form.is_valid():
        data = form.cleaned_data
        options = {
            "price": data["price"],
            "starts": data["starts"],
            "expires": data["expires"],
            "include_existing": data["include_existing"],
        }
        if data["include_existing"] and "confirm" not in request.POST:
            preview = package_assignment.preview_assignment(
                data["customer"], data["plan"], **options
            )
            form.fields["confirm"] = forms.CharField(widget=forms.HiddenInput, initial="1")
        else:
            package = package_assignment.assign_package(
                data["customer"], data["plan"], user=request.user, **options
            )
            model_admin.message_user(
                request,
                _("%(plan)s assigned to %(customer)s.")
                % {"plan": package.plan, "customer": package.customer},
                messages.SUCCESS,
            )
            return admin_redirect(model_admin, "loyalty_promos_customerpackage_change", package.pk)
    return render_page(
        model_admin,
        request,
        title=_("Assign a package"),
        form=form,
        template="admin/loyalty_promos/assign_package.html",
        preview=preview,
        submit_label=_("Confirm") if preview is not None else _("Assign"),
    )


# Points ------------------------------------------------------------------------------------


def back_url(request) -> str:
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


def _back_or(model_admin, request, name: str):
    """Back to ``next`` (the customer page, a report) when given and safe, else to ``name``."""
    if request.POST.get("next") or request.GET.get("next"):
        return HttpResponseRedirect(back_url(request))
    return admin_redirect(model_admin, name)


def _customer(customer_id):
    customer_model = PointsEntry._meta.get_field("customer").related_model
    return object_or_404(customer_model, customer_id)


def add_points(model_admin, request):
    """Add or remove one customer's points, then back to where the staff member was."""
    if not model_admin.has_adjust_points_permission(request):
        raise PermissionDenied
    form = CustomerPointsForm(
        request.POST or None,
        admin_site=model_admin.admin_site,
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
            balance = points_balance(entry.customer)
            model_admin.message_user(
                request,
                ngettext(
                    "%(customer)s now has %(balance)s point.",
                    "%(customer)s now has %(balance)s points.",
                    balance,
                )
                % {"customer": entry.customer, "balance": format_points(balance)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(back_url(request))
    return render_page(
        model_admin,
        request,
        title=_("Add points"),
        form=form,
        submit_label=_("Save"),
        next=back_url(request),
    )


def redeem(model_admin, request, customer_id):
    """Spend a customer's points on a reward; the page shows the code to hand over."""
    if not model_admin.has_redeem_reward_permission(request):
        raise PermissionDenied
    customer = _customer(customer_id)
    form = RedeemRewardForm(request.POST or None, points=points_balance(customer))
    if form.is_valid():
        try:
            redemption = redeem_reward(customer, form.cleaned_data["reward"], user=request.user)
        except ValidationError as error:
            form.add_error("reward", error)
        else:
            model_admin.message_user(
                request,
                _("%(reward)s redeemed: give %(customer)s the code %(code)s.")
                % {
                    "reward": redemption.reward.name,
                    "customer": customer,
                    "code": redemption.code,
                },
                messages.SUCCESS,
            )
            return admin_redirect(model_admin, "loyalty_promos_customer", customer.pk)
    return render_page(
        model_admin,
        request,
        title=_("Redeem a reward for %(customer)s") % {"customer": customer},
        form=form,
        submit_label=_("Redeem"),
    )


def customer_points(model_admin, request, customer_id):
    """The former points page of a customer: now part of the customer page."""
    return admin_redirect(model_admin, "loyalty_promos_customer", customer_id)


# Credit ------------------------------------------------------------------------------------


def add_credit(model_admin, request):
    """Add credit, a one-off discount or a refund to one customer, or take credit back."""
    if not model_admin.has_adjust_credit_permission(request):
        raise PermissionDenied
    form = CustomerCreditForm(
        request.POST or None,
        admin_site=model_admin.admin_site,
        initial={"customer": request.GET.get("customer")},
    )
    if form.is_valid():
        data = form.cleaned_data
        customer = data["customer"]
        try:
            entry = wallet.write_credit(
                customer, data["kind"], data["amount"], data["reason"], user=request.user
            )
        except ValidationError as error:
            form.add_error("amount", error)
        else:
            model_admin.message_user(
                request,
                _("%(customer)s now has %(balance)s of credit.")
                % {"customer": customer, "balance": format_money(entry.balance_after)},
                messages.SUCCESS,
            )
            return _back_or(model_admin, request, "loyalty_promos_creditbalance_changelist")
    return render_page(
        model_admin,
        request,
        title=_("Add credit / refund"),
        form=form,
        submit_label=_("Save"),
        next=request.GET.get("next", ""),
    )


def sell_credit_pack(model_admin, request):
    """Sell a credit pack: its price and its bonus become credit."""
    if not model_admin.has_sell_credit_pack_permission(request):
        raise PermissionDenied
    form = SellCreditPackForm(
        request.POST or None,
        admin_site=model_admin.admin_site,
        initial={"customer": request.GET.get("customer")},
    )
    if form.is_valid():
        customer, pack = form.cleaned_data["customer"], form.cleaned_data["pack"]
        entries = wallet.sell_credit_pack(customer, pack, user=request.user)
        model_admin.message_user(
            request,
            _("%(pack)s sold to %(customer)s: %(balance)s of credit.")
            % {
                "pack": pack,
                "customer": customer,
                "balance": format_money(entries[-1].balance_after),
            },
            messages.SUCCESS,
        )
        return _back_or(model_admin, request, "loyalty_promos_creditbalance_changelist")
    return render_page(
        model_admin,
        request,
        title=_("Sell a credit pack"),
        form=form,
        submit_label=_("Sell"),
        next=request.GET.get("next", ""),
    )


# Reports -----------------------------------------------------------------------------------

PER_PAGE = 50


def report_index(model_admin, request):
    """Every report, and the user's latest background exports."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    site = model_admin.admin_site.name
    reports = [
        (reverse("admin:loyalty_promos_report", args=[code], current_app=site), report.title)
        for code, report in REPORTS.items()
    ]
    exports = ExportJob.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return TemplateResponse(
        request,
        "admin/loyalty_promos/report_index.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": _("Reports"),
            "reports": reports,
            "exports": exports[: getattr(model_admin, "recent_exports", 10)],
            "can_export": request.user.has_perm("loyalty_promos.export_reports"),
        },
    )


@dataclass
class Page:
    """A page of rows without counting the whole table: one extra row tells if there is more."""

    number: int
    object_list: list
    has_next: bool

    @classmethod
    def of(cls, queryset, number) -> Page:
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * PER_PAGE
        rows = list(queryset[start : start + PER_PAGE + 1])
        return cls(number, rows[:PER_PAGE], len(rows) > PER_PAGE)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def report(model_admin, request, code):
    """A report page, or its export (``?export=csv`` or ``?export=xlsx``)."""
    report = REPORTS.get(code)
    if report is None:
        raise Http404
    user = request.user
    if not user.has_perm("loyalty_promos.view_reports"):
        raise PermissionDenied
    filterset = report.filtered(request.GET)
    if "customer" in filterset.form.fields:  # a search box, never a list of every customer
        customer_choice(filterset.form.fields["customer"], model_admin.admin_site)
    if "coupons" in filterset.form.fields:  # searchable, for salons with hundreds of codes
        coupon_choice(filterset.form.fields["coupons"], model_admin.admin_site, multiple=True)
    queryset = report.rows(filterset)  # unbound: everything; invalid filters: nothing
    export = request.GET.get("export")
    if export:
        if not user.has_perm("loyalty_promos.export_reports"):
            raise PermissionDenied
        if export not in ("csv", "xlsx"):
            raise Http404
        route, rows = export_route(queryset)
        if route == REFUSE:
            messages.error(
                request,
                _(
                    "This export has %(rows)s rows, more than can be sent at once "
                    "(%(limit)s). Narrow the filters, or ask your developer to set up "
                    "a task worker for large exports."
                )
                % {"rows": rows, "limit": app_settings.EXPORT_STREAM_LIMIT},
            )
            query = request.GET.copy()
            query.pop("export", None)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        if route == BACKGROUND:
            job = start_export(report, queryset, export, request.GET, user, rows=rows)
            return admin_redirect(model_admin, "loyalty_promos_export", job.pk)
        return export_response(report, queryset, export, request.GET)
    resource = report.resource()
    columns, queryset = sorted_columns(resource, queryset, request.GET.get("o", ""))
    read_row = exporters.row_reader(resource)  # typed values: the template writes them (formats)
    page = Page.of(queryset, request.GET.get("page"))
    links = [report.row_links(obj, request) for obj in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("o", None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": report.title,
        "report": report,
        "filterset": filterset,
        "columns": columns,
        "rows": list(zip((read_row(obj) for obj in page.object_list), links, strict=True)),
        "row_links": any(links),
        "page": page,
        "total_items": report.summary(queryset, filterset=filterset),
        "chart": report.chart(queryset, filterset=filterset),
        "tools": report.tools(request),
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "can_export": user.has_perm("loyalty_promos.export_reports"),
        "media": model_admin.media + filterset.form.media,
    }
    return TemplateResponse(request, "admin/loyalty_promos/report.html", context)


def sorted_columns(resource, queryset, order: str):
    """Column headers with their sort keys, and the rows sorted by ``?o=`` (``-`` = descending).

    A column sorts when its attribute is a field or an annotation of the rows;
    anything else in ``?o=`` is ignored.
    """
    model_fields = {f.name for f in queryset.model._meta.concrete_fields}
    sortable = model_fields | set(queryset.query.annotations)
    columns = []
    for field in resource.get_export_fields():
        key = field.attribute if field.attribute in sortable else None
        columns.append(
            {
                "header": field.column_name,
                "key": key,
                "current": key is not None and order.lstrip("-") == key,
                "descending": order.startswith("-"),
            }
        )
    if order.lstrip("-") in {c["key"] for c in columns if c["key"]}:
        queryset = queryset.order_by(order, "-pk" if order.startswith("-") else "pk")
    return columns, queryset


def export_response(report, queryset, kind, options):
    """The export, streamed: CSV as it is read; .xlsx once written to a temporary file."""
    export = exporters.ReportExport(report.resource(), queryset)
    name = export_filename(report.code, options, kind)
    if kind == "xlsx":
        handle = export.xlsx_file(title=str(report.title))
        return FileResponse(handle, as_attachment=True, filename=name)
    chunks = export.csv_chunks(**CsvOptions.from_params(options).as_kwargs())
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_job(model_admin, request, job_id, *, download=False):
    """Progress of a background export (refreshing), then its file, streamed.

    Only its owner sees a job, or a user with ``view_all_exports``; anyone
    else gets a 404, as if it did not exist. The file is read from the
    private export storage and sent under its readable name.
    """
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=job_id)
    if download:
        if job.status != ExportJob.Status.DONE or not job.file:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as error:  # purged, or the storage was emptied
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=job.download_name)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": str(job),
        "job": job,
        "refresh": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
    }
    return TemplateResponse(request, "admin/loyalty_promos/export_job.html", context)


def download_export(model_admin, request, job_id):
    return export_job(model_admin, request, job_id, download=True)
