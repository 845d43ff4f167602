"""Forms for the prevention pages (GOV.UK markup through safer.lib.govuk)."""

from __future__ import annotations

from typing import Any

from django import forms

from safer.lib.govuk import GovukForm
from safer.problems.models import PreventionVisit


class VisitForm(GovukForm):
    target = forms.ChoiceField(label="Street or postcode visited")
    households = forms.IntegerField(min_value=1, max_value=500, initial=8, label="Homes visited")
    delivered = forms.ChoiceField(choices=PreventionVisit.Delivered.choices, label="What was done")
    visited_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t, t) for t in targets]  # type: ignore[attr-defined]
