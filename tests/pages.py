"""Every admin page of the app a staff member opens, as URLs built from the data at hand.

Shared by the accessibility browser tests, the demo-data page test and
``benchmarks/admin_pages.py`` so that a new page is checked everywhere at once.
"""

from __future__ import annotations

from django.contrib.admin.sites import site
from django.urls import reverse

from loyalty_promos.integration import get_booking_model, get_customer_model
from loyalty_promos.models import Charge, Coupon, ExportJob
from loyalty_promos.reports.registry import REPORTS

#: Pages with a form: labels and keyboard order are checked there.
FORM_PAGES = {
    "checkout",
    "apply-code",
    "test-code",
    "generate-codes",
    "paste-codes",
    "share-code",
    "assign-package",
    "add-credit",
    "sell-credit-pack",
    "add-points",
    "redeem-reward",
}


def changelists() -> list[tuple[str, str]]:
    """The list page of every model the app registers."""
    return [
        (
            f"list-{model._meta.model_name}",
            reverse(f"admin:loyalty_promos_{model._meta.model_name}_changelist"),
        )
        for model in site._registry
        if model._meta.app_label == "loyalty_promos"
    ]


def staff_pages() -> list[tuple[str, str]]:
    """(name, path) of the app's own pages, for objects found in the database."""
    charged = Charge.objects.live().values("booking")
    booking = get_booking_model()._default_manager.exclude(pk__in=charged).order_by("pk").first()
    charge = Charge.objects.pending().order_by("pk").first()
    coupon = Coupon.objects.order_by("pk").first()
    customer = get_customer_model()._default_manager.order_by("pk").first()
    job = ExportJob.objects.order_by("pk").first()
    pages = [
        ("overview", reverse("admin:app_list", args=["loyalty_promos"])),
        ("test-code", reverse("admin:loyalty_promos_coupon_test")),
        ("share-code", reverse("admin:loyalty_promos_coupon_share_customers")),
        ("assign-package", reverse("admin:loyalty_promos_customerpackage_assign")),
        ("add-credit", reverse("admin:loyalty_promos_credit_add")),
        ("sell-credit-pack", reverse("admin:loyalty_promos_credit_sell_pack")),
        ("add-points", reverse("admin:loyalty_promos_points_add")),
        *(
            (f"report-{code}", reverse("admin:loyalty_promos_report", args=[code]))
            for code in REPORTS
        ),
    ]
    if booking is not None:
        pages.append(
            ("checkout", reverse("admin:loyalty_promos_charge_checkout", args=[booking.pk]))
        )
    if charge is not None:
        pages.append(
            ("apply-code", reverse("admin:loyalty_promos_charge_apply_code", args=[charge.pk]))
        )
    if coupon is not None:
        pages.append(
            ("generate-codes", reverse("admin:loyalty_promos_coupon_generate", args=[coupon.pk]))
        )
        pages.append(
            ("paste-codes", reverse("admin:loyalty_promos_coupon_paste", args=[coupon.pk]))
        )
    if customer is not None:
        pages.append(("customer", reverse("admin:loyalty_promos_customer", args=[customer.pk])))
        pages.append(
            ("redeem-reward", reverse("admin:loyalty_promos_points_redeem", args=[customer.pk]))
        )
    if job is not None:
        pages.append(("export-job", reverse("admin:loyalty_promos_export", args=[job.pk])))
    return pages
