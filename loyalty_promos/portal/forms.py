"""Promo codes in the host's own booking form: a field and a form mixin.

::

    class BookingForm(PromoCodeFormMixin, forms.ModelForm):
        promo_code = PromoCodeField()

        class Meta:
            model = Appointment
            fields = ["service", "staff", "start"]

    form = BookingForm(request.POST, request=request)

The mixin checks the code against the booking being made — before its row
exists — with the same translated messages as checkout, and leaves the coupon
and the price step by step on the form (``form.coupon``, ``form.quote``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from loyalty_promos import api, integration
from loyalty_promos.exceptions import CouponError, LoyaltyPromosError, ThrottledError
from loyalty_promos.integration import Booking, Customer
from loyalty_promos.models import Coupon
from loyalty_promos.portal import throttling
from loyalty_promos.portal.quote import lenient_quote, secrets_asked
from loyalty_promos.validators import validate_booking_start


class PromoCodeField(forms.CharField):
    """An optional text box for a promo code (checked by :class:`PromoCodeFormMixin`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Promo code"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 80)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(autocomplete="off", autocapitalize="characters", spellcheck="false")
        return attrs


class PromoCodeFormMixin:
    """Checks a promo code (and the other checkout options) against the booking being made.

    Put it before ``forms.ModelForm`` (or ``forms.Form``) and pass the request:
    ``BookingForm(data, request=request)``. In ``clean()`` it builds the
    unsaved booking (:meth:`get_unsaved_booking`), counts a code check
    (:func:`~loyalty_promos.portal.throttling.check_rate`), checks the code
    with :func:`loyalty_promos.api.check_code` and prices the booking with
    :func:`loyalty_promos.api.quote`. A refused option puts the translated
    message of its error on its field; the price is then given without it.

    After validation: ``form.coupon`` (the promo code that applies, or None),
    ``form.quote`` (a :class:`loyalty_promos.api.Quote`, or None when the
    booking is not complete), ``form.unsaved_booking``, and
    :meth:`get_checkout_options` for ``api.checkout`` once the booking is saved.
    """

    #: Name of the promo-code field in the form.
    promo_code_field = "promo_code"
    #: Form field that reports each checkout option's error, when the form has it.
    option_fields = {
        "gift_card": "gift_card",
        "use_credits": "use_credits",
        "reward": "reward",
    }

    def __init__(
        self, *args: Any, request: HttpRequest, customer: Customer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.request = request
        self.promo_customer = customer
        self.coupon: Coupon | None = None
        self.quote: api.Quote | None = None
        self.unsaved_booking: Booking | None = None

    def get_promo_customer(self, cleaned_data: dict[str, Any]) -> Customer | None:
        """Who books: the ``customer`` given to the form, else the logged-in customer,
        else — for a staff user only (a desk form) — the form's own customer field.

        Anyone else naming a customer in the form would price with that
        customer's package, credits and code history: they book as nobody.
        """
        if self.promo_customer is not None:
            return self.promo_customer
        user = self.request.user
        customer = integration.customer_for_user(user)
        if customer is None and getattr(user, "is_staff", False):
            customer = cleaned_data.get(integration.get_adapter().customer_field)
        return customer

    def get_unsaved_booking(self, cleaned_data: dict[str, Any]) -> Booking | None:
        """The booking being made, unsaved; None while the form lacks what it needs.

        Default: ``adapter.build_booking`` from the fields named like the
        adapter's ``service_field``, ``staff_field``, ``start_field`` (and
        ``end_field`` when the form has it); a start more than a century from today
        is refused on the start field. Override for a form of another shape.
        """
        adapter = integration.get_adapter()
        service = cleaned_data.get(adapter.service_field)
        start = cleaned_data.get(adapter.start_field)
        if service is None or start is None:
            return None
        try:
            validate_booking_start(start)
        except ValidationError as error:
            fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
            name = adapter.start_field if adapter.start_field in fields else None
            self.add_error(name, error)  # type: ignore[attr-defined]
            return None
        return adapter.build_booking(
            self.get_promo_customer(cleaned_data),
            service,
            cleaned_data.get(adapter.staff_field),
            start,
            cleaned_data.get(adapter.end_field),
        )

    def get_checkout_options(self) -> dict[str, Any]:
        """Keyword arguments for ``api.quote`` and ``api.checkout``: the code, and
        what a subclass adds (gift card, credits, reward)."""
        cleaned_data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {"code": cleaned_data.get(self.promo_code_field) or None}

    def field_for(self, option: str) -> str | None:
        """The form field that shows the error of a checkout option (None: the form's)."""
        name = self.promo_code_field if option == "code" else self.option_fields.get(option)
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        return name if name in fields else None

    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = super().clean()  # type: ignore[misc]
        self.coupon = self.quote = None
        self.unsaved_booking = booking = self.get_unsaved_booking(cleaned_data)
        if booking is None:
            return cleaned_data
        options = self.get_checkout_options()
        add_error = self.add_error  # type: ignore[attr-defined]
        refused: dict[str, LoyaltyPromosError] = {}
        try:
            if secret := secrets_asked(options):
                throttling.check_rate(self.request, value=secret)
            if options.get("code"):
                try:
                    self.coupon = api.check_code(options["code"], booking)
                except CouponError as error:
                    refused["code"] = error
                    options = {**options, "code": None}
            self.quote, errors = lenient_quote(booking, options)
        except ThrottledError as error:
            add_error(self.field_for("code" if options.get("code") else "gift_card"), error)
            return cleaned_data
        except LoyaltyPromosError as error:
            add_error(None, error)
            return cleaned_data
        for option, error in {**refused, **errors}.items():
            add_error(self.field_for(option), error)
        return cleaned_data
