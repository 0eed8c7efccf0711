"""One face for every test host, so a behaviour is written once and run against each.

``tests/test_host_contract.py`` asks the ``host`` fixture (``tests/conftest.py``)
for customers, services and bookings; the fixture hands back the :class:`Host`
of the active settings module:

* :class:`SalonHost` — the example salon (``tests.settings``): a ``Customer``
  model, ``Service.price``, ``Appointment.start``/``end``, a staff model,
  lower-case statuses;
* :class:`StudioHost` — the studio (``tests.projects.studio.settings``): a
  ``Member`` with ``full_name``, ``Course.fee``, the date and times on a
  ``Session``, no staff, drop-ins, upper-case states.

Each host builds its objects with the factories of ``tests/factories.py``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from loyalty_promos.services import clock
from tests import factories


class Host:
    """What a contract test may ask of a host (every method saves what it makes)."""

    #: The label of its booking model, as ``LOYALTY_PROMOS_BOOKING_MODEL`` names it.
    booking_model: str
    #: The currency its charges are written in.
    currency: str

    def customer(self, name: str = "Ana Pop", email: str = ""):
        """A new customer named ``name`` (first and last name, one space between)."""
        raise NotImplementedError

    def service(self, *, price: str | Decimal = "50.00", title: str | None = None):
        """A new service (course, treatment …) listed at ``price``."""
        raise NotImplementedError

    def staff(self):
        """A staff member a coupon or rule can be restricted to."""
        raise NotImplementedError

    def booking(
        self, customer, service, *, start: datetime.datetime, minutes: int = 60, walk_in=False
    ):
        """A booked (not cancelled) booking of ``service`` at ``start`` (aware).

        ``walk_in=True`` books it without a customer (``customer`` is ignored).
        """
        raise NotImplementedError

    def cancel(self, booking) -> None:
        """Cancel ``booking`` the host's way (its status), and save it."""
        raise NotImplementedError

    def reload(self, booking):
        return type(booking)._default_manager.get(pk=booking.pk)


class SalonHost(Host):
    booking_model = "salon.Appointment"
    currency = "EUR"

    def customer(self, name="Ana Pop", email=""):
        first, _, last = name.partition(" ")
        return factories.CustomerFactory(
            first_name=first, last_name=last, email=email or f"{first.lower()}@example.com"
        )

    def service(self, *, price="50.00", title=None):
        extra = {"name": title} if title else {}
        return factories.ServiceFactory(price=Decimal(price), **extra)

    def staff(self):
        return factories.StaffFactory()

    def booking(self, customer, service, *, start, minutes=60, walk_in=False):
        return factories.AppointmentFactory(
            customer=None if walk_in else customer,
            service=service,
            staff=None,
            start=start,
            end=start + datetime.timedelta(minutes=minutes),
        )

    def cancel(self, booking):
        booking.status = "cancelled"
        booking.save()


class StudioHost(Host):
    booking_model = "studio.Enrolment"
    currency = "RON"

    def customer(self, name="Ana Pop", email=""):
        return factories.MemberFactory(
            full_name=name, mail=email or f"{name.split()[0].lower()}@studio.example"
        )

    def service(self, *, price="50.00", title=None):
        extra = {"title": title} if title else {}
        return factories.CourseFactory(fee=Decimal(price), **extra)

    def staff(self):
        return factories.StaffUserFactory()  # no staff model: teachers are users

    def booking(self, customer, service, *, start, minutes=60, walk_in=False):
        local = clock.local(start)  # the session's date and times are the studio's clock
        end = clock.local(start + datetime.timedelta(minutes=minutes))
        session = factories.SessionFactory(
            course=service, date=local.date(), begins=local.time(), ends=end.time()
        )
        return factories.EnrolmentFactory(member=None if walk_in else customer, session=session)

    def cancel(self, booking):
        booking.state = "CANCELLED"
        booking.save()


HOSTS = {host.booking_model: host for host in (SalonHost(), StudioHost())}


def active_host() -> Host:
    """The host whose booking model the active settings name."""
    label = settings.LOYALTY_PROMOS_BOOKING_MODEL
    try:
        return HOSTS[label]
    except KeyError:
        raise LookupError(f"No test host in tests/hosts.py books {label!r}.") from None
