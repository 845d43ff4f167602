"""Forms for the victims pages (GOV.UK markup through safer.lib.govuk)."""

from __future__ import annotations

from typing import Any

from django import forms

from safer.lib.govuk import GovukForm
from safer.victims.models import RepeatVictimContact


class VictimContactForm(GovukForm):
    incident = forms.TypedChoiceField(coerce=int, label="Incident")
    method = forms.ChoiceField(choices=RepeatVictimContact.Method.choices, label="How")
    contacted_on = forms.DateField(label="Date of contact", widget=forms.DateInput(attrs={"type": "date"}))
    referred = forms.BooleanField(required=False, label="Referred to the victim service")

    def __init__(self, *args: Any, incidents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].choices = incidents  # type: ignore[attr-defined]
