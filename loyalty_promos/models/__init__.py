# The host-model settings must exist before any model (or migration) reads them.
from loyalty_promos.conf import install_model_settings

install_model_settings()

from loyalty_promos.models.billing import (  # noqa: E402
    Charge,
    ChargeLine,
    ChargeQuerySet,
    PaymentMethod,
)
from loyalty_promos.models.coupons import (  # noqa: E402
    CodeBatch,
    Coupon,
    CouponCode,
    Redemption,
    normalize_code,
)
from loyalty_promos.models.exports import ExportJob, Overview, Report  # noqa: E402
from loyalty_promos.models.jobs import BackgroundJob, CodeJob  # noqa: E402
from loyalty_promos.models.loyalty import (  # noqa: E402
    EarningRule,
    GiftCard,
    GiftCardEntry,
    LoyaltyProgram,
    PointsAllocation,
    PointsBalance,
    PointsEntry,
    Reward,
    RewardRedemption,
)
from loyalty_promos.models.packages import (  # noqa: E402
    CustomerPackage,
    PackagePlan,
    PackageUsage,
)
from loyalty_promos.models.placeholders import Booking, Customer, Service, Staff  # noqa: E402
from loyalty_promos.models.pricing import PricingRule  # noqa: E402
from loyalty_promos.models.purchases import Purchase  # noqa: E402
from loyalty_promos.models.rollups import PointsDay  # noqa: E402
from loyalty_promos.models.sharing import CodeShare  # noqa: E402
from loyalty_promos.models.wallet import (  # noqa: E402
    CreditBalance,
    CreditEntry,
    CreditPack,
    CustomerDiscount,
)

__all__ = [
    "BackgroundJob",
    "Booking",
    "Charge",
    "ChargeLine",
    "ChargeQuerySet",
    "CodeBatch",
    "CodeJob",
    "CodeShare",
    "Coupon",
    "CouponCode",
    "CreditBalance",
    "CreditEntry",
    "CreditPack",
    "Customer",
    "CustomerDiscount",
    "CustomerPackage",
    "EarningRule",
    "ExportJob",
    "GiftCard",
    "GiftCardEntry",
    "LoyaltyProgram",
    "Overview",
    "PackagePlan",
    "PackageUsage",
    "PaymentMethod",
    "PointsAllocation",
    "PointsBalance",
    "PointsDay",
    "PointsEntry",
    "PricingRule",
    "Purchase",
    "Redemption",
    "Report",
    "Reward",
    "RewardRedemption",
    "Service",
    "Staff",
    "normalize_code",
]
