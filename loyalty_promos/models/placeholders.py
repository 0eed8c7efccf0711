"""Swappable placeholders for the host's models.

They exist only so that our ForeignKeys can be written
``ForeignKey(settings.LOYALTY_PROMOS_BOOKING_MODEL, …)`` and the shipped
migrations say ``to=settings.LOYALTY_PROMOS_BOOKING_MODEL`` instead of a host
label, the way ``auth.User`` and django-waffle's ``Flag`` work. A host always
swaps them for its own models; while one is still in use, the system check
``loyalty_promos.E001`` stops the site with a hint.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        swappable = "LOYALTY_PROMOS_CUSTOMER_MODEL"
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    name = models.CharField(_("name"), max_length=200)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)

    class Meta:
        swappable = "LOYALTY_PROMOS_SERVICE_MODEL"
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        swappable = "LOYALTY_PROMOS_STAFF_MODEL"
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        swappable = "LOYALTY_PROMOS_BOOKING_MODEL"
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return str(self.start)
