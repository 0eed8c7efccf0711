"""What a valid amount, count or points value is: said once, used everywhere.

Services, admin forms, the API and imports all call these, so a value that
one of them refuses is refused by all of them with the same translated
message and the same stable ``code`` — before anything is written, and
before the database would answer with an overflow (a 500) instead.

* :func:`parse_money` turns text, an int or a Decimal into an amount with
  the currency's places, refusing NaN, infinities, sNaN and amounts wider
  than the money columns (12 digits, 2 after the point);
* :func:`validate_use_limit` is the rule for every "maximum uses" field;
* :func:`validate_points` bounds a number of points to what the points
  columns hold;
* :func:`validate_booking_start` keeps the start of a booking a customer
  prices within a century of today.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

__all__ = [
    "AmountError",
    "MoneyFormField",
    "parse_money",
    "validate_booking_start",
    "validate_money",
    "validate_percent",
    "validate_points",
    "validate_use_limit",
]

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loyalty_promos.exceptions import AmountError

#: Digits of every money column (``money_field``), two of them after the point.
MONEY_MAX_DIGITS = 12
MONEY_PLACES = 2
#: The largest amount a money column holds: 9,999,999,999.99.
MONEY_MAX = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_PLACES) - Decimal("0.01")
#: The largest value of the integer columns (points, uses) on every database.
INTEGER_MAX = 2_147_483_647
#: A "maximum uses" above this is a typing mistake, not a limit.
MAX_USE_LIMIT = 10_000_000
#: Points moved by one operation (an adjustment, an earning rule, a reward's cost).
MAX_POINTS = 100_000_000
#: How far from today a booking being made may start: further is a typing mistake.
BOOKING_YEARS = 100


def parse_money(
    value: Any,
    *,
    minimum: Decimal | None = Decimal("0"),
    maximum: Decimal = MONEY_MAX,
) -> Decimal:
    """``value`` as an amount with two places (rounded half-up), or AmountError.

    ``minimum=None`` allows negative amounts (ledger corrections); a float
    is read through its shortest text (``0.1`` is ``0.10``, not a binary
    fraction).
    """
    if isinstance(value, bool) or value is None:
        raise AmountError("invalid_amount")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        raise AmountError("invalid_amount") from None
    if not amount.is_finite():
        raise AmountError("not_finite", params={"value": str(value)})
    # copy_abs(), not abs(): abs() rounds in the decimal context, and "1e999999999"
    # overflows there (decimal.Overflow, no ValueError) instead of being too large.
    if amount.copy_abs() > maximum:
        raise AmountError("amount_too_large", params={"max": f"{maximum:.2f}"})
    try:
        amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except ArithmeticError:  # "1e-999999999": below what the context can hold
        raise AmountError("invalid_amount") from None
    if minimum is not None and amount < minimum:
        if minimum == 0:
            raise AmountError("negative_amount")
        raise AmountError("amount_too_small", params={"min": f"{minimum:.2f}"})
    return amount


def validate_money(value: Any) -> None:
    """Model and form field validator: a finite amount the money columns hold."""
    parse_money(value, minimum=None)


class MoneyFormField(forms.DecimalField):
    """A form's amount: the money columns' digits and places, and :func:`validate_money`.

    Every amount a form takes uses it, so a form refuses what the services
    and the database would, with the same message.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        super().__init__(**kwargs)
        self.validators.append(validate_money)


def validate_use_limit(value: Any) -> None:
    """A "maximum uses" limit: blank means unlimited, otherwise 1 to 10 million.

    0 is refused: a code nobody can use is a switched-off code, and saying so
    is clearer than a limit that silently blocks every customer.
    """
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter a whole number of uses."), code="invalid_limit")
    if value < 1:
        raise ValidationError(
            _(
                "The limit must be at least 1. Leave it blank for no limit, or switch the "
                "code off instead."
            ),
            code="limit_too_small",
        )
    if value > MAX_USE_LIMIT:
        raise ValidationError(
            _("The limit may be at most %(max)d uses; leave it blank for no limit."),
            code="limit_too_large",
            params={"max": MAX_USE_LIMIT},
        )


def validate_points(value: Any) -> None:
    """A number of points one operation moves: whole, at most 100 million either way."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter a whole number of points."), code="invalid_points")
    if abs(value) > MAX_POINTS:
        raise ValidationError(
            _("At most %(max)d points can be moved at once."),
            code="too_many_points",
            params={"max": MAX_POINTS},
        )


def validate_percent(value: Any) -> None:
    """A percentage: finite, from 0 to 100."""
    amount = parse_money(value)
    if amount > 100:
        raise ValidationError(_("A percentage cannot be over 100."), code="percent_over_100")


def validate_booking_start(value: datetime.datetime) -> None:
    """The start of a booking a customer is making: within a century of today.

    A year such as 9999 or 0001 is a typing mistake (or a probe); near the
    ends of the calendar the end time, the time zones and the pricing rules
    would overflow Python's dates (a 500) instead of saying so.
    """
    now = timezone.now() if timezone.is_aware(value) else datetime.datetime.now()  # noqa: DTZ005
    if abs(value - now) > datetime.timedelta(days=365 * BOOKING_YEARS):
        raise ValidationError(
            _("Choose a date within %(years)d years of today."),
            code="date_out_of_range",
            params={"years": BOOKING_YEARS},
        )
