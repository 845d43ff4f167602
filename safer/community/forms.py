"""Forms for watch schemes and Community Speed Watch, rendered as GOV.UK markup."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet

from safer.community.models import (
    Direction,
    GroupStatus,
    SchemeRequest,
    SchemeStatus,
    SchemeType,
    Site,
    SpeedWatchGroup,
)
from safer.lib.govuk import DateInput, GovukForm, GovukFormMixin, TimeInput
from safer.places.models import Neighbourhood, Parish, Postcode, normalise_postcode

POSTCODE_HINT = "For example WR1 2AB"
CONSENT_LABEL = (
    "I agree to receive this scheme's messages, and that its coordinators may see my email address to run it"
)


class GovukModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


def _postcode(value: str) -> str:
    compact = normalise_postcode(value)
    if not Postcode.objects.filter(postcode=compact).exists():
        raise forms.ValidationError("Enter a full postcode in this force's area, like WR1 2AB")
    return compact


class FindForm(GovukForm):
    postcode = forms.CharField(label="Your postcode", help_text=POSTCODE_HINT, max_length=10)

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])


class JoinForm(GovukForm):
    email = forms.EmailField(
        label="Your email address",
        help_text="The address you use for Neighbourhood Matters. We will email you a link to confirm.",
        max_length=254,
    )
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": "Tick the box to agree, or you cannot join"},
    )


class ConfirmJoinForm(GovukForm):
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": "Tick the box to agree, or you cannot join"},
    )


class StartSchemeForm(GovukModelForm):
    class Meta:
        model = SchemeRequest
        fields = ["name", "type", "postcode", "streets", "reason", "contact_name", "contact_email"]
        labels = {
            "name": "What would the scheme be called?",
            "type": "What kind of scheme?",
            "postcode": "A postcode in the area it would cover",
            "streets": "Which streets or postcodes would it cover? (optional)",
            "reason": "Why do you want to start it?",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {"postcode": POSTCODE_HINT, "streets": "One a line."}
        widgets = {
            "type": forms.RadioSelect,
            "streets": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])


class SchemeForm(GovukForm):
    name = forms.CharField(max_length=200, label="Name")
    type = forms.ChoiceField(choices=SchemeType.choices, widget=forms.RadioSelect, label="Type")
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none(), label="Neighbourhood")
    parish = forms.ModelChoiceField(
        queryset=Parish.objects.none(), required=False, label="Parish or ward (optional)"
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Description (optional)",
    )
    streets = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Streets or postcodes covered",
        help_text="One a line.",
    )
    area_points = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Drawn area (optional)",
        help_text="At least three corners as latitude,longitude, one a line, e.g. 52.1912,-2.2205",
    )
    households = forms.IntegerField(
        min_value=0, max_value=100000, initial=0, label="Households covered", help_text="0 if not known."
    )
    status = forms.ChoiceField(
        choices=SchemeStatus.choices, initial=SchemeStatus.ACTIVE, widget=forms.RadioSelect, label="Status"
    )
    started_on = forms.DateField(widget=DateInput, label="Started on")

    def __init__(self, *args: Any, neighbourhoods: QuerySet[Neighbourhood], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["parish"].queryset = Parish.objects.filter(neighbourhood__in=neighbourhoods)  # type: ignore[attr-defined]

    def clean_area_points(self) -> str:
        text = self.cleaned_data["area_points"]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            try:
                lat, lng = (float(v) for v in line.split(","))
            except ValueError:
                raise forms.ValidationError(f"Corner {number} is not latitude,longitude") from None
            if not (49 <= lat <= 61 and -9 <= lng <= 2):
                raise forms.ValidationError(f"Corner {number} is not in the United Kingdom")
        if lines and len(lines) < 3:
            raise forms.ValidationError("A drawn area needs at least three corners")
        return "\n".join(lines)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("streets", "").strip() and not data.get("area_points"):
            self.add_error("streets", "Give the streets or postcodes covered, or draw the area")
        parish, nb = data.get("parish"), data.get("neighbourhood")
        if parish and nb and parish.neighbourhood_id != nb.pk:
            self.add_error("parish", "Choose a parish in the scheme's neighbourhood")
        return data


class CoordinatorForm(GovukForm):
    username = forms.CharField(
        max_length=150,
        label="Coordinator's user name",
        help_text="Their account must have the coordinator role.",
    )
    vetted_on = forms.DateField(widget=DateInput, required=False, label="Police check date (optional)")


class DeclineForm(GovukForm):
    note = forms.CharField(
        max_length=500, label="Why it cannot be approved", widget=forms.Textarea(attrs={"rows": 3})
    )


class CoordinatorMessageForm(GovukForm):
    title = forms.CharField(max_length=120, label="Title")
    body = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 8}), label="Message")


# --- Community Speed Watch -------------------------------------------------------------------------


class SpeedWatchRequestForm(GovukModelForm):
    class Meta:
        model = SpeedWatchGroup
        fields = ["council_name", "clerk_name", "clerk_email", "roads", "concern"]
        labels = {
            "council_name": "Parish or town council",
            "clerk_name": "Clerk's name",
            "clerk_email": "Clerk's email address",
            "roads": "Which roads?",
            "concern": "What is the council's concern about speeding?",
        }
        widgets = {"roads": forms.Textarea(attrs={"rows": 3}), "concern": forms.Textarea(attrs={"rows": 5})}

    postcode = forms.CharField(label="A postcode on the road", help_text=POSTCODE_HINT, max_length=10)

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])


class SiteForm(GovukModelForm):
    class Meta:
        model = Site
        fields = [
            "name",
            "latitude",
            "longitude",
            "speed_limit",
            "threshold_override",
            "survey_mean_mph",
            "survey_p85_mph",
        ]
        labels = {
            "name": "Site",
            "latitude": "Latitude (optional)",
            "longitude": "Longitude (optional)",
            "speed_limit": "Speed limit",
            "threshold_override": "Letter threshold in mph (optional)",
            "survey_mean_mph": "Survey mean speed in mph (optional)",
            "survey_p85_mph": "Survey 85th percentile in mph (optional)",
        }
        widgets = {"speed_limit": forms.RadioSelect}


class SiteCheckForm(GovukForm):
    sight_lines_ok = forms.BooleanField(
        required=False, label="Drivers and volunteers can see each other in good time"
    )
    safe_place_ok = forms.BooleanField(
        required=False, label="There is a safe place to stand, off the road and not blocking the footway"
    )
    notes = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Risk assessment notes",
    )
    decision = forms.ChoiceField(
        choices=[("approve", "Approve the site"), ("refuse", "Do not approve it")],
        widget=forms.RadioSelect,
        label="Decision",
    )


class VolunteerForm(GovukForm):
    username = forms.CharField(
        max_length=150, label="Volunteer's user name", help_text="Their account must have the volunteer role."
    )
    date_of_birth = forms.DateField(
        widget=DateInput, label="Date of birth", help_text="Volunteers are aged 18 to 80."
    )
    trained_on = forms.DateField(widget=DateInput, required=False, label="Training completed on (optional)")


class GroupStatusForm(GovukForm):
    status = forms.ChoiceField(choices=GroupStatus.choices, widget=forms.RadioSelect, label="Status")


class BookForm(GovukForm):
    date = forms.DateField(widget=DateInput, label="Date")
    start = forms.TimeField(widget=TimeInput, label="Start", help_text="Between 7am and 10pm, in daylight.")
    end = forms.TimeField(widget=TimeInput, label="End", help_text="Two hours at most.")


class ReadingForm(GovukForm):
    """One vehicle. Without JavaScript it posts; with it, the page's script queues it on the phone
    and sends it when there is a signal. `client_id` is made when the form is drawn, so posting the
    same form twice stores one reading."""

    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    registration = forms.CharField(
        max_length=10,
        label="Registration",
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    speed = forms.IntegerField(
        min_value=1,
        max_value=150,
        label="Speed (mph)",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    make = forms.CharField(max_length=40, required=False, label="Make")
    model = forms.CharField(max_length=40, required=False, label="Model")
    colour = forms.CharField(max_length=30, required=False, label="Colour")
    direction = forms.ChoiceField(choices=Direction.choices, widget=forms.RadioSelect, label="Direction")
    time = forms.TimeField(widget=TimeInput, label="Time seen")


class SheetForm(GovukForm):
    sheet = forms.FileField(
        label="Log sheet (CSV)",
        help_text="Columns: registration, make, model, colour, speed, time, direction.",
    )


class FinishForm(GovukForm):
    vehicles_counted = forms.IntegerField(
        min_value=0, max_value=100000, required=False, label="Vehicles that passed in all (optional)"
    )
    device = forms.CharField(max_length=60, required=False, label="Speed device used (optional)")


class KeepersForm(GovukForm):
    keepers = forms.FileField(
        label="DVLA answers (CSV)",
        help_text="Columns: reference, keeper_name, address (lines split by ;), postcode.",
    )
