"""A spa whose models look nothing like the conventional ones."""

from django.conf import settings
from django.db import models


class Treatment(models.Model):
    title = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return self.title


class Therapist(models.Model):
    display_name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.display_name


class Slot(models.Model):
    """A bookable slot: the day and the times are stored apart."""

    therapist = models.ForeignKey(Therapist, models.CASCADE, related_name="slots")
    day = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at}–{self.ends_at}"


class Reservation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="reservations")
    treatment = models.ForeignKey(Treatment, models.PROTECT, related_name="reservations")
    slot = models.ForeignKey(Slot, models.PROTECT, related_name="reservations")
    cancelled = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} · {self.treatment} · {self.slot}"
