"""Admin registration, gated by ``LOYALTY_PROMOS["ENABLE_ADMIN"]``.

Hosts with their own AdminSite set it to False and register the classes
below (or subclasses) on their site.
"""

from django.contrib import admin

from loyalty_promos.admin.billing import ChargeAdmin, PaymentMethodAdmin
from loyalty_promos.admin.coupons import (
    CodeBatchAdmin,
    CodeShareAdmin,
    CouponAdmin,
    CouponCodeAdmin,
    RedemptionAdmin,
)
from loyalty_promos.admin.loyalty import (
    EarningRuleAdmin,
    GiftCardAdmin,
    LoyaltyProgramAdmin,
    PointsBalanceAdmin,
    PointsEntryAdmin,
    RewardAdmin,
)
from loyalty_promos.admin.navigation import GroupedNavigationMixin, group_navigation
from loyalty_promos.admin.overview import OverviewAdmin
from loyalty_promos.admin.packages import CustomerPackageAdmin, PackagePlanAdmin
from loyalty_promos.admin.pricing import PricingRuleAdmin
from loyalty_promos.admin.purchases import PurchaseAdmin
from loyalty_promos.admin.reports import ReportAdmin
from loyalty_promos.admin.wallet import (
    CreditBalanceAdmin,
    CreditEntryAdmin,
    CreditPackAdmin,
    CustomerDiscountAdmin,
)
from loyalty_promos.conf import app_settings
from loyalty_promos.models import (
    Charge,
    CodeBatch,
    CodeShare,
    Coupon,
    CouponCode,
    CreditBalance,
    CreditEntry,
    CreditPack,
    CustomerDiscount,
    CustomerPackage,
    EarningRule,
    GiftCard,
    LoyaltyProgram,
    Overview,
    PackagePlan,
    PaymentMethod,
    PointsBalance,
    PointsEntry,
    PricingRule,
    Purchase,
    Redemption,
    Report,
    Reward,
)

__all__ = [
    "ChargeAdmin",
    "CodeBatchAdmin",
    "CodeShareAdmin",
    "CouponAdmin",
    "CouponCodeAdmin",
    "CreditBalanceAdmin",
    "CreditEntryAdmin",
    "CreditPackAdmin",
    "CustomerDiscountAdmin",
    "CustomerPackageAdmin",
    "EarningRuleAdmin",
    "GiftCardAdmin",
    "GroupedNavigationMixin",
    "LoyaltyProgramAdmin",
    "OverviewAdmin",
    "PackagePlanAdmin",
    "PaymentMethodAdmin",
    "PointsBalanceAdmin",
    "PointsEntryAdmin",
    "PricingRuleAdmin",
    "PurchaseAdmin",
    "RedemptionAdmin",
    "ReportAdmin",
    "RewardAdmin",
    "group_navigation",
    "register",
]


def register(site: admin.AdminSite) -> None:
    """Register every loyalty_promos admin on ``site``, its models grouped as staff think
    (``admin/navigation.py``)."""
    site.register(Overview, OverviewAdmin)
    site.register(Coupon, CouponAdmin)
    site.register(CouponCode, CouponCodeAdmin)
    site.register(CodeBatch, CodeBatchAdmin)
    site.register(Redemption, RedemptionAdmin)
    site.register(CodeShare, CodeShareAdmin)
    site.register(PricingRule, PricingRuleAdmin)
    site.register(Charge, ChargeAdmin)
    site.register(PaymentMethod, PaymentMethodAdmin)
    site.register(GiftCard, GiftCardAdmin)
    site.register(PackagePlan, PackagePlanAdmin)
    site.register(CustomerPackage, CustomerPackageAdmin)
    site.register(LoyaltyProgram, LoyaltyProgramAdmin)
    site.register(EarningRule, EarningRuleAdmin)
    site.register(Reward, RewardAdmin)
    site.register(PointsEntry, PointsEntryAdmin)
    site.register(PointsBalance, PointsBalanceAdmin)
    site.register(CreditBalance, CreditBalanceAdmin)
    site.register(CreditEntry, CreditEntryAdmin)
    site.register(CreditPack, CreditPackAdmin)
    site.register(CustomerDiscount, CustomerDiscountAdmin)
    site.register(Purchase, PurchaseAdmin)
    site.register(Report, ReportAdmin)
    group_navigation(site)


if app_settings.ENABLE_ADMIN:
    register(admin.site)
