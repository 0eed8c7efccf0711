"""The public Python API: ``from loyalty_promos import api``.

Thin on purpose: each name re-exports a service function, whose docstring is
the reference. Names and behaviour are part of the contract (DESIGN.md).
"""

from loyalty_promos.services.checkout import apply_code, checkout, pay, quote, void
from loyalty_promos.services.codes import create_coupon, generate_codes
from loyalty_promos.services.config import (
    configure_program,
    create_earning_rule,
    create_package_plan,
    create_pricing_rule,
    create_reward,
)
from loyalty_promos.services.coupons import check_code
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.package_assignment import assign_package
from loyalty_promos.services.points import (
    adjust_points,
    award_due_points,
    award_points,
    expire_points,
    points_balance,
    redeem_reward,
)
from loyalty_promos.services.wallet import add_credit, credit_balance

__all__ = [
    "add_credit",
    "adjust_points",
    "apply_code",
    "assign_package",
    "award_due_points",
    "award_points",
    "check_code",
    "checkout",
    "configure_program",
    "create_coupon",
    "create_earning_rule",
    "create_package_plan",
    "create_pricing_rule",
    "create_reward",
    "credit_balance",
    "expire_points",
    "generate_codes",
    "issue_gift_card",
    "pay",
    "points_balance",
    "quote",
    "redeem_reward",
    "void",
]
