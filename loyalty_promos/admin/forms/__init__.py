"""Forms of the admin's own pages, one module per area; every form is importable from here."""

from loyalty_promos.admin.forms.billing import ApplyCodeForm, CheckoutForm, MarkPaidForm
from loyalty_promos.admin.forms.common import WEEKDAYS, WeekdaysField
from loyalty_promos.admin.forms.coupons import (
    CouponForm,
    GenerateCodesForm,
    PasteCodesForm,
    ShareCodeForm,
    TestCodeForm,
)
from loyalty_promos.admin.forms.loyalty import (
    CustomerPointsForm,
    GiftCardForm,
    PointsForm,
    RedeemRewardForm,
    RewardChoiceField,
)
from loyalty_promos.admin.forms.packages import AssignPackageForm, ExtendExpiryForm
from loyalty_promos.admin.forms.pricing import PricingRuleForm
from loyalty_promos.admin.forms.wallet import (
    CreditForm,
    CustomerCreditForm,
    CustomerDiscountForm,
    SellCreditPackForm,
)

__all__ = [
    "WEEKDAYS",
    "ApplyCodeForm",
    "AssignPackageForm",
    "CheckoutForm",
    "CouponForm",
    "CreditForm",
    "CustomerCreditForm",
    "CustomerDiscountForm",
    "CustomerPointsForm",
    "ExtendExpiryForm",
    "GenerateCodesForm",
    "GiftCardForm",
    "MarkPaidForm",
    "PasteCodesForm",
    "PointsForm",
    "PricingRuleForm",
    "RedeemRewardForm",
    "RewardChoiceField",
    "SellCreditPackForm",
    "ShareCodeForm",
    "TestCodeForm",
    "WeekdaysField",
]
