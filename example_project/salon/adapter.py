"""How loyalty_promos reads the salon's appointments.

The salon's field names are the conventional ones, so the default adapter
already fits; we only say which statuses are cancellations and keep the
cancelled ones out of a customer's booking history.
"""

from loyalty_promos.integration import DefaultBookingAdapter

from .models import Customer


class SalonAdapter(DefaultBookingAdapter):
    cancelled_statuses = frozenset({"cancelled"})

    def get_customer_bookings(self, customer):
        return super().get_customer_bookings(customer).exclude(status="cancelled")

    def get_customer_language(self, customer):
        return customer.language or None

    def get_customer_for_user(self, user):
        # A client who books online has a login linked to their customer row.
        if not getattr(user, "is_authenticated", False):
            return None
        return Customer.objects.filter(user=user).first()

    def anonymise_customer(self, customer):
        customer.first_name, customer.last_name = "Anonymised", f"#{customer.pk}"
        customer.email = customer.phone = ""
        customer.user = None
        customer.save(update_fields=["first_name", "last_name", "email", "phone", "user"])
