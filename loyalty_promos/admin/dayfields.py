"""Date-time fields where a date alone is a whole day: "valid until 31 December" includes the 31st.

Staff type the day and often leave the time empty. Django's split date-time
field then refuses the form ("Enter a valid time"), and a time of 00:00 would
end a code's validity as the day begins. Here an empty time means the end of
that day for an end (23:59:59 on the business's wall clock,
``services.clock``), and its start (00:00) for a start. A time typed in is
kept as it is.

``LabelledDatesMixin`` (admin/mixins.py) uses them for the model fields its
ModelAdmin names in ``day_start_fields`` and ``day_end_fields``; plain forms
declare them directly.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from loyalty_promos.services import clock

#: The last second of a day on the business's wall clock (no microseconds are shown anywhere).
END_OF_DAY = datetime.time(23, 59, 59)
START_OF_DAY = datetime.time(0, 0)


class DayStartDateTimeField(forms.SplitDateTimeField):
    """A date and an optional time; the date alone is the start of that day."""

    day_time = START_OF_DAY
    hint = _("Time left empty: from the start of that day.")

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", widgets.AdminSplitDateTime)
        kwargs.pop("require_all_fields", None)
        help_text = kwargs.get("help_text")
        kwargs["help_text"] = format_lazy("{} {}", help_text, self.hint) if help_text else self.hint
        super().__init__(require_all_fields=False, **kwargs)
        date_field, time_field = self.fields
        date_field.required = True  # a time without its date is incomplete
        time_field.required = False

    def compress(self, data_list):
        if not data_list:
            return None
        day, time = data_list
        if day in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if time in self.empty_values:
            return clock.make_aware(datetime.datetime.combine(day, self.day_time))
        return super().compress(data_list)


class DayEndDateTimeField(DayStartDateTimeField):
    """A date and an optional time; the date alone is the end of that day (23:59:59)."""

    day_time = END_OF_DAY
    hint = _("Time left empty: until the end of that day.")
