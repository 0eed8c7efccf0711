"""The example salon's own models: a host site as loyalty_promos finds it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    """A client of the salon; most have no login, so this is not the user model."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("client since"), auto_now_add=True)
    #: The language messages to this client are written in; empty: the salon's own.
    language = models.CharField(
        _("language"), max_length=15, choices=settings.LANGUAGES, blank=True
    )
    #: The login of a client who books online (most have none).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salon_customer",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.get_full_name()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Service(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    name = models.CharField(_("name"), max_length=100)
    services = models.ManyToManyField(Service, blank=True, verbose_name=_("services"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.name


class RecurringSeries(models.Model):
    """Appointments booked together, e.g. every Tuesday for six weeks."""

    label = models.CharField(_("label"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recurring series")
        verbose_name_plural = _("recurring series")

    def __str__(self) -> str:
        return self.label


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("no-show")

    #: Empty for a walk-in: someone served without a customer record.
    customer = models.ForeignKey(
        Customer,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("customer"),
    )
    service = models.ForeignKey(
        Service, models.PROTECT, related_name="appointments", verbose_name=_("service")
    )
    staff = models.ForeignKey(
        Staff,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("staff member"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    series = models.ForeignKey(
        RecurringSeries,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("recurring series"),
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["customer", "start"])]

    def __str__(self) -> str:
        when = timezone.localtime(self.start).strftime("%Y-%m-%d %H:%M")
        who = self.customer if self.customer_id is not None else _("Walk-in")
        return f"{who} · {self.service} · {when}"
