"""Forms for sign-in, role and scope management and the audit log filter."""

from __future__ import annotations

from typing import Any

from django import forms

from safer.accounts.models import Role, ScopeLevel
from safer.lib.govuk import GovukForm
from safer.places.models import Neighbourhood, PolicingArea


class SignInForm(GovukForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(GovukForm):
    code = forms.RegexField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now.",
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": "Enter the 6-digit security code",
            "invalid": "The security code must be 6 digits, like 123456",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class RoleScopeForm(GovukForm):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    scope_level = forms.ChoiceField(
        label="Scope",
        choices=ScopeLevel.choices,
        widget=forms.RadioSelect,
        help_text="Where this account may act. Administrators always cover the whole force.",
        error_messages={"required": "Choose a scope"},
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="Neighbourhoods",
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a scope of named neighbourhoods.",
    )
    areas = forms.ModelMultipleChoiceField(
        label="Policing areas",
        queryset=PolicingArea.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a scope of named policing areas.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level = data.get("scope_level")
        if level == ScopeLevel.NEIGHBOURHOODS and not data.get("neighbourhoods"):
            self.add_error("neighbourhoods", "Choose at least one neighbourhood, or a different scope")
        if level == ScopeLevel.AREAS and not data.get("areas"):
            self.add_error("areas", "Choose at least one policing area, or a different scope")
        return data


class AuditFilterForm(GovukForm):
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ChoiceField(label="Object type", required=False)

    def __init__(self, *args: Any, actions: list[str], object_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action")] + [(a, a) for a in actions]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", "Any type")] + [(t, t) for t in object_types]  # type: ignore[attr-defined]
