"""Errors raised by the public API, each with a stable machine-readable ``code``.

Every error subclasses Django's :class:`~django.core.exceptions.ValidationError`,
so forms and admin views show the translated message as they would any
validation error, and host code can branch on ``error.code``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class ErrorCode(StrEnum):
    """Every stable code an error of the app can carry; ``error.code`` is one of them.

    The values never change between versions; compare with the member or its value
    (``error.code == ErrorCode.EXPIRED`` or ``error.code == "expired"``).
    """

    # Promo codes (CouponError); ``unknown``, ``inactive`` and ``expired`` serve gift cards too.
    UNKNOWN = "unknown"
    INACTIVE = "inactive"
    NOT_STARTED = "not_started"
    EXPIRED = "expired"
    APPOINTMENT_WINDOW = "appointment_window"
    TIME_OF_DAY = "time_of_day"
    WEEKDAY = "weekday"
    USAGE_LIMIT = "usage_limit"
    CUSTOMER_LIMIT = "customer_limit"
    SERVICE = "service"
    STAFF = "staff"
    FIRST_BOOKING_ONLY = "first_booking_only"
    STAFF_ONLY = "staff_only"
    # Managing codes (CodeError)
    CODE_TAKEN = "code_taken"
    CODE_SPACE_FULL = "code_space_full"
    BLANK = "blank"
    TOO_LONG = "too_long"
    INVISIBLE_CHARACTERS = "invisible_characters"
    OTHER_SCRIPT = "other_script"
    INVALID_CHARACTERS = "invalid_characters"
    EMPTY = "empty"
    INVALID_ROWS = "invalid_rows"
    # Points (InsufficientPoints)
    INSUFFICIENT_POINTS = "insufficient_points"
    INVALID_POINTS = "invalid_points"
    NO_REWARD = "no_reward"
    REWARD_SERVICE = "reward_service"
    DISABLED = "disabled"
    TOO_MANY_POINTS = "too_many_points"
    # Credits (InsufficientCredit) and amounts (AmountError)
    INSUFFICIENT_CREDIT = "insufficient_credit"
    INVALID_AMOUNT = "invalid_amount"
    NOT_FINITE = "not_finite"
    AMOUNT_TOO_LARGE = "amount_too_large"
    NEGATIVE_AMOUNT = "negative_amount"
    AMOUNT_TOO_SMALL = "amount_too_small"
    # Gift cards (GiftCardError)
    INVALID_VALUE = "invalid_value"
    # Packages (PackageError)
    NOT_ON_SALE = "not_on_sale"
    ENDS_BEFORE_START = "ends_before_start"
    # Charges (ChargeError)
    NOT_PENDING = "not_pending"
    VOID = "void"
    NO_BOOKING = "no_booking"
    CANCELLED = "cancelled"
    ALREADY_CHECKED_OUT = "already_checked_out"
    UNKNOWN_PAYMENT_METHOD = "unknown_payment_method"
    NEGATIVE_PRICE = "negative_price"
    # Online purchases (PurchaseError); ``unknown``, ``not_on_sale`` and ``invalid_value`` too.
    PURCHASE_CLOSED = "purchase_closed"
    PRICE_CHANGED = "price_changed"
    AMOUNT_MISMATCH = "amount_mismatch"
    PAYMENT_UNAVAILABLE = "payment_unavailable"
    # Configuration (ConfigError)
    INVALID = "invalid"
    # Too many code checks from one customer or address (ThrottledError)
    THROTTLED = "throttled"


class LoyaltyPromosDeprecationWarning(DeprecationWarning):
    """A part of the API that will go in a later release; the message says what replaces it."""


class LoyaltyPromosError(ValidationError):
    """The one base of every error a host can get from the app.

    ``code`` is an :class:`ErrorCode`; ``LoyaltyPromosError(code)`` uses the
    class's translated message for it. ``errors`` (a dict of field → messages,
    or a list of messages) carries several messages at once, as a form's errors
    do (``message_dict`` / ``messages``).
    """

    #: Translatable message per stable code; subclasses fill it.
    code_messages: ClassVar[dict[str, Promise]] = {}
    default_code: ClassVar[str] = ErrorCode.INVALID

    def __init__(
        self,
        code: str | None = None,
        message: str | Promise | None = None,
        params: dict[str, Any] | None = None,
        *,
        errors: dict[str, Any] | list[Any] | None = None,
    ) -> None:
        code = ErrorCode(code or self.default_code)
        if errors is not None:
            super().__init__(errors)
        else:
            if message is None:
                message = self.code_messages.get(code, _("This operation is not allowed."))
            super().__init__(message, code=code, params=params)
        self.code = code

    def __str__(self) -> str:
        return " ".join(self.messages)


class CouponError(LoyaltyPromosError):
    """A promo code cannot be used for this booking; ``code`` says which rule failed."""

    code_messages = {
        "unknown": _("This code does not exist. Check the spelling."),
        "inactive": _("This code has been switched off."),
        "not_started": _("This code cannot be used yet."),
        "expired": _("This code has expired."),
        "appointment_window": _("This code is not valid for an appointment on this date."),
        "time_of_day": _("This code is not valid at this time of day."),
        "weekday": _("This code is not valid on this day of the week."),
        "usage_limit": _("This code has already been used the maximum number of times."),
        "customer_limit": _(
            "This customer has already used this code the maximum number of times."
        ),
        "service": _("This code is not valid for this service."),
        "staff": _("This code is not valid with this staff member."),
        "first_booking_only": _("This code is only valid for a customer's first booking."),
        "staff_only": _("Only staff can apply this code."),
    }
    default_code = "unknown"

    #: The same refusals saying what *is* allowed, with the rule's values as
    #: ``params`` (see ``services/coupons.py``); the code stays the same.
    allowed_messages = {
        "appointment_window": _("This code is valid for appointments %(window)s only."),
        "time_of_day": _("This code is valid for appointments from %(start)s to %(end)s only."),
        "weekday": _("This code is valid on %(days)s only."),
        "usage_limit": ngettext_lazy(
            "This code has already been used %(max)s time, its maximum.",
            "This code has already been used %(max)s times, its maximum.",
            "count",  # the limit as a number; ``max`` is it written for the language
        ),
        "customer_limit": ngettext_lazy(
            "This customer has already used this code %(max)s time, the maximum.",
            "This customer has already used this code %(max)s times, the maximum.",
            "count",
        ),
        "service": _("This code is valid for %(names)s only."),
        "staff": _("This code is valid with %(names)s only."),
    }

    @classmethod
    def allowed(cls, code: str, **params: Any) -> CouponError:
        """The refusal ``code`` naming what is allowed (``params`` fill its message)."""
        return cls(code, message=cls.allowed_messages[code], params=params)


class InsufficientPoints(LoyaltyPromosError):
    """Points cannot be spent, moved or used for a reward as asked; nothing was written."""

    code_messages = {
        "insufficient_points": _("The customer does not have enough points."),
        "invalid_points": _("Enter a number of points other than zero."),
        "no_reward": _("No reward can be bought with this number of points."),
        "reward_service": _("This reward is for another service."),
        "disabled": _("The loyalty programme is switched off."),
        "too_many_points": _("At most %(max)d points can be moved at once."),
    }
    default_code = "insufficient_points"


class InsufficientCredit(LoyaltyPromosError):
    """Customer credit cannot be moved as asked; nothing was written."""

    code_messages = {
        "insufficient_credit": _("The customer does not have enough credit."),
        "invalid_amount": _("Enter an amount above zero."),
    }
    default_code = "insufficient_credit"


class GiftCardError(LoyaltyPromosError):
    """A gift card cannot be used or issued as asked."""

    code_messages = {
        "unknown": _("This gift card does not exist."),
        "inactive": _("This gift card has been switched off."),
        "expired": _("This gift card has expired."),
        "empty": _("This gift card has no balance left."),
        "invalid_value": _("A gift card must be worth more than zero."),
    }
    default_code = "unknown"


class PackageError(LoyaltyPromosError):
    """A package cannot be assigned as asked."""

    code_messages = {
        "not_on_sale": _("This plan is not on sale any more."),
        "ends_before_start": _("The package would expire before it starts."),
    }
    default_code = "not_on_sale"


class ChargeError(LoyaltyPromosError):
    """A billing record cannot take this operation in its current state."""

    code_messages = {
        "not_pending": _("Only a pending charge can be changed; this one is paid or void."),
        "void": _("This charge has been voided."),
        "no_booking": _("The booking of this charge no longer exists."),
        "cancelled": _("This booking is cancelled: it cannot be checked out."),
        "already_checked_out": _(
            "This booking is already checked out with other options: apply a code to its "
            "charge, or void it and check out again."
        ),
        "unknown_payment_method": _(
            "“%(method)s” is not an active payment method; use one of: %(allowed)s."
        ),
        "negative_price": _(
            "This booking's price is negative (%(price)s): correct the price of its service "
            "before checking it out."
        ),
    }
    default_code = "not_pending"


class PurchaseError(LoyaltyPromosError):
    """An online purchase cannot be started, completed, failed or cancelled as asked.

    Nothing was written or delivered. A webhook that gets ``purchase_closed``
    for a payment it received has money for a purchase that failed or was
    cancelled: refund it, or ask staff to.
    """

    code_messages = {
        "unknown": _("This purchase does not exist."),
        "not_on_sale": _("This item cannot be bought online."),
        "invalid_value": _("Gift cards are sold online only for the amounts offered."),
        "purchase_closed": _("This purchase is closed: it was paid, failed or was cancelled."),
        "price_changed": _(
            "The price of this item has changed since you saw it: check the new price and "
            "buy again."
        ),
        "amount_mismatch": _(
            "The payment does not match the price of this purchase: nothing was delivered. "
            "Check the payment with the provider and refund it if needed."
        ),
        "payment_unavailable": _(
            "The payment could not be started and nothing was charged. Try again in a few minutes."
        ),
    }
    default_code = "unknown"


class ConfigError(LoyaltyPromosError):
    """Settings for the programme, a rule, a reward, a plan or a promo code are invalid.

    ``message_dict`` maps each field to what is wrong with it (translated), as a
    form's errors do; nothing was saved.
    """

    code_messages = {"invalid": _("Correct the values below.")}
    default_code = "invalid"

    def __init__(self, errors: dict[str, Any], code: str | None = None) -> None:
        super().__init__(code, errors=errors)


class CodeError(LoyaltyPromosError):
    """A code cannot be written, created or generated as asked."""

    code_messages = {
        "code_taken": _("This code is already active on another promo code."),
        "code_space_full": _("The code space is nearly full: choose longer codes."),
        "blank": _("Enter a code."),
        "too_long": _("This code is too long."),
        "invisible_characters": _("A code cannot contain invisible or control characters."),
        "other_script": _("Codes use the letters A to Z only."),
        "invalid_characters": _("Use the letters A to Z and the digits 0 to 9."),
        "empty": _("The list is empty."),
        "invalid_rows": _("Some rows are not valid."),
    }
    default_code = "invalid_characters"

    @classmethod
    def from_validation(cls, error: ValidationError) -> CodeError:
        """The same refusal, from a field validator's ValidationError (its first code)."""
        code = next((e.code for e in error.error_list if e.code in cls.code_messages), None)
        return cls(code or cls.default_code, errors=error.messages)


class AmountError(LoyaltyPromosError):
    """An amount that is not a number, not finite, negative or wider than the money columns.

    Raised by :func:`loyalty_promos.validators.parse_money`, which services,
    admin forms and imports all use.
    """

    code_messages = {
        "invalid_amount": _("Enter an amount as a number, e.g. 12.50."),
        "not_finite": _("Enter a real amount: “%(value)s” is not a number."),
        "amount_too_large": _("The amount may be at most %(max)s."),
        "negative_amount": _("The amount cannot be negative."),
        "amount_too_small": _("The amount must be at least %(min)s."),
    }
    default_code = "invalid_amount"


class ThrottledError(LoyaltyPromosError):
    """Too many promo-code or gift-card checks from one user or client address.

    Raised by :func:`loyalty_promos.portal.throttling.check_rate` before the
    check is made, so guessing codes costs time. ``wait`` is how many seconds
    until the window ends (a view sends it as ``Retry-After``).
    """

    code_messages = {
        "throttled": _("Too many codes tried. Please wait a few minutes and try again."),
    }
    default_code = "throttled"

    def __init__(self, code: str | None = None, *, wait: int = 0) -> None:
        super().__init__(code)
        self.wait = wait
