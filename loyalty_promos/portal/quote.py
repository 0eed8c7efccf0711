"""The live price of a booking being made: a JSON endpoint and the helpers it shares
with the booking-form mixin (``portal/forms.py``).

``GET /loyalty/quote/?service=3&staff=2&start=2026-03-16T10:00&code=SPRING``
prices the booking the logged-in customer is making, step by step, through
:func:`loyalty_promos.api.quote`; nothing is written. Money is given twice:
``amount`` (a decimal string, for code) and ``display`` (formatted for the
request's language, for people).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from loyalty_promos import api, integration
from loyalty_promos.exceptions import (
    CouponError,
    GiftCardError,
    InsufficientCredit,
    InsufficientPoints,
    LoyaltyPromosError,
    ThrottledError,
)
from loyalty_promos.integration import Booking
from loyalty_promos.models import Reward, normalize_code
from loyalty_promos.portal import throttling
from loyalty_promos.services import portal
from loyalty_promos.services.money import format_price
from loyalty_promos.validators import validate_booking_start

#: Which checkout option an error refuses: the quote is made again without it.
OPTION_ERRORS: tuple[tuple[type[LoyaltyPromosError], str], ...] = (
    (CouponError, "code"),
    (GiftCardError, "gift_card"),
    (InsufficientPoints, "reward"),
    (InsufficientCredit, "use_credits"),
)


def lenient_quote(
    booking: Booking, options: dict[str, Any]
) -> tuple[api.Quote, dict[str, LoyaltyPromosError]]:
    """Quote ``booking``; an option that is refused is left out and its error returned.

    A customer who mistypes a code still sees the price without it, and why
    the code was refused: ``({"code": CouponError(...)}``. Errors no option
    explains (a cancelled booking, an impossible price) are raised.
    """
    errors: dict[str, LoyaltyPromosError] = {}
    while True:
        try:
            return api.quote(booking, **options), errors
        except LoyaltyPromosError as error:
            option = next((o for cls, o in OPTION_ERRORS if isinstance(error, cls)), None)
            if option is None or not options.get(option) or option in errors:
                raise
            errors[option] = error
            options = {**options, option: None}


def secrets_asked(options: dict[str, Any]) -> str:
    """The promo code and gift card these options look up (throttled), as one value;
    ``""`` when they look none up."""
    code, card = options.get("code"), options.get("gift_card")
    if not (code or card):
        return ""
    # As JSON: no code and card can make the same value as another pair ("A|B" + ""
    # and "A" + "B|" would), which would let a guess through without counting.
    return json.dumps([normalize_code(code or ""), normalize_code(card or "")])


def _money(amount: Any, currency: str) -> dict[str, str]:
    return {"amount": str(amount), "display": format_price(amount, currency)}


def quote_data(quote: api.Quote, errors: dict[str, LoyaltyPromosError]) -> dict[str, Any]:
    """The quote as JSON-ready data: each step, each amount raw and formatted."""
    currency = quote.currency
    package = quote.customer_package if quote.package_amount else None
    return {
        "currency": currency,
        "list_price": _money(quote.list_price, currency),
        "rules": [
            {"name": rule.name, **_money(change, currency)} for rule, change in quote.rule_changes
        ],
        "price": _money(quote.price, currency),
        "discount": {
            **_money(quote.discount, currency),
            "source": str(quote.discount_source),
            "name": quote.discount_name,
            "code": quote.discount_code,
        },
        "package": {**_money(quote.package_amount, currency), "name": str(package or "")},
        "gift_card": _money(quote.gift_card_amount, currency),
        "credits": _money(quote.credits_amount, currency),
        "points": quote.points,
        "amount_due": _money(quote.amount_due, currency),
        "lines": [
            {"kind": str(kind), "label": label, **_money(amount, currency)}
            for kind, label, amount in quote.lines
        ],
        "errors": {option: [portal.refusal_text(error)] for option, error in errors.items()},
    }


class QuoteParamsForm(forms.Form):
    """The endpoint's GET parameters; the customer is never one of them."""

    service = forms.ModelChoiceField(queryset=None)
    staff = forms.ModelChoiceField(queryset=None, required=False)
    start = forms.DateTimeField(validators=[validate_booking_start])
    code = forms.CharField(max_length=80, required=False)
    gift_card = forms.CharField(max_length=40, required=False)
    use_credits = forms.BooleanField(required=False)
    reward = forms.ModelChoiceField(queryset=Reward.objects.at_checkout(), required=False)
    #: A reward by its price in points (the active one costing exactly that many).
    points = forms.IntegerField(min_value=0, required=False)
    #: Accepted for symmetry with the checkout options; an active package that
    #: covers the booking is always used (as at checkout).
    use_package = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = integration.get_service_model()._default_manager.all()
        self.fields["staff"].queryset = integration.get_adapter().get_bookable_staff()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("points") and not data.get("reward"):
            data["reward"] = (
                Reward.objects.at_checkout()
                .filter(points_cost=data["points"])
                .order_by("pk")
                .first()
            )
            if data["reward"] is None:
                self.add_error("points", InsufficientPoints("no_reward"))
        return data

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``api.quote``."""
        data = self.cleaned_data
        return {
            "code": data["code"] or None,
            "gift_card": data["gift_card"] or None,
            "use_credits": data["use_credits"],
            "reward": data["reward"],
        }


class QuoteView(View):
    """``loyalty_promos:quote``: the price of the booking the logged-in customer is making.

    200 with :func:`quote_data` (a refused code or gift card is left out of the
    price and explained in ``errors``); 400 with ``errors`` for missing or bad
    parameters; 403 for anyone who is not a customer; 429 with ``Retry-After``
    when too many codes were tried (:mod:`~loyalty_promos.portal.throttling`).
    """

    http_method_names = ["get"]
    not_a_customer_message = _("Log in as a customer to see your price.")

    def get(self, request: HttpRequest) -> JsonResponse:
        customer = integration.customer_for_user(request.user)
        if customer is None:
            return JsonResponse(
                error_body({"__all__": [gettext(self.not_a_customer_message)]}), status=403
            )
        status, body, headers = quote_answer(request, customer, request.GET)
        response = JsonResponse(body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response


def error_body(errors: dict[str, list[str]], *, code: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {"errors": errors}
    if code:
        body["code"] = str(code)
    return body


def quote_answer(
    request: HttpRequest, customer: Any, query: Any
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """``(status, body, headers)`` of a price request by ``customer`` with ``query``.

    Shared by the JSON endpoint and the REST API, so both parse, throttle and
    answer alike: 200 with :func:`quote_data`, 400 for bad parameters or an
    impossible booking, 429 with ``Retry-After`` when too many codes were tried.
    """
    params = QuoteParamsForm(query)
    if not params.is_valid():
        return 400, error_body({k: list(v) for k, v in params.errors.items()}), {}
    options = params.options()
    data = params.cleaned_data
    booking = integration.get_adapter().build_booking(
        customer, data["service"], data["staff"], data["start"]
    )
    try:
        if secret := secrets_asked(options):
            throttling.check_rate(request, value=secret)
        quote, errors = lenient_quote(booking, options)
    except ThrottledError as error:
        body = error_body({"__all__": error.messages}, code=error.code)
        return 429, body, {"Retry-After": str(error.wait)}
    except LoyaltyPromosError as error:
        return 400, error_body({"__all__": error.messages}, code=error.code), {}
    return 200, quote_data(quote, errors), {}
