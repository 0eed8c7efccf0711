"""The worked adapter of the integration guide (docs/integration.rst)."""

from loyalty_promos.integration import DefaultBookingAdapter


class SpaAdapter(DefaultBookingAdapter):
    customer_field = "user"  # the customer is the user model (customer_lookup follows)
    service_field = "treatment"  # its price is the list price
    start_lookup = "slot__day"  # get_start reads the slot: where queries find the start

    def get_staff(self, booking):
        return booking.slot.therapist

    def get_start(self, booking):
        return self.combine(booking.slot.day, booking.slot.starts_at)

    def get_end(self, booking):
        return self.combine(booking.slot.day, booking.slot.ends_at)

    def is_cancelled(self, booking):
        return booking.cancelled

    def get_customer_bookings(self, customer):
        return super().get_customer_bookings(customer).order_by("slot__day", "slot__starts_at")
