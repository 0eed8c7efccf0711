"""The worked adapter of the integration guide (docs/integration.rst)."""

from loyalty_promos.integration import DefaultBookingAdapter

from .models import Reservation, Slot


class SpaAdapter(DefaultBookingAdapter):
    customer_field = "user"  # the customer is the user model (customer_lookup follows)
    service_field = "treatment"  # its price is the list price
    start_lookup = "slot__day"  # get_start reads the slot: where queries find the start

    def get_staff(self, booking):
        slot = booking.slot
        return slot.therapist if slot.therapist_id else None  # "anyone" while booking

    def get_start(self, booking):
        return self.combine(booking.slot.day, booking.slot.starts_at)

    def get_end(self, booking):
        return self.combine(booking.slot.day, booking.slot.ends_at)

    def is_cancelled(self, booking):
        return booking.cancelled

    def get_customer_bookings(self, customer):
        return super().get_customer_bookings(customer).order_by("slot__day", "slot__starts_at")

    def build_booking(self, customer, service, staff, start, end=None):
        # The booking being made (the booking form, the live price): unsaved, on an unsaved slot.
        start = self.make_aware(start)
        end = self.make_aware(end) if end else start + self.default_duration
        local_start, local_end = self.local(start), self.local(end)
        slot = Slot(
            therapist=staff,
            day=local_start.date(),
            starts_at=local_start.time(),
            ends_at=local_end.time(),
        )
        return Reservation(user=customer, treatment=service, slot=slot)
