"""The app's models grouped the way staff think, in the admin index, app index and sidebar.

Django lists an app's models in one alphabetical block. :func:`group_app_list`
splits ours into :data:`GROUPS` — Promotions · Packages and credits ·
Loyalty · Billing · Reports — with the ledgers (entries, balances, code uses)
last, out of the way. Any AdminSite gets it: :func:`loyalty_promos.admin.register`
calls :func:`group_navigation` on the site it registers on; a host that
registers our ModelAdmins one by one calls ``group_navigation(site)`` itself,
or mixes :class:`GroupedNavigationMixin` into its AdminSite class. A model
not named here (a host's proxy, say) stays listed, in a last group under the
app's own name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

APP_LABEL = "loyalty_promos"

#: (key, label, object names in the order shown). The key is the group's CSS
#: class suffix (``lp-nav-<key>``) and its ``app_label`` stays ours, so the
#: app's links and permissions are unchanged.
GROUPS = (
    ("promotions", _("Promotions"), ("Coupon", "PricingRule", "CustomerDiscount", "CodeBatch",
                                      "CouponCode", "CodeShare")),
    ("packages", _("Packages and credits"), ("PackagePlan", "CustomerPackage", "CreditPack",
                                             "GiftCard")),
    ("loyalty", _("Loyalty"), ("LoyaltyProgram", "EarningRule", "Reward")),
    ("billing", _("Billing"), ("Charge", "Purchase", "PaymentMethod")),
    ("reports", _("Reports"), ("Overview", "Report")),
    ("ledgers", _("Ledgers"), ("Redemption", "PointsEntry", "PointsBalance", "CreditEntry",
                               "CreditBalance")),
)  # fmt: skip

#: Groups shown folded on the app's own page.
FOLDED = frozenset({"ledgers"})


def group_app_list(app_list: list[dict]) -> list[dict]:
    """``app_list`` (``AdminSite.get_app_list``) with our app split into :data:`GROUPS`.

    Each group is an app entry of its own (same ``app_label`` and
    ``app_url``), so Django's templates draw it as they draw an app.
    """
    grouped = []
    for app in app_list:
        if app.get("app_label") != APP_LABEL:
            grouped.append(app)
            continue
        by_name = {model["object_name"]: model for model in app["models"]}
        for key, label, names in GROUPS:
            models = [by_name.pop(name) for name in names if name in by_name]
            if models:
                grouped.append(
                    {**app, "name": label, "models": models, "group": key, "folded": key in FOLDED}
                )
        if by_name:
            grouped.append({**app, "models": list(by_name.values()), "group": "other"})
    return grouped


def group_navigation(site) -> None:
    """Group our models on ``site`` (its index, our app's page and the sidebar). Idempotent."""
    if getattr(site, "_loyalty_promos_grouped", False) or isinstance(site, GroupedNavigationMixin):
        return
    ungrouped = site.get_app_list

    def get_app_list(request, app_label=None):
        return group_app_list(ungrouped(request, app_label))

    site.get_app_list = get_app_list
    site._loyalty_promos_grouped = True


class GroupedNavigationMixin:
    """For a host's AdminSite subclass: ``class MySite(GroupedNavigationMixin, AdminSite)``."""

    def get_app_list(self, request, app_label=None):
        return group_app_list(super().get_app_list(request, app_label))
