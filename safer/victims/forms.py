"""Forms for the victims pages (GOV.UK markup through safer.lib.govuk)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from safer.lib.govuk import GovukForm
from safer.victims.models import RepeatVictimContact


class VictimContactForm(GovukForm):
    incident = forms.TypedChoiceField(coerce=int, label="Incident")
    method = forms.ChoiceField(choices=RepeatVictimContact.Method.choices, label="How")
    contacted_on = forms.DateField(label="Date of contact", widget=forms.DateInput(attrs={"type": "date"}))
    referred = forms.BooleanField(required=False, label="Referred to the victim service")

    def __init__(
        self,
        *args: Any,
        incidents: list[tuple[int, str]],
        incident_days: dict[int, dt.date] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].choices = incidents  # type: ignore[attr-defined]
        self.incident_days = incident_days or {}

    # The date decides whether the contact was within the agreed time, so it must be a real one.
    def clean_contacted_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["contacted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of contact cannot be in the future")
        return day

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        earliest = self.incident_days.get(d.get("incident", 0))
        if earliest is not None and d.get("contacted_on") and d["contacted_on"] < earliest:
            self.add_error(
                "contacted_on",
                f"The date of contact must be on or after the incident, {earliest.day} {earliest:%B %Y}",
            )
        return d


# Victim records (issue 10).

from django.core.exceptions import ValidationError  # noqa: E402

from safer.crime.models import Incident  # noqa: E402
from safer.lib import phones  # noqa: E402
from safer.lib.govuk import DateInput, DateTimeInput  # noqa: E402
from safer.victims import rules  # noqa: E402
from safer.victims.logs import RetentionReview  # noqa: E402
from safer.victims.records import ConsentRecord, Leaflet, NeedsAssessment, Referral, Victim  # noqa: E402

NOT_ASKED = ""
CONSENT_CHOICES = [
    (ConsentRecord.Choice.GIVEN, "The victim gave explicit consent to be referred"),
    (ConsentRecord.Choice.NOT_OBJECTED, "The victim was told they will be referred and did not object"),
    (ConsentRecord.Choice.DECLINED, "The victim does not want to be referred"),
    (NOT_ASKED, "Not asked yet"),
]
DECISIONS = [
    ("Suspect arrested", "Suspect arrested"),
    ("Suspect interviewed under caution", "Suspect interviewed under caution"),
    ("Suspect released without charge", "Suspect released without charge"),
    ("Suspect released on bail", "Suspect released on bail"),
    ("Suspect released under investigation", "Suspect released under investigation"),
    ("Bail conditions changed", "Bail conditions changed"),
    ("Suspect charged", "Suspect charged"),
    ("Decision not to investigate further", "Decision not to investigate further"),
]


def _phone(value: str) -> str:
    return phones.normalise(value)


class VictimForm(GovukForm):
    kind = forms.ChoiceField(choices=Victim.Kind.choices, widget=forms.RadioSelect, label="Who we contact")
    name = forms.CharField(max_length=200, label="Name of the person we contact")
    acting_for = forms.CharField(
        max_length=200,
        required=False,
        label="Acting for",
        help_text="The victim (a child, or someone who lacks capacity) or the business they speak for.",
    )
    under_18 = forms.BooleanField(required=False, label="The victim was under 18 at the time of the offence")
    domestic_abuse = forms.BooleanField(required=False, label="The offence involves domestic abuse")
    sexual_offence = forms.BooleanField(required=False, label="The offence is a sexual offence")
    phone = forms.CharField(max_length=30, required=False, label="Telephone")
    email = forms.EmailField(required=False, label="Email address")
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=500, label="Address"
    )
    method = forms.ChoiceField(choices=Victim.Method.choices, label="How the victim wants us to contact them")
    update_every_days = forms.IntegerField(
        min_value=1,
        max_value=90,
        initial=28,
        label="Update every (days)",
        help_text="The frequency agreed with the victim.",
    )
    phone_unsafe = forms.BooleanField(required=False, label="The victim's own telephone is not safe to call")
    safe_phone = forms.CharField(max_length=30, required=False, label="A number that is safe to call")
    safe_times = forms.CharField(max_length=200, required=False, label="Safe times to call")
    no_messages = forms.BooleanField(required=False, label="Do not leave messages")
    no_letters = forms.BooleanField(required=False, label="Do not write to the address")
    safe_contact_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000, label="Safe contact notes"
    )
    consent = forms.ChoiceField(
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        label="Referral to support",
        help_text="Domestic abuse, sexual offences, bereaved relatives: explicit consent first.",
    )

    def __init__(self, *args: Any, incidents: list[Incident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incidents = incidents

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])

    def clean_safe_phone(self) -> str:
        return _phone(self.cleaned_data["safe_phone"])

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        kind = d.get("kind")
        if kind in (Victim.Kind.GUARDIAN, Victim.Kind.SPOKESPERSON, Victim.Kind.BUSINESS) and not d.get(
            "acting_for"
        ):
            self.add_error("acting_for", "Enter who this person acts for")
        if kind == Victim.Kind.GUARDIAN and not d.get("under_18"):
            self.add_error("under_18", "A parent or guardian acts for a victim under 18: tick this box")
        method = d.get("method")
        if method == Victim.Method.EMAIL and not d.get("email"):
            self.add_error("email", "Enter an email address, or choose another way to contact them")
        if method in (Victim.Method.PHONE, Victim.Method.TEXT) and not (
            d.get("phone") or d.get("safe_phone")
        ):
            self.add_error("phone", "Enter a telephone number, or choose another way to contact them")
        if method == Victim.Method.LETTER and (not d.get("address") or d.get("no_letters")):
            self.add_error("address", "Letters need an address, and must not be marked 'do not write'")
        if d.get("phone_unsafe") and not (d.get("safe_phone") or d.get("safe_contact_notes")):
            self.add_error(
                "safe_phone", "The victim's number is not safe: enter a safe number or safe contact notes"
            )
        if "kind" in d:
            probe = Victim(
                kind=d["kind"],
                domestic_abuse=d.get("domestic_abuse", False),
                sexual_offence=d.get("sexual_offence", False),
            )
            rule = rules.consent_rule(probe, self.incidents)
            if rule and d.get("consent") == ConsentRecord.Choice.NOT_OBJECTED:
                self.add_error(
                    "consent",
                    f"Explicit consent is needed first ({rule}): choose 'gave explicit consent', "
                    "'does not want to be referred' or 'not asked yet'",
                )
        return d


class ContactForm(VictimForm):
    """The contact agreement changed with the victim, and further incidents linked."""

    more = forms.CharField(
        max_length=60,
        required=False,
        label="Link another incident (crime reference)",
        help_text="Another incident this victim was a victim of, in your area.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.incidents_in_scope = kwargs.pop("incidents_in_scope")
        super().__init__(*args, **kwargs)
        del self.fields["consent"]
        self.fields["kind"].disabled = True

    def clean_more(self) -> list[Incident]:
        reference = self.cleaned_data["more"].strip()
        if not reference:
            return []
        found = self.incidents_in_scope.filter(reference__iexact=reference).first()
        if found is None:
            raise ValidationError("No incident with that crime reference in your area")
        return [found]


class AssessmentForm(GovukForm):
    categories = forms.MultipleChoiceField(
        choices=NeedsAssessment.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Enhanced Rights",
        help_text="Tick every category that applies; none if the victim does not qualify.",
    )
    needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, required=False, label="Needs"
    )
    interpreter = forms.CharField(max_length=100, required=False, label="Interpreter needed (language)")


class ConsentForm(GovukForm):
    choice = forms.ChoiceField(
        choices=[c for c in CONSENT_CHOICES if c[0]], widget=forms.RadioSelect, label="The victim's choice"
    )


class ReferralForm(GovukForm):
    kind = forms.ChoiceField(choices=Referral.Kind.choices, widget=forms.RadioSelect, label="Refer to")


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=[c for c in Referral.Outcome.choices if c[0] != Referral.Outcome.PENDING],
        label="What the service told us",
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(choices=DECISIONS, label="Key decision")
    decided_at = forms.DateTimeField(widget=DateTimeInput(), label="When it was made")


class UpdateForm(GovukForm):
    given_at = forms.DateTimeField(widget=DateTimeInput(), label="When the victim was updated")


class MeetForm(GovukForm):
    kind = forms.ChoiceField(
        choices=[("confirmation", "confirmation"), ("vps", "vps")], widget=forms.HiddenInput
    )


class LeafletForm(GovukForm):
    variant = forms.ChoiceField(choices=Leaflet.Variant.choices, widget=forms.RadioSelect, label="Format")
    channel = forms.ChoiceField(
        choices=Leaflet.Channel.choices, widget=forms.RadioSelect, label="How it reaches the victim"
    )


class PurposeForm(GovukForm):
    purpose = forms.CharField(max_length=300, label="What the analysis is for")
    valid_until = forms.DateField(widget=DateInput(), label="Needed until")


class RetentionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=RetentionReview.Decision.choices, widget=forms.RadioSelect, label="Decision"
    )
    reason = forms.CharField(max_length=300, label="Reason")
    next_review_on = forms.DateField(widget=DateInput(), required=False, label="Next review (if retained)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "retention-%s")  # the decision form on the same page has "decision"
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if d.get("decision") == RetentionReview.Decision.RETAIN and not d.get("next_review_on"):
            raise ValidationError("A record kept needs the date of its next review")
        return d
