"""The public Python API: ``from loyalty_promos import api``.

Everything a host calls is here, and only that: each name re-exports a
service function, typed in full, whose docstring is the reference (the
errors it raises included). Names and behaviour are part of the contract
(DESIGN.md); the modules behind them (``loyalty_promos.services.*``) are
internal and may change between versions.

Host objects (customers, bookings, the staff user) are typed with the aliases
of :mod:`loyalty_promos.integration` (``Customer``, ``Booking``, ``User``).
"""

from loyalty_promos.services.bookings import cancel_booking
from loyalty_promos.services.checkout import (
    CheckoutOptions,
    Quote,
    apply_code,
    checkout,
    pay,
    quote,
    remove_code,
    void,
)
from loyalty_promos.services.codes import create_coupon, generate_codes
from loyalty_promos.services.config import (
    configure_program,
    create_earning_rule,
    create_package_plan,
    create_pricing_rule,
    create_reward,
)
from loyalty_promos.services.coupons import check_code
from loyalty_promos.services.customers import anonymise_customer
from loyalty_promos.services.giftcards import issue_gift_card
from loyalty_promos.services.package_assignment import assign_package
from loyalty_promos.services.payment_methods import active_methods as payment_methods
from loyalty_promos.services.payment_state import payment_state
from loyalty_promos.services.points import (
    adjust_points,
    award_due_points,
    award_points,
    expire_points,
    points_balance,
    redeem_reward,
)
from loyalty_promos.services.purchases import (
    GiftCardOffer,
    cancel_purchase,
    complete_purchase,
    fail_purchase,
    start_purchase,
)
from loyalty_promos.services.wallet import (
    add_credit,
    credit_balance,
    remove_credit,
    sell_credit_pack,
)

__all__ = [
    "CheckoutOptions",
    "GiftCardOffer",
    "Quote",
    "add_credit",
    "adjust_points",
    "anonymise_customer",
    "apply_code",
    "assign_package",
    "award_due_points",
    "award_points",
    "cancel_booking",
    "cancel_purchase",
    "check_code",
    "checkout",
    "complete_purchase",
    "configure_program",
    "create_coupon",
    "create_earning_rule",
    "create_package_plan",
    "create_pricing_rule",
    "create_reward",
    "credit_balance",
    "expire_points",
    "fail_purchase",
    "generate_codes",
    "issue_gift_card",
    "pay",
    "payment_methods",
    "payment_state",
    "points_balance",
    "quote",
    "redeem_reward",
    "remove_code",
    "remove_credit",
    "sell_credit_pack",
    "start_purchase",
    "void",
]
