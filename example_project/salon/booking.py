"""Booking online: the salon's own service function (host code, not loyalty_promos's).

The appointment is created and checked out in one transaction: a code that was
used up meanwhile, a gift card emptied, credits spent elsewhere — whatever
``api.checkout`` refuses — leaves no appointment behind.
"""

from django.db import transaction

from loyalty_promos import api
from loyalty_promos.integration import get_adapter


def book_appointment(customer, service, staff, start, **options):
    """Create the customer's appointment and check it out (``options``: code, gift
    card, credits, reward); returns the appointment. Raises what ``api.checkout`` raises."""
    with transaction.atomic():
        appointment = get_adapter().build_booking(customer, service, staff, start)
        appointment.save()
        api.checkout(appointment, **options)
    return appointment
