"""The charge page as a till receipt, and its buttons: mark paid, remove a code, void.

Views parse input and call :mod:`loyalty_promos.services.checkout`; every
button is shown, and every view answers, only for a user with its permission.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from loyalty_promos.admin.forms import ApplyCodeForm, MarkPaidForm
from loyalty_promos.admin.sites import customer_admin_url, object_admin_url, object_or_404
from loyalty_promos.admin.views import admin_redirect, error_text, render_page
from loyalty_promos.models import Charge
from loyalty_promos.services import checkout, payment_methods, receipts
from loyalty_promos.services.money import format_money

RECEIPT_RELATED = ("gift_card", "customer_package__plan", "method", "customer", "booking")


def _charge_or_404(object_id) -> Charge:
    return object_or_404(Charge.objects.select_related(*RECEIPT_RELATED), object_id)


def _url(model_admin, name: str, charge: Charge) -> str:
    return reverse(f"admin:{name}", args=[charge.pk], current_app=model_admin.admin_site.name)


def receipt_context(model_admin, request, charge: Charge) -> dict:
    """What the receipt template shows: lines, links and the buttons this user may press."""
    pending = charge.status == Charge.Status.PENDING
    can_pay = pending and model_admin.has_mark_paid_permission(request)
    can_code = pending and model_admin.has_apply_code_to_charge_permission(request)
    can_void = charge.status != Charge.Status.VOID and model_admin.has_void_charge_permission(
        request
    )
    return {
        "charge": charge,
        "lines": [
            (line.kind, line.display_label, format_money(line.amount, charge.currency))
            for line in charge.lines.all()
        ],
        "customer_url": customer_admin_url(charge.customer, model_admin.admin_site),
        "booking_url": object_admin_url(model_admin.admin_site, charge.booking, request),
        "payment_methods": payment_methods.active_methods() if can_pay else [],
        "pay_url": _url(model_admin, "loyalty_promos_charge_pay", charge) if can_pay else None,
        "apply_code_url": (
            _url(model_admin, "loyalty_promos_charge_apply_code", charge) if can_code else None
        ),
        "remove_code_url": (
            _url(model_admin, "loyalty_promos_charge_remove_code", charge)
            if can_code and charge.discount_source == Charge.DiscountSource.COUPON
            else None
        ),
        "void_url": _url(model_admin, "loyalty_promos_charge_void", charge) if can_void else None,
        "code_form": ApplyCodeForm(auto_id="lp-receipt-%s") if can_code else None,
    }


def _done(model_admin, request, charge: Charge, text: str):
    model_admin.message_user(request, text, messages.SUCCESS)
    return admin_redirect(model_admin, "loyalty_promos_charge_change", charge.pk)


def _refused(model_admin, request, charge: Charge, error: ValidationError):
    model_admin.message_user(request, error_text(error), messages.ERROR)
    return admin_redirect(model_admin, "loyalty_promos_charge_change", charge.pk)


def pay_charge(model_admin, request, object_id):
    """Mark one charge paid: one button per payment method (a form page when none is posted)."""
    if not model_admin.has_mark_paid_permission(request):
        raise PermissionDenied
    charge = _charge_or_404(object_id)
    form = MarkPaidForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            charge = checkout.pay(charge, method=form.method_code(), user=request.user)
        except ValidationError as error:
            return _refused(model_admin, request, charge, error)
        return _done(
            model_admin,
            request,
            charge,
            _("Paid: %(amount)s by %(method)s.")
            % {
                "amount": format_money(charge.amount_due, charge.currency),
                "method": charge.method_label,
            },
        )
    return render_page(
        model_admin,
        request,
        title=_("Mark the charge paid"),
        form=form,
        original=charge,
        intro=_("%(amount)s to pay.")
        % {"amount": format_money(charge.amount_due, charge.currency)},
        submit_label=_("Mark paid"),
    )


def remove_code(model_admin, request, object_id):
    """Take the promo code off a pending charge (its use is released); a GET only goes back
    to the receipt."""
    if not model_admin.has_apply_code_to_charge_permission(request):
        raise PermissionDenied
    charge = _charge_or_404(object_id)
    if request.method != "POST":
        return admin_redirect(model_admin, "loyalty_promos_charge_change", charge.pk)
    code = charge.discount_code
    try:
        charge = checkout.remove_code(charge, user=request.user)
    except ValidationError as error:
        return _refused(model_admin, request, charge, error)
    return _done(
        model_admin,
        request,
        charge,
        _("Code %(code)s removed: %(amount)s now due.")
        % {"code": code, "amount": format_money(charge.amount_due, charge.currency)},
    )


def void_charge(model_admin, request, object_id):
    """Void a charge after a confirmation page listing everything it gives back."""
    if not model_admin.has_void_charge_permission(request):
        raise PermissionDenied
    charge = _charge_or_404(object_id)
    if request.method == "POST" and request.POST.get("post") == "yes":
        try:
            charge = checkout.void(charge, user=request.user)
        except ValidationError as error:
            return _refused(model_admin, request, charge, error)
        return _done(
            model_admin, request, charge, _("The charge is void; everything it used is given back.")
        )
    return TemplateResponse(
        request,
        "admin/loyalty_promos/charge_void.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Charge._meta,
            "original": charge,
            "title": _("Void this charge?"),
            "charge": charge,
            "releases": receipts.releases(charge),
            "amount": format_money(charge.amount_due, charge.currency),
            "cancel_url": _url(model_admin, "loyalty_promos_charge_change", charge),
        },
    )
