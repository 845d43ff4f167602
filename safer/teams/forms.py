"""Forms for team pages: contact details, duty status and team membership."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from safer.lib import phones
from safer.lib.govuk import GovukForm
from safer.teams.actions import validate_duty_until
from safer.teams.models import AbstractionReason, Person, Rank
from safer.teams.photos import PhotoError, process_photo


def normalise_uk_mobile(value: str) -> str:
    """A UK mobile number in E.164 (+447700900123), or ValidationError; shown with phones.national."""
    return phones.normalise(value, mobile=True)


class ContactDetailsForm(GovukForm):
    work_mobile = forms.CharField(
        label="Work mobile",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "type": "tel", "class": "govuk-input--width-20"}
        ),
    )
    work_email = forms.EmailField(
        label="Work email",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.police.uk"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    biography = forms.CharField(
        label="About this person",
        required=False,
        max_length=2000,
        help_text="A few sentences for the public team page. No more than 2,000 characters.",
        error_messages={"max_length": "About this person must be 2,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photo = forms.FileField(
        label="Photo",
        required=False,
        help_text="A JPEG, PNG or WebP image smaller than 10 MB. It is resized to 600 pixels.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)
    photo_alt = forms.CharField(
        label="Photo description",
        required=False,
        max_length=200,
        help_text="Describe the photo for people who cannot see it, for example "
        "'PCSO Sam Example smiling, in uniform'.",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "work_mobile": phones.national(person.work_mobile),
                **{f: getattr(person, f) for f in ("work_email", "biography", "photo_alt")},
            },
        )
        super().__init__(*args, **kwargs)
        self.person = person
        if not person.photo:
            del self.fields["remove_photo"]

    def clean_work_mobile(self) -> str:
        value = self.cleaned_data["work_mobile"].strip()
        return normalise_uk_mobile(value) if value else ""

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if not isinstance(upload, UploadedFile):
            raise ValidationError("The selected file could not be read")
        try:
            return process_photo(upload)
        except PhotoError as error:
            raise ValidationError(str(error), code="invalid_image")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keeps_photo = bool(self.person.photo) and not data.get("remove_photo")
        if (data.get("photo") or keeps_photo) and not data.get("photo_alt", "").strip():
            self.add_error("photo_alt", "Enter a description of the photo")
        return data

    def changes(self) -> dict[str, Any]:
        """The fields to pass to actions.update_contact_details."""
        data = self.cleaned_data
        fields: dict[str, Any] = {f: data[f] for f in ("work_mobile", "work_email", "biography", "photo_alt")}
        if data.get("photo"):
            fields["photo"] = data["photo"]
        elif data.get("remove_photo"):
            fields["photo"] = ""
            fields["photo_alt"] = ""
        return fields


class DutyForm(GovukForm):
    status = forms.ChoiceField(
        label="Duty status",
        choices=[
            ("on", "On duty in the community (patrol and engagement)"),
            ("station", "On duty in the station (neighbourhood work)"),
            ("abstracted", "Abstracted to other duties"),
            ("off", "Off duty"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a duty status"},
    )
    reason = forms.ChoiceField(
        label="Reason for the abstraction",
        required=False,
        choices=[("", "Choose a reason"), *AbstractionReason.choices],
        help_text="Only when abstracted to other duties.",
    )
    until = forms.DateTimeField(
        label="Until",
        required=False,
        help_text="When this status ends: a time in the next 24 hours. Required when on duty.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": "Enter a date and time, like 2026-03-01 17:30"},
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input--width-20"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        until = data.get("until")
        if data.get("status") == "abstracted" and not data.get("reason"):
            self.add_error("reason", "Choose why you were abstracted to other duties")
        if data.get("status") != "off" and until is None and "until" not in self.errors:
            self.add_error("until", "Enter when this duty status ends")
        if until is not None:
            try:
                validate_duty_until(until, self.now)
            except ValidationError as error:
                self.add_error("until", error)
        return data


class AddMemberForm(GovukForm):
    person = forms.ModelChoiceField(
        label="Someone already on the system",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose a person",
        help_text="Or leave this and enter a new person below.",
    )
    given_name = forms.CharField(label="First name of a new person", required=False, max_length=100)
    family_name = forms.CharField(label="Last name of a new person", required=False, max_length=100)
    collar_number = forms.CharField(
        label="Collar number",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    role = forms.ChoiceField(
        label="Role in this team",
        choices=Rank.choices,
        error_messages={"required": "Choose the person's role in this team"},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new = data.get("given_name", "").strip() or data.get("family_name", "").strip()
        if data.get("person") and new:
            self.add_error("person", "Choose someone already on the system or enter a new person, not both")
        elif not data.get("person"):
            if not data.get("given_name", "").strip():
                self.add_error("given_name", "Choose someone already on the system, or enter a first name")
            if not data.get("family_name", "").strip():
                self.add_error("family_name", "Enter the new person's last name")
        return data


TEAM_PHONE = re.compile(r"^\+?[0-9][0-9 ()]{1,24}[0-9)]( ?(ext\.?|extension) ?[0-9]{1,6})?$", re.IGNORECASE)


class TeamDetailsForm(GovukForm):
    description = forms.CharField(
        label="About the team",
        required=False,
        max_length=1000,
        help_text="What the team does and where, in two or three sentences. It is the first thing "
        "people read on the team page.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "About the team must be 1,000 characters or fewer"},
    )
    email = forms.EmailField(
        label="Team email address",
        required=False,
        help_text="A shared inbox the team reads, not a person's own address.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like snt.malvern@example.police.uk"
        },
    )
    telephone = forms.CharField(
        label="Team telephone number",
        required=False,
        max_length=40,
        help_text="For example 101 extension 4321, or 01905 123456.",
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

    def clean_telephone(self) -> str:
        value = " ".join(self.cleaned_data["telephone"].split())
        if value and not TEAM_PHONE.match(value):
            raise ValidationError("Enter a telephone number, like 01905 123456 or 101 extension 4321")
        return value


class TrainingImportForm(GovukForm):
    file = forms.FileField(
        label="Training records (CSV)",
        help_text=(
            "Exported from the learning system with the columns collar_number, course, completed_on "
            "and expires_on. Nothing is imported if any line is wrong."
        ),
        error_messages={"required": "Choose a CSV file to import"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload
