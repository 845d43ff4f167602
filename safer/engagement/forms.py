"""Forms for engagement pages, rendered as GOV.UK Frontend markup (lib.govuk)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from safer.engagement.actions import NewQuestion
from safer.engagement.models import (
    ConcernCategory,
    ConcernSource,
    CorrespondenceChannel,
    EventKind,
    EventTag,
    MeetingMode,
    PrioritySource,
    Question,
    QuestionKind,
    StationStatus,
    Survey,
    UpdateFrequency,
    WriterKind,
)
from safer.lib.govuk import GovukForm, style_fields
from safer.places.models import Parish
from safer.teams.models import Person

REPEATS = {
    "": ("Does not repeat", ""),
    "weekly": ("Every week", "FREQ=WEEKLY"),
    "fortnightly": ("Every two weeks", "FREQ=WEEKLY;INTERVAL=2"),
    "monthly": ("Every month", "FREQ=MONTHLY"),
}


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"Enter a real {label.lower()}"},
    )


def _time(label: str, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter a real {label.lower()}, like 14:30",
        },
    )


def _text(
    label: str, max_length: int, required: bool = True, area: bool = False, help_text: str = ""
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 4}) if area else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={"required": f"Enter the {label.lower()}"},
    )


class EventForm(GovukForm):
    kind = forms.ChoiceField(label="What kind of event", choices=EventKind.choices, widget=forms.RadioSelect)
    title = _text("Title", 200)
    description = _text("Description", 4000, required=False, area=True)
    address = _text(
        "Address", 300, help_text="Where people will find you, e.g. Market Square car park, Ledbury"
    )
    latitude = forms.FloatField(label="Latitude (optional)", required=False, min_value=49, max_value=61)
    longitude = forms.FloatField(label="Longitude (optional)", required=False, min_value=-9, max_value=3)
    date = _date("Date")
    start_time = _time("Start time")
    end_time = _time("End time")
    repeat = forms.ChoiceField(
        label="Repeats",
        choices=[(k, v[0]) for k, v in REPEATS.items()],
        required=False,
        widget=forms.RadioSelect,
    )
    repeat_count = forms.IntegerField(
        label="How many times in all (if it repeats)",
        required=False,
        min_value=2,
        max_value=52,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    parish = forms.ModelChoiceField(label="Parish (optional)", queryset=Parish.objects.none(), required=False)
    attendees = forms.ModelMultipleChoiceField(
        label="Who from the team will be there",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.MultipleChoiceField(
        label="What the event is for (optional)",
        help_text="The charter counts school visits, seldom-heard groups, beat meetings and drop-ins.",
        choices=EventTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publish = forms.BooleanField(
        label="Publish now on the team's page, calendar feed and police.uk feed", required=False
    )

    def __init__(
        self, *args: Any, parishes: QuerySet[Parish], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parish"].queryset = parishes  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = people  # type: ignore[attr-defined]
        self.fields["attendees"].label_from_instance = lambda p: p.display_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        if data.get("repeat") and not data.get("repeat_count"):
            self.add_error("repeat_count", "Enter how many times the event happens in all")
        return data

    def event_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        rule = REPEATS[data.get("repeat") or ""][1]
        if rule:
            rule = f"{rule};COUNT={data['repeat_count']}"
        return {
            "kind": data["kind"],
            "title": data["title"].strip(),
            "description": data["description"].strip(),
            "address": data["address"].strip(),
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "start": dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz),
            "end": dt.datetime.combine(data["date"], data["end_time"], tzinfo=tz),
            "rrule": rule,
            "parish": data["parish"],
            "tags": list(data.get("tags") or []),
        }


class CancelForm(GovukForm):
    reason = _text(
        "Reason for cancelling", 300, help_text="This is shown on the event and sent to subscribers"
    )


class OutcomeForm(GovukForm):
    attendance = forms.IntegerField(
        label="How many people came",
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
    )
    issues_raised = _text("Issues raised", 4000, required=False, area=True)
    concerns = forms.MultipleChoiceField(
        label="Concerns people raised",
        choices=ConcernCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StationStatusForm(GovukForm):
    status = forms.ChoiceField(
        label="What the A-board says now", choices=StationStatus.choices, widget=forms.RadioSelect
    )
    available_until = _time("Available until", required=False)
    status_note = _text("Note for the public (optional)", 200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == StationStatus.AVAILABLE_UNTIL and not data.get("available_until"):
            self.add_error("available_until", "Enter until what time officers are available")
        return data


class AgreementForm(GovukForm):
    agreed_on = _date("Date agreed")
    updates = _text("What updates the council gets", 2000, area=True)
    frequency = forms.ChoiceField(
        label="How often", choices=UpdateFrequency.choices, widget=forms.RadioSelect
    )
    meetings_per_quarter = forms.IntegerField(
        label="Meetings attended each quarter",
        min_value=0,
        max_value=13,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class MeetingForm(GovukForm):
    date = _date("Date of the meeting")
    mode = forms.ChoiceField(label="How we attended", choices=MeetingMode.choices, widget=forms.RadioSelect)
    attended_by = forms.ModelMultipleChoiceField(
        label="Who attended",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who attended"},
    )
    notes = _text("Notes", 4000, required=False, area=True)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended_by"].queryset = people  # type: ignore[attr-defined]
        self.fields["attended_by"].label_from_instance = lambda p: p.display_name  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("Record a meeting once it has happened")
        return day


class ConcernForm(GovukForm):
    category = forms.ChoiceField(
        label="What is the concern about", choices=ConcernCategory.choices, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(
        label="Where was it raised", choices=ConcernSource.choices, widget=forms.RadioSelect
    )
    parish = forms.ModelChoiceField(label="Parish or ward", queryset=Parish.objects.none(), required=False)
    detail = _text("Detail (no names or personal details)", 2000, required=False, area=True)

    def __init__(self, *args: Any, parishes: QuerySet[Parish], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parish"].queryset = parishes  # type: ignore[attr-defined]


class PriorityForm(GovukForm):
    issue = _text("Issue (you said)", 4000, area=True)
    issue_date = _date("Date set")
    source = forms.ChoiceField(
        label="Where the priority came from",
        choices=[c for c in PrioritySource.choices if c[0]],
        widget=forms.RadioSelect,
        required=False,
        help_text="The charter counts priorities that came from the public.",
    )
    action = _text("Action (we did)", 4000, required=False, area=True)
    action_date = _date("Date of the action", required=False)


class CorrespondenceForm(GovukForm):
    writer_kind = forms.ChoiceField(label="Who wrote", choices=WriterKind.choices, widget=forms.RadioSelect)
    writer_name = _text("Writer's name", 200)
    writer_from = _text("Where from (organisation, town or address)", 300, required=False)
    channel = forms.ChoiceField(
        label="Letter or email", choices=CorrespondenceChannel.choices, widget=forms.RadioSelect
    )
    received_on = _date("Date received")
    subject = _text("Subject", 200)
    reply_due = _date("Reply date agreed with the writer")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        received, due = data.get("received_on"), data.get("reply_due")
        if received and due and due < received:
            self.add_error("reply_due", "The reply date must be on or after the date received")
        if received and received > timezone.localdate():
            self.add_error("received_on", "The date received cannot be in the future")
        return data


class ReplyForm(GovukForm):
    replied_on = _date("Date of the reply")
    reply_summary = _text("Summary of the reply", 4000, area=True)


class SurveyForm(GovukForm):
    """A survey's questions as fields named q<id>; a neighbourhood-wide survey also asks the parish."""

    def __init__(self, *args: Any, survey: Survey, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        if survey.parish_id is None:
            self.fields["parish"] = forms.ModelChoiceField(
                # Optional like every answer (staff are told so): it places concerns on the
                # parish ranking when given.
                label="Which parish or ward do you live or work in? (optional)",
                queryset=survey.neighbourhood.parishes.order_by("name"),
                required=False,
                empty_label="Choose your parish or ward",
            )
        for q in questions:
            self.fields[f"q{q.pk}"] = self._field(q)
        self._apply_govuk()

    def _apply_govuk(self) -> None:
        style_fields(self)

    @staticmethod
    def _field(q: Question) -> forms.Field:
        required = {"required": "Answer this question"}
        if q.kind == QuestionKind.CONCERN:
            return forms.MultipleChoiceField(
                label=q.text,
                help_text=q.hint,
                required=q.required,
                choices=ConcernCategory.choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages=required,
            )
        if q.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                label=q.text,
                help_text=q.hint,
                required=q.required,
                choices=[(c, c) for c in q.choices],
                widget=forms.RadioSelect,
                error_messages=required,
            )
        if q.kind == QuestionKind.SCALE:
            labels = {q.scale_min: q.scale_low_label, q.scale_max: q.scale_high_label}
            choices = [
                (str(n), f"{n} ({labels[n]})" if labels.get(n) else str(n))
                for n in range(q.scale_min, q.scale_max + 1)
            ]
            return forms.TypedChoiceField(
                label=q.text,
                help_text=q.hint,
                required=q.required,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages=required,
            )
        return forms.CharField(
            label=q.text,
            help_text=q.hint or "Do not include names or personal details.",
            required=q.required,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages=required,
        )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


NEW_QUESTION_KINDS = [
    (QuestionKind.CHOICE, "Choose one of a list of options"),
    (QuestionKind.SCALE, "A scale from 1 (lowest) to 5 (highest)"),
    (QuestionKind.TEXT, "Free text"),
]
QUESTION_SLOTS = 3  # offered at first; "Add another question" adds one at a time
MAX_QUESTION_SLOTS = 20
MAX_OPTIONS = 20


class NewSurveyForm(GovukForm):
    """A survey for one neighbourhood: its title, description, dates and up to 20 questions. A
    question left blank is left out."""

    title = _text("Title", 200, help_text="For example, Policing priorities in Ledbury 2027")
    introduction = _text(
        "Description",
        2000,
        required=False,
        area=True,
        help_text="Shown above the questions: what the survey is for and how you will use the answers",
    )
    opens_on = _date("Opening date")
    closes_on = _date("Closing date")
    ask_concerns = forms.BooleanField(
        label="Ask which concerns people have (each one chosen is recorded as a concern for their parish)",
        required=False,
    )

    def __init__(self, *args: Any, slots: int = QUESTION_SLOTS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = max(1, min(slots, MAX_QUESTION_SLOTS))
        self.questions: list[NewQuestion] = []
        for n in range(1, self.slots + 1):
            self.fields[f"q{n}_text"] = _text(f"Question {n}", 300, required=False)
            self.fields[f"q{n}_kind"] = forms.ChoiceField(
                label=f"How people answer question {n}",
                choices=NEW_QUESTION_KINDS,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"q{n}_options"] = _text(
                f"Options for question {n}",
                4000,
                required=False,
                area=True,
                help_text="Only for a choose-one question: one option a line",
            )
        style_fields(self)

    @property
    def can_add_question(self) -> bool:
        return self.slots < MAX_QUESTION_SLOTS

    def survey_part(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "introduction", "opens_on", "closes_on", "ask_concerns")]

    def question_parts(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"q{n}_{part}"] for part in ("text", "kind", "options")])
            for n in range(1, self.slots + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        elif closes and closes < timezone.localdate():
            self.add_error("closes_on", "The closing date must be today or later")
        self.questions = [q for n in range(1, self.slots + 1) if (q := self._question(n, data))]
        if not self.questions and not data.get("ask_concerns") and not self.errors:
            self.add_error("q1_text", "Add at least one question, or ask which concerns people have")
        return data

    def _question(self, n: int, data: dict[str, Any]) -> NewQuestion | None:
        text = (data.get(f"q{n}_text") or "").strip()
        kind = data.get(f"q{n}_kind") or ""
        options = tuple(dict.fromkeys(x.strip() for x in (data.get(f"q{n}_options") or "").splitlines()))
        options = tuple(x for x in options if x)
        if not text:
            if kind or options:
                self.add_error(f"q{n}_text", f"Enter question {n}, or clear its answers to leave it out")
            return None
        if not kind:
            self.add_error(f"q{n}_kind", f"Choose how people answer question {n}")
            return None
        if kind != QuestionKind.CHOICE:
            return NewQuestion(kind, text)
        if len(options) < 2:
            self.add_error(f"q{n}_options", f"Enter at least two options for question {n}, one a line")
        elif len(options) > MAX_OPTIONS:
            self.add_error(f"q{n}_options", f"Give question {n} no more than {MAX_OPTIONS} options")
        elif any(len(x) > 200 for x in options):
            self.add_error(f"q{n}_options", f"Keep each option of question {n} to 200 characters or fewer")
        else:
            return NewQuestion(kind, text, options)
        return None

    def survey_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "introduction": data["introduction"].strip(),
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
        }
