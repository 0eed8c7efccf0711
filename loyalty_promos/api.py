"""The public Python API: ``from loyalty_promos import api``.

Thin on purpose: each name re-exports a service function, whose docstring is
the reference. Names and behaviour are part of the contract (DESIGN.md).
"""

from loyalty_promos.services.codes import create_coupon, generate_codes
from loyalty_promos.services.coupons import check_code
from loyalty_promos.services.wallet import add_credit, credit_balance

__all__ = ["add_credit", "check_code", "create_coupon", "credit_balance", "generate_codes"]
