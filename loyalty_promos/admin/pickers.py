"""Choosing a booking the way staff think of it: a customer and a day, never a raw id.

A booking is the host's; the app reaches it only through the adapter
(``get_customer_bookings`` and ``start_condition``), so the picker works for
every host. Server-rendered, without script: once the customer and the day
are known (typed, then the form sent), the booking becomes a select of that
customer's appointments that day, each named by its time, service and staff
member; a single appointment is chosen at once.

* :func:`bookings_on` — a customer's bookings on a business day, with what
  their names need loaded in the same query;
* :func:`booking_label` — "10:00 · Coupe femme · Inès";
* :class:`BookingPicker` — binds a form's ``customer``, ``day`` and
  ``booking`` fields together (the test-a-code form, the checkout picker).
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loyalty_promos.admin.widgets import customer_choice, label_date_parts
from loyalty_promos.integration import booking_relations, get_adapter, get_booking_model
from loyalty_promos.models import Charge
from loyalty_promos.services import clock


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The business day ``day`` as [start, next day's start) instants."""
    start = clock.make_aware(datetime.datetime.combine(day, datetime.time(0)))
    following = clock.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0))
    )
    return start, following


def bookings_on(customer, day: datetime.date):
    """``customer``'s bookings starting on the business day ``day``, in time order."""
    adapter = get_adapter()
    start, following = day_bounds(day)
    relations = [path.split("__", 1)[1] for path in booking_relations()]
    return (
        adapter.get_customer_bookings(customer)
        .filter(**adapter.start_condition("gte", start))
        .filter(**adapter.start_condition("lt", following))
        .select_related(*relations)
    )


def booking_label(booking) -> str:
    """A booking as staff recognise it on a day's list: time · service · staff member."""
    adapter = get_adapter()
    parts = [formats.time_format(clock.local(adapter.get_start(booking)), "TIME_FORMAT")]
    parts.append(str(adapter.get_service(booking)))
    staff = adapter.get_staff(booking)
    if staff is not None:
        parts.append(str(staff))
    return " · ".join(parts)


class BookingChoiceField(forms.ModelChoiceField):
    """An appointment, shown as :func:`booking_label`."""

    def label_from_instance(self, obj) -> str:
        return booking_label(obj)


def raw_value(form: forms.Form, name: str):
    """A field's cleaned value read from the bound data (or the initial data), or None."""
    field = form.fields[name]
    if form.is_bound:
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    else:
        value = form.initial.get(name, field.initial)
    try:
        return field.clean(value)
    except ValidationError:
        return None


class BookingPicker:
    """Binds ``customer`` + ``day`` → ``booking`` on a form; call it from the form's __init__.

    ``required``: a day without a booking is an error (the checkout picker
    lists instead; the test-a-code form may describe a new appointment).
    """

    day_label = gettext_lazy("Appointment day")
    booking_label = gettext_lazy("Appointment")

    def __init__(self, form: forms.Form, admin_site) -> None:
        self.form = form
        fields = form.fields
        customer_choice(fields["customer"], admin_site)
        self.customer = raw_value(form, "customer")
        self.day = raw_value(form, "day")
        self.choices = (
            list(bookings_on(self.customer, self.day)) if self.customer and self.day else []
        )
        if "booking" in fields:
            booking = fields["booking"]
            # Any booking id is accepted (a link from the host's appointment list);
            # the select offers only the customer's appointments of that day.
            booking.queryset = get_booking_model()._default_manager.all()
            choices = [(b.pk, booking_label(b)) for b in self.choices]
            chosen = raw_value(form, "booking") if form.is_bound else None
            if chosen is not None and chosen.pk not in {pk for pk, _label in choices}:
                choices.append((chosen.pk, booking_label(chosen)))
            booking.widget = forms.Select(choices=[("", booking.empty_label), *choices])

    def clean(self, data: dict) -> None:
        """The one appointment of that day is taken; several are to choose; none is said."""
        form = self.form
        if data.get("booking") or not data.get("day") or "day" in form.errors:
            return
        if not data.get("customer"):
            form.add_error("customer", _("Choose the customer of the appointment."))
        elif not self.choices:
            form.add_error("day", _("This customer has no appointment on that day."))
        elif len(self.choices) == 1:
            data["booking"] = self.choices[0]
            # Shown chosen when the page comes back (the select reads the bound data).
            form.data = form.data.copy()
            form.data[form.add_prefix("booking")] = str(self.choices[0].pk)
        else:
            form.add_error(
                "booking",
                _("This customer has %(count)d appointments that day: choose one.")
                % {"count": len(self.choices)},
            )


def day_field(**kwargs) -> forms.DateField:
    kwargs.setdefault("label", BookingPicker.day_label)
    kwargs.setdefault("required", False)
    return forms.DateField(widget=widgets.AdminDateWidget, **kwargs)


def booking_field(**kwargs) -> BookingChoiceField:
    kwargs.setdefault("label", BookingPicker.booking_label)
    kwargs.setdefault("required", False)
    kwargs.setdefault("empty_label", "—")
    return BookingChoiceField(queryset=None, **kwargs)  # set per form (BookingPicker)


# The checkout picker: a customer and a day → their appointments, each to check out.


class CheckoutPickForm(forms.Form):
    customer = forms.ModelChoiceField(label=gettext_lazy("Customer"), queryset=None)
    day = day_field(required=True)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.picker = BookingPicker(self, admin_site)


def checkout_picker(model_admin, request):
    """Find the appointment to check out by its customer and day (GET: a link can be shared)."""
    if not model_admin.has_checkout_booking_permission(request):
        raise PermissionDenied
    data = request.GET if "customer" in request.GET or "day" in request.GET else None
    form = CheckoutPickForm(data, admin_site=model_admin.admin_site,
                            initial={"day": clock.today()})  # fmt: skip
    rows = []
    if form.is_valid():
        bookings = form.picker.choices
        charges = {
            charge.booking_id: charge
            for charge in Charge.objects.live().filter(booking__in=[b.pk for b in bookings])
        }
        rows = [(booking, booking_label(booking), charges.get(booking.pk)) for booking in bookings]
    for field in form.fields.values():
        label_date_parts(field)
    return TemplateResponse(
        request,
        "admin/loyalty_promos/checkout_pick.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": _("Check out an appointment"),
            "form": form,
            "rows": rows,
            "searched": form.is_bound and form.is_valid(),
            "media": model_admin.media + form.media,
        },
    )
