"""Staff forms: reviewing an agreement, meetings and their actions, handling an ASB Case Review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from safer.lib.govuk import DateInput, GovukForm
from safer.partners.models import Agency
from safer.partners.models.forums import ActionStatus, Attendance


def _agency_choices(agencies: Any, police_label: str = "The police") -> list[tuple[str, str]]:
    return [("", police_label), *[(str(a.pk), a.name) for a in agencies]]


class AgreementReviewForm(GovukForm):
    reviewed_on = forms.DateField(label="Date of the review", widget=DateInput)
    next_review_date = forms.DateField(
        label="Next review date",
        widget=DateInput,
        help_text="Sharing stops after this date unless reviewed again.",
    )
    notes = forms.CharField(
        label="What changed (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reviewed, following = data.get("reviewed_on"), data.get("next_review_date")
        today = timezone.localdate()
        if reviewed and reviewed > today:
            self.add_error("reviewed_on", "The review date cannot be in the future.")
        if reviewed and following and following <= reviewed:
            self.add_error("next_review_date", "The next review date must be after the review.")
        if following and following > today + dt.timedelta(days=3 * 366):
            self.add_error("next_review_date", "Review an agreement at least every three years.")
        return data


class MeetingForm(GovukForm):
    held_on = forms.DateField(label="Date of the meeting", widget=DateInput)
    venue = forms.CharField(label="Venue (optional)", required=False, max_length=200)
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttendanceForm(GovukForm):
    agency = forms.ChoiceField(label="Organisation", required=False)
    representative = forms.CharField(label="Who attended (optional)", required=False, max_length=200)
    status = forms.ChoiceField(label="Attendance", choices=Attendance.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(agencies)  # type: ignore[attr-defined]


class ActionForm(GovukForm):
    description = forms.CharField(label="Action", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner_agency = forms.ChoiceField(label="Owned by", required=False)
    owner_name = forms.CharField(label="Person responsible (optional)", required=False, max_length=200)
    due_on = forms.DateField(label="Due (optional)", required=False, widget=DateInput)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = _agency_choices(agencies)  # type: ignore[attr-defined]


class ActionStatusForm(GovukForm):
    action = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)


def agency_from_choice(value: str, agencies: Any) -> Agency | None:
    """The agency picked (None = the police); ValueError if it is not one offered."""
    if not value:
        return None
    found = agencies.filter(pk=value).first() if value.isdigit() else None
    if found is None:
        raise ValueError("Choose an organisation from the list.")
    return found


# ASB Case Review handling.


class DecisionForm(GovukForm):
    threshold_met = forms.TypedChoiceField(
        label="Is the threshold met?",
        choices=[("yes", "Yes: hold a case review"), ("no", "No: the threshold is not met")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reasons",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to the applicant. With fewer qualifying complaints than the threshold, say how "
        "persistence, harm or potential harm and the adequacy of the response were weighed.",
    )


class ReviewForm(GovukForm):
    held_on = forms.DateField(label="Date the review was held", widget=DateInput)
    summary = forms.CharField(
        label="Outcome of the review", max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    recommendations = forms.CharField(
        label="Recommendations (optional)",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line. Start a line with an agency's name and a colon to give it to that agency.",
    )

    def clean_held_on(self) -> dt.date:
        held: dt.date = self.cleaned_data["held_on"]
        if held > timezone.localdate():
            raise forms.ValidationError("The review date cannot be in the future.")
        return held


class AppealRequestForm(GovukForm):
    requested_on = forms.DateField(
        label="Date the applicant asked for the decision to be looked at again", widget=DateInput
    )


class AppealDecisionForm(GovukForm):
    upheld = forms.TypedChoiceField(
        label="Outcome of the appeal",
        choices=[("yes", "Upheld: the case is looked at again"), ("no", "Not upheld: the decision stands")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reasons", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
