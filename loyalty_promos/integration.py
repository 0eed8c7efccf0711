"""The host site's models and how to read one of its bookings.

This is the only module that knows the host's models. Everything else reaches
them through the ``get_<x>_model()`` accessors and :func:`get_adapter`.

A host points us at its models with four settings and, when its booking does
not use the conventional field names, names an adapter class::

    LOYALTY_PROMOS_CUSTOMER_MODEL = "salon.Customer"   # default: AUTH_USER_MODEL
    LOYALTY_PROMOS_SERVICE_MODEL = "salon.Service"
    LOYALTY_PROMOS_STAFF_MODEL = "salon.Staff"
    LOYALTY_PROMOS_BOOKING_MODEL = "salon.Appointment"
    LOYALTY_PROMOS = {"BOOKING_ADAPTER": "salon.adapter.SalonAdapter"}
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from typing import Any, TypeAlias

from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.db.models.sql.query import Query
from django.dispatch import receiver
from django.utils.module_loading import import_string

from loyalty_promos import conf
from loyalty_promos.services import clock

# Instances of the host's own models. The app cannot know their classes: each host
# names them in a setting (LOYALTY_PROMOS_<X>_MODEL, AUTH_USER_MODEL) and reads them
# through the adapter, so for the type checker they are Any. The aliases still say,
# in every signature, which of the host's objects a function expects.
#: A customer: an instance of ``LOYALTY_PROMOS_CUSTOMER_MODEL``.
Customer: TypeAlias = Any
#: A booking or appointment: an instance of ``LOYALTY_PROMOS_BOOKING_MODEL``.
Booking: TypeAlias = Any
#: What is booked: an instance of ``LOYALTY_PROMOS_SERVICE_MODEL``.
Service: TypeAlias = Any
#: Who delivers it: an instance of ``LOYALTY_PROMOS_STAFF_MODEL``.
Staff: TypeAlias = Any
#: The staff user acting (recorded in history and audit rows): an ``AUTH_USER_MODEL`` instance.
User: TypeAlias = Any


def _get_model(setting_name: str) -> type[models.Model]:
    label = getattr(settings, setting_name, None) or conf.model_setting_default(setting_name)
    try:
        return django_apps.get_model(label, require_ready=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{setting_name} must be of the form 'app_label.ModelName', not {label!r}."
        ) from exc
    except LookupError as exc:
        raise ImproperlyConfigured(
            f"{setting_name} refers to model {label!r} that has not been installed."
        ) from exc


def get_customer_model() -> type[models.Model]:
    """Who earns points and holds credits (``LOYALTY_PROMOS_CUSTOMER_MODEL``)."""
    return _get_model(conf.CUSTOMER_MODEL_SETTING)


def get_service_model() -> type[models.Model]:
    """What is booked: a service, class or room (``LOYALTY_PROMOS_SERVICE_MODEL``)."""
    return _get_model(conf.SERVICE_MODEL_SETTING)


def get_staff_model() -> type[models.Model]:
    """Who delivers it: a staff member or resource (``LOYALTY_PROMOS_STAFF_MODEL``)."""
    return _get_model(conf.STAFF_MODEL_SETTING)


def get_booking_model() -> type[models.Model]:
    """The host's booking or appointment (``LOYALTY_PROMOS_BOOKING_MODEL``)."""
    return _get_model(conf.BOOKING_MODEL_SETTING)


class FollowsField:
    """An adapter attribute that, unless a subclass sets it, reads another one.

    ``customer_lookup = FollowsField("customer_field")``: an adapter that only
    renames ``customer_field`` gets the same name as its ORM lookup, so the two
    cannot disagree by accident. Setting ``customer_lookup`` in a subclass
    (a path such as ``"client__user"``) replaces it.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return getattr(owner if instance is None else instance, self.source)


class DefaultBookingAdapter:
    """Reads a host booking through conventionally named fields.

    Out of the box a booking is expected to have ``customer``, ``service``,
    ``staff``, ``start`` and ``end`` attributes, an optional ``price`` (else the
    service's ``price``), an optional ``status`` and an optional ``series``.
    A host whose fields have other names changes the ``*_field`` attributes;
    a host whose data has another shape (date and time stored apart, on a
    related object …) overrides the matching ``get_*`` method and sets the
    matching ``*_lookup`` (the ORM path the app filters bookings by). Every
    method takes the host object and returns plain values; none writes
    anything. ``manage.py check`` resolves each lookup against the booking
    model (``loyalty_promos.E007``).
    """

    #: Attribute of the booking holding the customer (``get_customer``).
    customer_field = "customer"
    #: Attribute of the booking holding the service (``get_service``).
    service_field = "service"
    #: Attribute of the booking holding the staff member, may be empty (``get_staff``).
    staff_field = "staff"
    #: Attribute of the booking holding its start datetime (``get_start``).
    start_field = "start"
    #: Attribute of the booking holding its end datetime (``get_end``).
    end_field = "end"
    #: Attribute of the booking with its own price; when absent or None the
    #: service's ``service_price_field`` is used (``get_price``).
    price_field = "price"
    #: Attribute of the service with its list price (``get_price``).
    service_price_field = "price"
    #: Attribute of the booking naming its recurring series, may be empty
    #: (``get_series_key``; a foreign key's ``<name>_id`` is read without a query).
    series_field = "series"
    #: Attribute of the service with its length in minutes (``build_booking``).
    service_duration_field = "duration_minutes"
    #: Length of a booking built for a service without ``service_duration_field``.
    default_duration = datetime.timedelta(hours=1)
    #: Attribute of the booking with its status (``is_cancelled``).
    status_field = "status"
    #: The values of ``status_field`` meaning "cancelled" (``is_cancelled``).
    cancelled_statuses: frozenset[str] = frozenset({"cancelled", "canceled"})
    #: ORM path from the booking model to its customer, used to filter bookings
    #: (``get_customer_bookings``). Default: ``customer_field``. Set it when the
    #: customer is reached another way, e.g. ``"client__user"``.
    customer_lookup = FollowsField("customer_field")
    #: ORM path from the booking model to a datetime (or date) field giving its
    #: start, used to order and filter bookings (first-booking and Nth-visit
    #: rules, bookings already made when a package is assigned). Default:
    #: ``start_field``. Set it when ``get_start`` reads a related object, e.g.
    #: ``"slot__starts"``; with a date only (``"slot__day"``) bookings on the
    #: same day count neither as earlier nor as later.
    start_lookup = FollowsField("start_field")

    #: The methods a host adapter must provide (checked by ``loyalty_promos.E004``).
    required_methods = (
        "get_customer",
        "get_service",
        "get_staff",
        "get_start",
        "get_end",
        "get_price",
        "get_currency",
        "get_series_key",
        "is_cancelled",
        "get_customer_name",
        "get_customer_email",
        "get_customer_phone",
        "get_customer_bookings",
    )

    # The booking -----------------------------------------------------------

    def get_customer(self, booking: Booking) -> Customer | None:
        """The customer of the booking (an instance of the customer model), or None.

        None means a walk-in: nobody to give points, credits, packages or
        per-customer limits to; the booking is still priced and checked out.
        """
        return getattr(booking, self.customer_field)

    def get_service(self, booking: Booking) -> Service:
        """What is booked (an instance of the service model)."""
        return getattr(booking, self.service_field)

    def get_staff(self, booking: Booking) -> Staff | None:
        """Who delivers it (an instance of the staff model), or None when nobody is named."""
        return getattr(booking, self.staff_field, None)

    def get_start(self, booking: Booking) -> datetime.datetime:
        """Aware start datetime of the appointment (a naive one is read in the
        business's time zone, ``LOYALTY_PROMOS["TIME_ZONE"]``). Overriding it?
        Set ``start_lookup`` too."""
        return self.make_aware(getattr(booking, self.start_field))

    def get_end(self, booking: Booking) -> datetime.datetime:
        """Aware end datetime of the appointment (per-hour prices count real
        hours from ``get_start`` to it)."""
        return self.make_aware(getattr(booking, self.end_field))

    def get_price(self, booking: Booking) -> Decimal:
        """List price (a ``Decimal``) before any pricing rule or discount: the
        booking's ``price_field``, else its service's ``service_price_field``."""
        price = getattr(booking, self.price_field, None)
        if price is None:
            price = getattr(self.get_service(booking), self.service_price_field)
        return Decimal(price)

    def get_currency(self, booking: Booking) -> str:
        """ISO 4217 code of the booking's amounts (default ``LOYALTY_PROMOS["CURRENCY"]``)."""
        currency: str = conf.app_settings.CURRENCY
        return currency

    def get_series_key(self, booking: Booking) -> str | None:
        """A value shared by all occurrences of a recurring series, else None.

        Promo codes counting "per booking" count one use per series.
        """
        series = getattr(booking, f"{self.series_field}_id", None)
        if series is None:
            series = getattr(booking, self.series_field, None)
        return None if series in (None, "") else str(series)

    def is_cancelled(self, booking: Booking) -> bool:
        """True when the booking is cancelled: its charge is voided, its code use released."""
        return getattr(booking, self.status_field, None) in self.cancelled_statuses

    def start_condition(self, comparison: str, moment: datetime.datetime) -> dict[str, Any]:
        """Filter arguments comparing a booking's ``start_lookup`` with ``moment``.

        ``{"<start_lookup>__<comparison>": moment}``, e.g. ``comparison="lt"``
        for the bookings before ``moment``. When ``start_lookup`` leads to a
        date field (``"session__date"``), ``moment`` is compared as the
        business's date (``LOYALTY_PROMOS["TIME_ZONE"]``): Django would turn an
        aware datetime into a date in ``settings.TIME_ZONE``, and a class at
        01:30 in Bucharest is still the day before in UTC.
        """
        lookup = self.start_lookup
        if _is_date_only(get_booking_model(), lookup):
            return {f"{lookup}__{comparison}": clock.local(moment).date()}
        return {f"{lookup}__{comparison}": moment}

    # The customer ----------------------------------------------------------

    def get_customer_name(self, customer: Customer) -> str:
        """Name shown to staff and in messages: ``get_full_name()``, else ``str(customer)``."""
        get_full_name = getattr(customer, "get_full_name", None)
        name = get_full_name() if callable(get_full_name) else ""
        return name or str(customer)

    def get_customer_email(self, customer: Customer) -> str:
        """Address for points notifications and shared codes; ``""`` when none."""
        return getattr(customer, "email", "") or ""

    def get_customer_phone(self, customer: Customer) -> str:
        """Number for codes sent by SMS (``SMS_SENDER``); ``""`` when none."""
        return getattr(customer, "phone", "") or ""

    def get_customer_language(self, customer: Customer) -> str | None:
        """The language code messages to ``customer`` are written in, or None.

        Used for shared codes: a message left as the app wrote it goes out in
        this language (one of ``settings.LANGUAGES``); None, or a language the
        site does not offer, means the site's language (``LANGUAGE_CODE``).
        Default: None. A host that stores a preferred language returns it.
        """
        return None

    def get_customer_bookings(self, customer: Customer) -> models.QuerySet[Any]:
        """The customer's bookings as a queryset of the booking model, oldest first.

        Used by the first-booking and Nth-visit rules and by package
        assignment, which filter it further by ``start_lookup``. Override to
        leave bookings out (cancelled ones, say); keep it a queryset.
        """
        return (
            get_booking_model()
            ._default_manager.filter(**{self.customer_lookup: customer})
            .order_by(self.start_lookup, "pk")
        )

    def build_booking(
        self,
        customer: Customer | None,
        service: Service,
        staff: Staff | None,
        start: datetime.datetime,
        end: datetime.datetime | None = None,
    ) -> Booking:
        """An unsaved booking for a customer, service, staff member and start.

        The booking-form field and the live-price endpoint check codes and
        price a booking before its row exists: they build it here and read it
        with the ``get_*`` methods above; the app never saves it. ``end``
        defaults to ``start`` plus the service's ``service_duration_field``
        minutes (else ``default_duration``). Default: an instance of the
        booking model with the ``*_field`` attributes set. A host whose
        booking has another shape (date and time apart, a slot on a related
        object) overrides it and returns an unsaved instance its own
        ``get_*`` methods can read.
        """
        start = self.make_aware(start)
        if end is None:
            minutes = getattr(service, self.service_duration_field, None)
            end = start + (
                datetime.timedelta(minutes=minutes) if minutes else self.default_duration
            )
        values = {
            self.customer_field: customer,
            self.service_field: service,
            self.start_field: start,
            self.end_field: self.make_aware(end),
        }
        if staff is not None:
            values[self.staff_field] = staff
        model = get_booking_model()
        missing = missing_booking_fields(model, values)
        if missing:
            raise ImproperlyConfigured(build_booking_message(type(self), model, missing))
        return model(**values)

    def get_bookable_staff(self) -> models.QuerySet[Any]:
        """The staff a customer may name when asking the price online (the live price's and
        the REST quote's ``staff``): any other id is refused as an unknown choice.

        Default: every row of the staff model. A host whose staff model is the user
        model narrows it (``User.objects.filter(groups__name="Teachers")``, or
        ``none()`` when bookings name nobody), so customers cannot probe user ids.
        """
        return get_staff_model()._default_manager.all()

    def get_customer_for_user(self, user: Any) -> Customer | None:
        """The customer a logged-in user is, or None (anonymous, or not a customer).

        Used by the customer-facing pages, the booking-form field and the REST
        API: whatever it returns is the only customer whose data they show.
        Default: the user itself when the customer model is the user model.
        A host whose customers are a model of their own overrides it, e.g.
        ``return Customer.objects.filter(user=user).first()`` (a one-to-one),
        or matches a verified e-mail address.
        """
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        if isinstance(user, get_customer_model()):
            return user
        return None

    def anonymise_customer(self, customer: Customer) -> None:
        """Erase the personal data of ``customer`` in the host's own model.

        Called by ``services.customers.anonymise_customer`` (and the
        ``anonymise_customer`` command) inside its transaction, after our
        snapshots are blanked; the customer row itself must stay, since the
        ledgers point at it. Only the host knows its model, so the default
        refuses: override it (blank the name, email, phone… and save).
        """
        raise NotImplementedError(
            f"{type(self).__name__}.anonymise_customer() is not implemented: the booking "
            "adapter must erase the personal data of the host's customer model "
            "(see the integration guide, 'Deleting customers and bookings')."
        )

    # Helpers for subclasses ------------------------------------------------

    @staticmethod
    def make_aware(value: datetime.datetime) -> datetime.datetime:
        """``value`` unchanged when aware; a naive value is read in the business's time zone.

        The business's zone is ``LOYALTY_PROMOS["TIME_ZONE"]``, else
        ``settings.TIME_ZONE`` — never the zone a request activated.
        """
        return clock.make_aware(value)

    @classmethod
    def combine(cls, day: datetime.date, time: datetime.time) -> datetime.datetime:
        """An aware datetime from a date and a time stored apart (business's time zone)."""
        return cls.make_aware(datetime.datetime.combine(day, time))

    @staticmethod
    def local(moment: datetime.datetime) -> datetime.datetime:
        """``moment`` on the business's wall clock: the inverse of :meth:`combine`, for a
        ``build_booking`` that stores the date and the times apart (``.date()``, ``.time()``)."""
        return clock.local(moment)


@functools.cache
def _is_date_only(model: type[models.Model], lookup: str) -> bool:
    """Whether the ORM path ``lookup`` on ``model`` ends on a date (not datetime) field."""
    try:
        _path, field, _targets, rest = Query(model).names_to_path(
            lookup.split(LOOKUP_SEP), model._meta, fail_on_missing=True
        )
    except FieldError:
        return False  # reported by check loyalty_promos.E007
    return (
        not rest
        and isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
    )


@functools.cache
def get_adapter() -> DefaultBookingAdapter:
    """The configured adapter instance (``LOYALTY_PROMOS["BOOKING_ADAPTER"]``)."""
    path = conf.app_settings.BOOKING_ADAPTER
    try:
        adapter_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"LOYALTY_PROMOS['BOOKING_ADAPTER'] = {path!r} cannot be imported: {exc}"
        ) from exc
    adapter: DefaultBookingAdapter = adapter_class()
    return adapter


def missing_booking_fields(model: type[models.Model], names: Any) -> list[str]:
    """Which of ``names`` the booking ``model`` has no field for (``build_booking``'s default)."""
    missing = []
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            missing.append(name)
    return missing


def build_booking_message(adapter: type, model: type[models.Model], missing: list[str]) -> str:
    """Why the default ``build_booking`` cannot build a booking of ``model``."""
    return (
        f"{adapter.__name__}.build_booking() is the default, which sets the fields "
        f"{', '.join(repr(name) for name in missing)}, but {model._meta.label} has no such "
        "field: the booking form's promo code and the live price (loyalty_promos:quote) "
        "cannot build the booking being made. Override build_booking(customer, service, "
        "staff, start, end=None) to return an unsaved booking your get_* methods read."
    )


def customer_for_user(user: Any) -> Customer | None:
    """The customer a logged-in user is, through the adapter; None for anyone else."""
    return get_adapter().get_customer_for_user(user)


@receiver(setting_changed)
def _forget_adapter(*, setting: str, **kwargs: Any) -> None:
    """A test (or a host) changing ``LOYALTY_PROMOS`` may name another adapter."""
    if setting == "LOYALTY_PROMOS":
        get_adapter.cache_clear()


def booking_relations(prefix: str = "booking") -> list[str]:
    """``select_related`` paths to the booking's customer, service and staff, when they exist.

    A booking's ``__str__`` usually names them; lists that show bookings load
    them in the same query instead of one query per row. A custom adapter
    without such fields gives an empty list.
    """
    adapter = get_adapter()
    model = get_booking_model()
    paths = []
    for name in (
        getattr(adapter, "customer_field", None),
        getattr(adapter, "service_field", None),
        getattr(adapter, "staff_field", None),
    ):
        try:
            field = model._meta.get_field(name) if name else None
        except FieldDoesNotExist:
            continue
        if field is not None and field.many_to_one:
            paths.append(f"{prefix}__{name}")
    return paths
