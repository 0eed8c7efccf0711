"""A yoga and dance studio whose models look nothing like the salon's.

* the customer is a ``Member`` (not the user model), with ``full_name``,
  ``mail`` and ``mobile``;
* the service is a ``Course``, whose price is its ``fee``;
* a ``Session`` is one dated occurrence of a course: the date and the times
  are stored apart, on this object related to the booking;
* the booking is an ``Enrolment``: its ``member`` is empty for a drop-in
  (walk-in), and its ``state`` is written in upper case;
* there is no staff model: teachers are the site's users, and an enrolment
  names none.
"""

from django.db import models


class Member(models.Model):
    full_name = models.CharField(max_length=150)
    mail = models.EmailField(blank=True)
    mobile = models.CharField(max_length=30, blank=True)
    joined = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Course(models.Model):
    title = models.CharField(max_length=100)
    fee = models.DecimalField(max_digits=8, decimal_places=2)

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One class of a course: its day and its times are separate fields."""

    course = models.ForeignKey(Course, models.PROTECT, related_name="sessions")
    date = models.DateField()
    begins = models.TimeField()
    ends = models.TimeField()
    #: A workshop priced apart from its course; empty: the course's fee.
    fee = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["date", "begins"]

    def __str__(self) -> str:
        return f"{self.course} {self.date} {self.begins:%H:%M}"


class Enrolment(models.Model):
    class State(models.TextChoices):
        BOOKED = "BOOKED", "Booked"
        ATTENDED = "ATTENDED", "Attended"
        CANCELLED = "CANCELLED", "Cancelled"

    #: Empty for a drop-in: someone who pays at the door without a membership.
    member = models.ForeignKey(
        Member, models.CASCADE, null=True, blank=True, related_name="enrolments"
    )
    session = models.ForeignKey(Session, models.PROTECT, related_name="enrolments")
    state = models.CharField(max_length=9, choices=State.choices, default=State.BOOKED)

    def __str__(self) -> str:
        return f"{self.member or 'Drop-in'} · {self.session}"
