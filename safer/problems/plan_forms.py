"""Forms for plans, responses, time, the hub and assessment (GOV.UK markup through safer.lib.govuk)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from safer.lib.govuk import GovukForm
from safer.partners.models import Agency
from safer.places.models import Neighbourhood, Parish
from safer.problems.models import Impact, LegalTool, OwnerKind, ProblemType, Response

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month_field(label: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=7,
        help_text="Year and month, for example 2024-03",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        **kwargs,
    )


class MonthsMixin:
    month_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name in self.month_fields:
            value = data.get(name)
            if value and not MONTH.match(value):
                self.add_error(name, "Enter a month as year and month, for example 2024-03")  # type: ignore[attr-defined]
        return data


class StartPlanForm(MonthsMixin, GovukForm):
    month_fields = ("first_month", "last_month")
    title = forms.CharField(max_length=150, label="Title", help_text="What the problem is and where.")
    objective = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Objective",
        help_text="What the plan is meant to achieve.",
    )
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none(), label="Neighbourhood")
    parish = forms.ModelChoiceField(queryset=Parish.objects.none(), required=False, label="Parish or ward")
    easting = forms.FloatField(label="Centre easting (metres)", min_value=0, max_value=700_000)
    northing = forms.FloatField(label="Centre northing (metres)", min_value=0, max_value=1_300_000)
    radius_m = forms.IntegerField(label="Radius (metres)", min_value=25, max_value=5000, initial=250)
    category = forms.CharField(
        max_length=40, required=False, label="Crime category", help_text="Blank for all crime."
    )
    first_month = _month_field("First month")
    last_month = _month_field("Last month")

    def __init__(self, *args: Any, neighbourhoods: QuerySet[Neighbourhood], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["parish"].queryset = Parish.objects.filter(neighbourhood__in=neighbourhoods)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        parish, nb = data.get("parish"), data.get("neighbourhood")
        if parish is not None and nb is not None and parish.neighbourhood_id != nb.pk:
            self.add_error("parish", "Choose a parish in the neighbourhood chosen.")
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and MONTH.match(first) and MONTH.match(last) and last < first:
            self.add_error("last_month", "The last month must not be before the first.")
        return data


class PlanForm(GovukForm):
    title = forms.CharField(max_length=150)
    objective = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    scanning = forms.CharField(
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The problem: what happens, to whom, where and when, and how it came to notice.",
    )
    analysis = forms.CharField(
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why it happens: what precedes it, where and why, when and why, how and why.",
    )
    victim = forms.CharField(max_length=1000, required=False, label="Victim or target")
    guardian = forms.CharField(max_length=1000, required=False, label="Guardian (of the victim)")
    offender = forms.CharField(max_length=1000, required=False, label="Offender")
    handler = forms.CharField(max_length=1000, required=False, label="Handler (of the offender)")
    location = forms.CharField(max_length=1000, required=False, label="Location")
    place_manager = forms.CharField(max_length=1000, required=False, label="Place manager")
    problem_type = forms.ChoiceField(
        choices=ProblemType.choices, required=False, label="Problem type", widget=forms.RadioSelect
    )
    response_goals = forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Response goals"
    )
    response_started = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    response_ended = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        s, e = data.get("response_started"), data.get("response_ended")
        if s and e and e < s:
            self.add_error("response_ended", "The response cannot end before it starts.")
        return data


class SignOffForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return for more work")], widget=forms.RadioSelect
    )
    note = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(GovukForm):
    note = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Review note")


class TimeForm(GovukForm):
    minutes = forms.IntegerField(min_value=1, max_value=1440, label="Minutes")
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    parish = forms.ModelChoiceField(queryset=Parish.objects.none(), required=False, label="Parish or ward")
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, neighbourhood: Neighbourhood, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parish"].queryset = neighbourhood.parishes.all()  # type: ignore[attr-defined]


class ResponseForm(GovukForm):
    kind = forms.ChoiceField(choices=Response.Kind.choices, label="Kind of response")
    description = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner_kind = forms.ChoiceField(choices=OwnerKind.choices, label="Owned by")
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(active=True),
        required=False,
        label="Partner agency",
        help_text="For a response owned by a partner agency: its partners can then update it.",
    )
    owner_name = forms.CharField(max_length=200, required=False, label="Owner's name (group or agency)")
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    legal_tool = forms.ChoiceField(choices=LegalTool.choices, required=False, label="Legal tool")
    served_at = forms.DateTimeField(
        required=False, label="Served at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    extended_to_48h = forms.BooleanField(required=False, label="Closure notice extended to 48 hours")
    warning = forms.ModelChoiceField(
        queryset=Response.objects.none(), required=False, label="Follows the warning"
    )

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["warning"].queryset = plan.responses.filter(legal_tool="cpw")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("owner_kind")
        if kind == OwnerKind.PARTNER and not data.get("owner_agency") and not data.get("owner_name"):
            self.add_error("owner_agency", "Choose the partner agency that owns this response.")
        if kind == OwnerKind.VOLUNTARY and not data.get("owner_name"):
            self.add_error("owner_name", "Name the group that owns this response.")
        if kind != OwnerKind.PARTNER:
            data["owner_agency"] = None
        return data


class ResponseUpdateForm(GovukForm):
    status = forms.ChoiceField(choices=Response.Status.choices, widget=forms.RadioSelect)
    update = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Progress note"
    )


class RequestForm(GovukForm):
    question = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Question")
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none())

    def __init__(self, *args: Any, neighbourhoods: QuerySet[Neighbourhood], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]


class AnswerForm(GovukForm):
    answer = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    analysis_url = forms.CharField(
        max_length=500,
        label="Address of the analysis",
        help_text="For example /crime/hot-spots/?neighbourhood=…",
    )


class AssessForm(MonthsMixin, GovukForm):
    month_fields = ("before_first", "before_last", "after_first", "after_last")
    before_first = _month_field("Before: first month")
    before_last = _month_field("Before: last month")
    after_first = _month_field("After: first month")
    after_last = _month_field("After: last month")
    buffer_m = forms.IntegerField(
        min_value=50, max_value=5000, initial=250, label="Buffer ring width (metres)"
    )
    control = forms.ModelMultipleChoiceField(
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Control neighbourhoods",
        help_text="Similar places the response did not reach; the target and buffer are left out of them.",
    )
    impact = forms.ChoiceField(choices=Impact.choices, widget=forms.RadioSelect, label="Impact")
    notes = forms.CharField(max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, neighbourhoods: QuerySet[Neighbourhood], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["control"].queryset = neighbourhoods  # type: ignore[attr-defined]


class WriteUpForm(GovukForm):
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-word-limit": "400"}),
        help_text="400 words or fewer.",
    )
    scanning = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "data-word-group": "sara"})
    )
    analysis = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "data-word-group": "sara"})
    )
    response = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "data-word-group": "sara"})
    )
    assessment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "data-word-group": "sara"})
    )
    references = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Not counted in the word limits."
    )
    public_title = forms.CharField(max_length=120, required=False, label="Public title: what we did about …")
    public_summary = forms.CharField(
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Public summary",
        help_text="No names, addresses or other personal details.",
    )


class ShareForm(GovukForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Share with")

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
