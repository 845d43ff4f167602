"""Forms for the volunteers' staff pages (GOV.UK markup through safer.lib.govuk). Every choice of a
neighbourhood, area, person, group or suite is limited to what the account may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.utils import timezone

from safer.accounts.scopes import CADET_LEADERS, in_scope, neighbourhoods_in_scope
from safer.lib import phones
from safer.lib.govuk import DateInput, DateTimeInput, GovukFormMixin
from safer.teams.models import Person, Rank
from safer.volunteers import access
from safer.volunteers.models import (
    Advice,
    AdvisoryAction,
    AdvisoryGroup,
    AdvisoryMeeting,
    AdvisoryMember,
    Cadet,
    CadetSession,
    CadetUnit,
    CustodySuite,
    CustodyVisit,
    CustodyVisitor,
    GroupContact,
    RotaSlot,
    SpecialDuty,
    SupportShift,
    YouthSession,
)

User = AbstractBaseUser | AnonymousUser


class ScopedForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A model form told who is filling it in, so its choices can be limited to their scope."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.limit()

    def limit(self) -> None:
        if "neighbourhood" in self.fields:
            self.fields["neighbourhood"].queryset = neighbourhoods_in_scope(self.user)  # type: ignore[attr-defined]
        if "area" in self.fields:
            self.fields["area"].queryset = access.areas_in_scope(self.user)  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day


def _people(user: User, rank: str) -> Any:
    nbs = neighbourhoods_in_scope(user)
    return Person.objects.filter(rank=rank, memberships__neighbourhood__in=nbs).distinct()


class SpecialDutyForm(ScopedForm):
    class Meta:
        model = SpecialDuty
        fields = ["person", "neighbourhood", "date", "duty_type", "hours"]
        widgets = {"date": DateInput()}
        labels = {"person": "Special constable", "hours": "Hours"}

    def limit(self) -> None:
        super().limit()
        self.fields["person"].queryset = _people(self.user, Rank.SPECIAL)  # type: ignore[attr-defined]


class SupportShiftForm(ScopedForm):
    class Meta:
        model = SupportShift
        fields = ["person", "neighbourhood", "date", "role", "hours"]
        widgets = {"date": DateInput()}
        labels = {"person": "Volunteer", "role": "Volunteer role"}

    def limit(self) -> None:
        super().limit()
        self.fields["person"].queryset = _people(self.user, Rank.VOLUNTEER)  # type: ignore[attr-defined]


class YouthSessionForm(ScopedForm):
    class Meta:
        model = YouthSession
        fields = ["neighbourhood", "date", "setting", "organisation", "topic", "attendance"]
        widgets = {"date": DateInput(), "setting": forms.RadioSelect}
        labels = {"attendance": "Young people taking part"}


class GroupContactForm(ScopedForm):
    class Meta:
        model = GroupContact
        fields = ["neighbourhood", "date", "kind", "group_name", "purpose"]
        widgets = {"date": DateInput(), "kind": forms.RadioSelect}
        labels = {"kind": "Kind of group"}


class CadetUnitForm(ScopedForm):
    class Meta:
        model = CadetUnit
        fields = ["name", "kind", "neighbourhood", "meeting_place", "leaders"]
        widgets = {"kind": forms.RadioSelect, "leaders": forms.CheckboxSelectMultiple}
        help_texts = {"leaders": "Only these leaders, and the safeguarding lead, will see the unit's cadets."}

    def limit(self) -> None:
        super().limit()
        field = self.fields["leaders"]
        field.queryset = AuthUser.objects.filter(staff__role__in=CADET_LEADERS).order_by("username")  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean_leaders(self) -> Any:
        leaders = self.cleaned_data["leaders"]
        if not leaders:
            raise forms.ValidationError("Choose at least one vetted leader for the unit.")
        return leaders


class CadetForm(ScopedForm):
    class Meta:
        model = Cadet
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "joined_on",
            "carer_name",
            "carer_phone",
            "health_form_on",
        ]
        widgets = {"date_of_birth": DateInput(), "joined_on": DateInput(), "health_form_on": DateInput()}
        labels = {"carer_name": "Parent or carer's name", "carer_phone": "Parent or carer's phone number"}

    def __init__(self, *args: Any, unit: CadetUnit, **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    def clean_carer_phone(self) -> str:
        return phones.normalise(self.cleaned_data["carer_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob, joined = data.get("date_of_birth"), data.get("joined_on")
        if dob and joined:
            low, high = CadetUnit.AGES[CadetUnit.Kind(self.unit.kind)]
            age = Cadet(date_of_birth=dob).age_on(joined)
            if not low <= age <= high:
                self.add_error(
                    "date_of_birth",
                    f"A {self.unit.get_kind_display()} cadet must be {low} to {high} when they join; "
                    f"this child is {age}.",
                )
        return data


class CadetSessionForm(ScopedForm):
    present = forms.ModelMultipleChoiceField(
        queryset=Cadet.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Who came"
    )

    class Meta:
        model = CadetSession
        fields = ["date", "kind", "topic", "hours"]
        widgets = {"date": DateInput(), "kind": forms.RadioSelect}

    def __init__(self, *args: Any, unit: CadetUnit, **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = unit.cadets.filter(left_on__isnull=True)  # type: ignore[attr-defined]
        self.fields["present"].label_from_instance = str  # type: ignore[attr-defined]


class AdvisoryGroupForm(ScopedForm):
    class Meta:
        model = AdvisoryGroup
        fields = ["name", "kind", "area"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"area": "Local policing area"}


class AdvisoryMemberForm(ScopedForm):
    class Meta:
        model = AdvisoryMember
        fields = ["name", "declared_interests", "confidentiality_signed_on", "joined_on"]
        widgets = {"confidentiality_signed_on": DateInput(), "joined_on": DateInput()}
        labels = {"confidentiality_signed_on": "Confidentiality agreement signed on"}

    def clean_declared_interests(self) -> str:
        text: str = self.cleaned_data["declared_interests"].strip()
        if not text:
            raise forms.ValidationError('Enter the member\'s declared interests, or "none".')
        return text


class AdvisoryMeetingForm(ScopedForm):
    class Meta:
        model = AdvisoryMeeting
        fields = ["date", "members_present", "notes"]
        widgets = {"date": DateInput()}


class AdviceForm(ScopedForm):
    class Meta:
        model = Advice
        fields = ["kind", "subject", "requested_at", "given_at", "advice"]
        widgets = {"kind": forms.RadioSelect, "requested_at": DateTimeInput(), "given_at": DateTimeInput()}
        labels = {"requested_at": "Asked for advice at", "given_at": "Advice given at"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        asked, given = data.get("requested_at"), data.get("given_at")
        if asked and given and given < asked:
            self.add_error("given_at", "Advice cannot be given before it was asked for.")
        if given and not (data.get("advice") or "").strip():
            self.add_error("advice", "Enter the advice the group gave.")
        return data


class AdvisoryActionForm(ScopedForm):
    class Meta:
        model = AdvisoryAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}


class CloseActionForm(GovukFormMixin, forms.Form):
    closed_on = forms.DateField(widget=DateInput(), label="Closed on")
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Outcome")

    def clean_closed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["closed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day


class CustodySuiteForm(ScopedForm):
    class Meta:
        model = CustodySuite
        fields = ["name", "area", "visits_per_week"]
        labels = {"area": "Local policing area", "visits_per_week": "Visits a week on the rota"}


class CustodyVisitorForm(ScopedForm):
    class Meta:
        model = CustodyVisitor
        fields = ["name", "area", "vetted_on"]
        widgets = {"vetted_on": DateInput()}
        labels = {"area": "Local policing area"}


class PairForm(ScopedForm):
    """A form naming a suite and two visitors: both visitors in the account's scope, and different."""

    def limit(self) -> None:
        super().limit()
        suites = in_scope(self.user, CustodySuite.objects.all(), "area__neighbourhoods")
        visitors = in_scope(self.user, CustodyVisitor.objects.filter(active=True), "area__neighbourhoods")
        self.fields["suite"].queryset = suites  # type: ignore[attr-defined]
        self.fields["first_visitor"].queryset = visitors  # type: ignore[attr-defined]
        self.fields["second_visitor"].queryset = visitors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first_visitor") and data.get("first_visitor") == data.get("second_visitor"):
            self.add_error("second_visitor", "Visitors go in pairs: choose a second, different visitor.")
        return data


class RotaSlotForm(PairForm):
    class Meta:
        model = RotaSlot
        fields = ["suite", "week_starting", "first_visitor", "second_visitor"]
        widgets = {"week_starting": DateInput()}

    def clean_week_starting(self) -> dt.date:
        day: dt.date = self.cleaned_data["week_starting"]
        if day.weekday() != 0:
            raise forms.ValidationError("Enter a Monday: the rota runs week by week.")
        return day


class CustodyVisitForm(PairForm):
    class Meta:
        model = CustodyVisit
        fields = [
            "suite",
            "first_visitor",
            "second_visitor",
            "arrived_at",
            "left_at",
            "admission_delay_minutes",
            "delay_reason",
            "detainees_in_custody",
            "detainees_offered",
            "detainees_seen",
            "conditions",
            "issues_raised",
        ]
        widgets = {"arrived_at": DateTimeInput(), "left_at": DateTimeInput()}
        labels = {
            "admission_delay_minutes": "Minutes waited before being let in",
            "delay_reason": "Reason given for the delay, and the authorising inspector",
            "detainees_offered": "Detainees offered a visit",
            "detainees_seen": "Detainees seen (with their consent)",
            "conditions": "Conditions in the suite",
            "issues_raised": "Issues raised with the custody sergeant",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        arrived, left = data.get("arrived_at"), data.get("left_at")
        if arrived and arrived > timezone.now():
            self.add_error("arrived_at", "The visit cannot be in the future.")
        if arrived and left and left <= arrived:
            self.add_error("left_at", "The time you left must be after the time you arrived.")
        held, offered, seen = (
            data.get(k) for k in ("detainees_in_custody", "detainees_offered", "detainees_seen")
        )
        if None not in (held, offered) and offered > held:  # type: ignore[operator]
            self.add_error("detainees_offered", "More detainees were offered a visit than were in custody.")
        if None not in (offered, seen) and seen > offered:  # type: ignore[operator]
            self.add_error("detainees_seen", "More detainees were seen than were offered a visit.")
        if data.get("admission_delay_minutes") and not (data.get("delay_reason") or "").strip():
            self.add_error(
                "delay_reason", "A delay must be explained: enter the reason and who authorised it."
            )
        return data


class ResponseForm(GovukFormMixin, forms.Form):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=3000, label="The custody inspector's response"
    )
