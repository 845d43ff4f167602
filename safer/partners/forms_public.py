"""The public ASB Case Review application, one question page at a time (GOV.UK pattern)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from safer.lib import phones
from safer.lib.govuk import DateInput, GovukForm, style_fields
from safer.partners.models.casereview import ApplyingFor, ReportedTo
from safer.places.locate import neighbourhood_for_postcode
from safer.places.models import Neighbourhood, normalise_postcode

MAX_REPORTS = 5


class WhoForm(GovukForm):
    applying_for = forms.ChoiceField(
        label="Who are you applying for?",
        choices=ApplyingFor.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are applying for yourself or someone else"},
        help_text="A family member, carer, councillor or MP may apply for someone, with their consent.",
    )


class VictimForm(GovukForm):
    victim_name = forms.CharField(
        label="Full name of the person you are applying for",
        max_length=200,
        error_messages={"required": "Enter the full name of the person you are applying for"},
    )
    relationship = forms.CharField(
        label="How do you know them?",
        max_length=100,
        help_text="For example: daughter, carer, their councillor.",
        error_messages={"required": "Enter how you know them"},
    )
    consent_confirmed = forms.BooleanField(
        label="They have agreed in writing that I can apply for them",
        help_text="We may ask to see their consent before the review.",
        error_messages={"required": "You need their written consent to apply for them"},
    )


class YouForm(GovukForm):
    applicant_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="Applications cannot be anonymous.",
        error_messages={"required": "Enter your full name"},
    )
    applicant_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="We send your reference and updates here.",
    )
    applicant_phone = forms.CharField(
        label="UK mobile number", required=False, max_length=40, help_text="If you have no email address."
    )
    postcode = forms.CharField(
        label="Postcode where the anti-social behaviour affects you",
        max_length=10,
        help_text="This tells us which area's partners review your case.",
        error_messages={"required": "Enter a postcode"},
    )

    neighbourhood: Neighbourhood | None = None

    def clean_applicant_phone(self) -> str:
        return phones.normalise(self.cleaned_data.get("applicant_phone", ""), mobile=True)

    def clean_postcode(self) -> str:
        raw = normalise_postcode(self.cleaned_data.get("postcode", ""))
        found = neighbourhood_for_postcode(raw) if raw else None
        if found is None or found.current_area() is None:
            raise forms.ValidationError(
                "Enter a full postcode in our area, like WR5 1AA. "
                "For other areas, apply to that area's council."
            )
        self.neighbourhood = found
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("applicant_email")
            and not data.get("applicant_phone")
            and not self.errors.get("applicant_phone")
        ):
            self.add_error(
                "applicant_email", "Enter an email address or a mobile number so we can tell you the outcome"
            )
        return data


class BehaviourForm(GovukForm):
    behaviour = forms.CharField(
        label="What is happening?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Describe the behaviour, how often it happens and how it affects you.",
        error_messages={"required": "Describe what is happening"},
    )
    location = forms.CharField(
        label="Where does it happen?",
        max_length=300,
        help_text="A street, a building or a place.",
        error_messages={"required": "Enter where it happens"},
    )
    hate_related = forms.TypedChoiceField(
        label="Do you think it is because of who you are (hate related)?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )


class ReportsForm(GovukForm):
    """Up to five earlier reports; the first is required."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_REPORTS + 1):
            required = n == 1
            self.fields[f"date_{n}"] = forms.DateField(
                label=f"Report {n}: date you reported it",
                required=required,
                widget=DateInput,
                error_messages={
                    "required": "Enter the date of at least one report",
                    "invalid": f"Enter a real date for report {n}",
                },
            )
            self.fields[f"to_{n}"] = forms.ChoiceField(
                label=f"Report {n}: who you reported it to",
                required=required,
                choices=[("", "Choose"), *ReportedTo.choices],
                error_messages={"required": f"Select who you reported it to for report {n}"},
            )
            self.fields[f"ref_{n}"] = forms.CharField(
                label=f"Report {n}: reference number (optional)", required=False, max_length=60
            )
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for n in range(1, MAX_REPORTS + 1):
            day, to = data.get(f"date_{n}"), data.get(f"to_{n}")
            if day and day > today:
                self.add_error(f"date_{n}", f"The date of report {n} must be today or in the past")
            if day and not to and not self.errors.get(f"to_{n}"):
                self.add_error(f"to_{n}", f"Select who you reported it to for report {n}")
            if to and not day and not self.errors.get(f"date_{n}"):
                self.add_error(f"date_{n}", f"Enter the date of report {n}")
        return data

    def reports(self) -> list[tuple[dt.date, str, str]]:
        d = self.cleaned_data
        return [
            (d[f"date_{n}"], d[f"to_{n}"], d.get(f"ref_{n}", ""))
            for n in range(1, MAX_REPORTS + 1)
            if d.get(f"date_{n}") and d.get(f"to_{n}")
        ]

    def rows(self) -> list[list[Any]]:
        return [[self[f"date_{n}"], self[f"to_{n}"], self[f"ref_{n}"]] for n in range(1, MAX_REPORTS + 1)]
