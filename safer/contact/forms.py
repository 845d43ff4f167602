"""The resident's contact form, the code form, and the staff assign and reply forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from safer.contact.emergency import emergency_phrases_in
from safer.contact.models import ReplyChannel
from safer.lib import phones
from safer.lib.govuk import GovukForm

BODY_MAX = 2000
# A reply by text goes out in one message of at most 918 characters (6 fragments, as GOV.UK Notify);
# the team's name, the reference and the footer take the rest.
SMS_REPLY_MAX = 750


class ContactForm(GovukForm):
    # The page's order, so the error summary lists problems top to bottom (the 999 question first).
    field_order = ["body", "not_emergency", "channel", "email", "mobile", "name"]

    body = forms.CharField(
        label="Your message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "class": "govuk-js-character-count"}),
        help_text="Do not use this form to report a crime or an emergency.",
        error_messages={
            "required": "Enter your message",
            "max_length": f"Your message must be {BODY_MAX:,} characters or fewer",
        },
    )
    name = forms.CharField(
        label="Your name (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    channel = forms.ChoiceField(
        label="How should the team reply?",
        choices=ReplyChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the team should reply"},
    )
    email = forms.EmailField(
        label="Email address (if you chose email)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    mobile = forms.CharField(
        label="UK mobile number (if you chose text message)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    not_emergency = forms.BooleanField(
        label="This is not an emergency: no one is in danger and no crime is happening now",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.emergency_phrases: list[str] = []
        # The character count's message (id_body-info) describes the box too.
        self.fields["body"].widget.attrs["aria-describedby"] = "body-hint id_body-info"
        # The character count says how far over the limit a message is; a maxlength would cut it off silently.
        self.fields["body"].widget.attrs.pop("maxlength", None)

    def clean_mobile(self) -> str:
        return phones.normalise(self.cleaned_data.get("mobile", ""), mobile=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("channel")
        if channel == ReplyChannel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter your email address, so the team can reply")
        if channel == ReplyChannel.SMS and not data.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", "Enter your mobile number, so the team can reply")
        self.emergency_phrases = emergency_phrases_in(data.get("body", "") or self.data.get("body", ""))
        if self.emergency_phrases and not data.get("not_emergency"):
            self.add_error(
                "not_emergency",
                "If this is an emergency, call 999 now. If it is not, confirm that it is not an emergency",
            )
        return data

    @property
    def is_emergency_like(self) -> bool:
        return bool(self.emergency_phrases)


class CodeForm(GovukForm):
    code = forms.CharField(
        max_length=12,
        label="Confirmation code",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the 6-digit code"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise ValidationError("Enter the 6-digit code from the text message")
        return code


class AssignForm(GovukForm):
    assignee = forms.ChoiceField(label="Assign to", required=False)

    def __init__(self, *args: Any, people: list[AbstractBaseUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        choices = [("", "No one")] + [(pk, _label(u)) for pk, u in self.people.items()]
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def chosen(self) -> AbstractBaseUser | None:
        return self.people.get(self.cleaned_data.get("assignee") or "")


def _label(user: AbstractBaseUser) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return f"{person.get_rank_display()} {person.full_name}"
    return user.get_username()


class ReplyForm(GovukForm):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 8, "class": "govuk-js-character-count"}),
        error_messages={"required": "Enter your reply"},
    )
    explains_delay = forms.BooleanField(
        label="This reply says why the answer is late and when to expect a full reply", required=False
    )
    offers_recourse = forms.BooleanField(
        label="This reply tells the resident how to take it further if they are unhappy", required=False
    )

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_length = SMS_REPLY_MAX if channel == ReplyChannel.SMS else BODY_MAX
        by = "text message" if channel == ReplyChannel.SMS else "email"
        self.fields[
            "body"
        ].help_text = (
            f"Sent to the resident by {by}, with their reference. Up to {self.max_length:,} characters."
        )
        self.fields["body"].widget.attrs["aria-describedby"] = "body-hint"

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("Enter your reply")
        if len(body) > self.max_length:
            raise ValidationError(f"Your reply must be {self.max_length:,} characters or fewer")
        return body
