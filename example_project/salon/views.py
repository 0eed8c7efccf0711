"""The salon's public side: log in, book an appointment with the live price, see it booked."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import DetailView, FormView

from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import LoyaltyPromosError
from loyalty_promos.portal.views import CustomerRequiredMixin

from .booking import book_appointment
from .forms import BookingForm
from .models import Appointment


class LoginView(auth_views.LoginView):
    template_name = "salon/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(base_template=app_settings.PORTAL_BASE_TEMPLATE, **kwargs)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("salon:login")


class BookView(CustomerRequiredMixin, FormView):
    """Choose a service, a staff member and a time; a promo code; how to pay.

    "Update price" (the page without JavaScript) shows the price and books nothing.
    """

    template_name = "salon/book.html"
    form_class = BookingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request, "customer": self.customer}

    def form_valid(self, form):
        if "update_price" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            appointment = book_appointment(
                self.customer,
                data["service"],
                data["staff"],
                data["start"],
                **form.get_checkout_options(),
            )
        except LoyaltyPromosError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect("salon:booked", pk=appointment.pk)


class BookedView(CustomerRequiredMixin, DetailView):
    """The booking confirmation, with its payment state ("Paid with credits")."""

    template_name = "salon/booked.html"
    context_object_name = "appointment"

    def get_queryset(self):
        return Appointment.objects.filter(customer=self.customer).select_related("service", "staff")
