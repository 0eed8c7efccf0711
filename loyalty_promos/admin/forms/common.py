"""Form fields shared by several areas."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class WeekdaysField(forms.TypedMultipleChoiceField):
    """Weekday check boxes stored as a sorted list of ints (Monday = 0)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Weekdays"))
        kwargs.setdefault("help_text", _("Days of the appointment. None ticked: every day."))
        super().__init__(
            choices=WEEKDAYS,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )

    def clean(self, value):
        return sorted(set(super().clean(value)))
