"""Guard rails on rule forms: show what saving changes, ask to confirm broad or extreme changes."""

from __future__ import annotations

import copy

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from loyalty_promos.services import impact


class ImpactFormMixin(forms.Form):
    """For a ModelForm: ``clean()`` computes :attr:`impact` on the unsaved values and, when
    the change is broad or extreme, refuses until ``confirm_impact`` is ticked.

    Subclasses name the service in :meth:`compute_impact`.
    """

    confirm_impact = forms.BooleanField(
        label=_("Save anyway"),
        required=False,
        help_text=_("Tick it once you have read what this change does to upcoming appointments."),
    )
    impact: impact.Impact | None = None

    def compute_impact(self, candidate, data) -> impact.Impact:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        candidate = construct_instance(self, copy.copy(self.instance))
        self.impact = self.compute_impact(candidate, data)
        if self.impact.needs_confirmation and not data.get("confirm_impact"):
            raise forms.ValidationError(
                _("%(impact)s Read it, tick “Save anyway” below and save again.")
                % {"impact": self.impact.text()},
                code="confirm_impact",
            )
        return data


def chosen(data, name):
    return list(data.get(name) or [])
