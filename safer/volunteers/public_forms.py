"""The ride-along application's question pages, one short form a page (GOV.UK question pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from safer.lib import phones
from safer.lib.govuk import DateInput, GovukForm
from safer.places.models import PolicingArea

YES_NO = [("yes", "Yes"), ("no", "No")]

# What an observer may not do (Essex's published rules; the force's own list may differ).
RESTRICTIONS = [
    "You will not go into people's homes or other private premises.",
    "You will not go to domestic abuse incidents.",
    "You will not touch detainees or members of the public.",
    "You will not be in the car during response driving or pursuits: officers will drop you somewhere safe.",
    "You will keep what you see and hear confidential, and will not post about it online.",
    "You will follow the officers' instructions at all times; they may end the ride-along early.",
]


class EligibilityForm(GovukForm):
    date_of_birth = forms.DateField(
        widget=DateInput(), label="What is your date of birth?", help_text="For example, 27 3 1990."
    )
    lives_in_area = forms.ChoiceField(
        choices=YES_NO, widget=forms.RadioSelect, label="Do you live in the force area?"
    )
    convictions = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Do you have any criminal convictions or cautions?",
        help_text="Saying yes does not stop you applying: our vetting team will look at your application.",
    )

    def clean_date_of_birth(self) -> dt.date:
        dob: dt.date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if dob > today:
            raise forms.ValidationError("Your date of birth must be in the past.")
        if dob.year < today.year - 110:
            raise forms.ValidationError("Enter a real date of birth.")
        return dob


class AboutYouForm(GovukForm):
    name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField(label="Email address", help_text="We will write to you about your application.")
    phone = forms.CharField(
        max_length=20, label="Phone number", help_text="A UK number, for example 07700 900123."
    )
    area = forms.ModelChoiceField(
        queryset=PolicingArea.objects.none(),
        widget=forms.RadioSelect,
        label="Which part of the force area would you like to observe?",
        empty_label=None,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1500,
        label="Why would you like to go on a ride-along?",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = PolicingArea.objects.current()  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        phone = phones.normalise(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError("Enter a phone number.")
        return phone


class RestrictionsForm(GovukForm):
    accept = forms.BooleanField(
        label="I have read these rules and will keep to them, and I will sign the confidentiality "
        "agreement, observer briefing sheet and risk assessment on the day.",
        error_messages={"required": "You must agree to the rules to apply."},
    )
