"""Errors raised by the public API, each with a stable machine-readable ``code``.

Every error subclasses Django's :class:`~django.core.exceptions.ValidationError`,
so forms and admin views show the translated message as they would any
validation error, and host code can branch on ``error.code``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LoyaltyPromosError(ValidationError):
    """Base class. ``LoyaltyPromosError(code)`` uses the class's message for the code."""

    #: Translatable message per stable code; subclasses fill it.
    code_messages: ClassVar[dict[str, Promise]] = {}
    default_code: ClassVar[str] = "invalid"

    def __init__(
        self,
        code: str | None = None,
        message: str | Promise | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        code = code or self.default_code
        if message is None:
            message = self.code_messages.get(code, _("This operation is not allowed."))
        super().__init__(message, code=code, params=params)

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


class InsufficientPoints(LoyaltyPromosError):
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
    code_messages = {
        "insufficient_credit": _("The customer does not have enough credit."),
        "invalid_amount": _("Enter an amount above zero."),
    }
    default_code = "insufficient_credit"


class GiftCardError(LoyaltyPromosError):
    code_messages = {
        "unknown": _("This gift card does not exist."),
        "inactive": _("This gift card has been switched off."),
        "expired": _("This gift card has expired."),
        "empty": _("This gift card has no balance left."),
        "invalid_value": _("A gift card must be worth more than zero."),
    }
    default_code = "unknown"


class PackageError(LoyaltyPromosError):
    code_messages = {
        "not_covered": _("No package of this customer covers this booking."),
        "expired": _("This package has expired."),
        "used_up": _("This package has no visits or credit left."),
    }
    default_code = "not_covered"


class ChargeError(LoyaltyPromosError):
    """A billing record cannot take this operation in its current state."""

    code_messages = {
        "not_pending": _("Only a pending charge can be changed; this one is paid or void."),
        "void": _("This charge has been voided."),
        "no_booking": _("The booking of this charge no longer exists."),
        "cancelled": _("This booking is cancelled: it cannot be checked out."),
    }
    default_code = "not_pending"


class ConfigError(LoyaltyPromosError):
    """Settings for the programme, a rule, a reward or a plan are invalid.

    ``message_dict`` maps each field to what is wrong with it (translated), as a
    form's errors do; nothing was saved.
    """

    code_messages = {"invalid": _("Correct the values below.")}
    default_code = "invalid"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        ValidationError.__init__(self, errors)
        self.code = self.default_code


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
