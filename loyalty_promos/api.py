"""The public Python API: ``from loyalty_promos import api``.

Thin on purpose: each name re-exports a service function, whose docstring is
the reference. Names and behaviour are part of the contract (DESIGN.md).
"""

from loyalty_promos.services.checkout import apply_code, checkout, pay, quote, void
from loyalty_promos.services.codes import create_coupon, generate_codes
from loyalty_promos.services.coupons import check_code
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.packages import assign_package
from loyalty_promos.services.wallet import add_credit, credit_balance

__all__ = [
    "add_credit",
    "apply_code",
    "assign_package",
    "check_code",
    "checkout",
    "create_coupon",
    "credit_balance",
    "generate_codes",
    "issue_gift_card",
    "pay",
    "quote",
    "void",
]
