"""Django forms rendered as GOV.UK Frontend markup.

A form that mixes in `GovukFormMixin` (or subclasses `GovukForm`) gets the
GOV.UK classes on its widgets, error classes when a field fails, and `aria-describedby` pointing at
its hint and error message. `govuk/field.html` renders one field and `govuk/error_summary.html` the
summary at the top of the page; every app uses both.

Date, time and date-time widgets always render their value in the ISO form the browser's native
pickers read (`2026-12-07`): a value in any other form (the en-GB default `07/12/2026`) makes
Chromium show an empty box, and the form then fails as if nothing had been entered.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"

# Most specific first: CheckboxSelectMultiple subclasses RadioSelect, and a lookup that meets the
# parent first renders tick-boxes as radio circles.
_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.SelectMultiple, "govuk-select"),
    (forms.Select, "govuk-select"),
    (forms.FileInput, "govuk-file-upload"),
)
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class DateInput(forms.DateInput):
    """A native date picker whose value is always ISO, whatever the active locale's format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=ISO_TIME)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=ISO_DATETIME)


def widget_kind(widget: forms.Widget) -> str:
    """How field.html lays a widget out: checkboxes, radios, checkbox or input."""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def widget_class(widget: forms.Widget) -> str:
    """The GOV.UK class a widget's element carries."""
    for kind, css in _CLASSES:
        if isinstance(widget, kind):
            return css
    return "govuk-input"


def _native_picker(widget: forms.Widget) -> forms.Widget:
    """The ISO-rendering equivalent of a Django date/time widget, keeping its attributes."""
    attrs = {k: v for k, v in widget.attrs.items() if k != "type"}
    if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
        return DateInput(attrs)
    if isinstance(widget, forms.DateTimeInput) and not isinstance(widget, DateTimeInput):
        return DateTimeInput(attrs)
    if isinstance(widget, forms.TimeInput) and not isinstance(widget, TimeInput):
        return TimeInput(attrs)
    return widget


def _in_fieldset(widget: forms.Widget) -> bool:
    """A list of boxes is described by its fieldset: each box pointing at the hint too would have
    a screen reader repeat it on every one."""
    return getattr(widget, "kind", "") in ("radios", "checkboxes")


def style_field(name: str, field: forms.Field) -> None:
    """Give one field's widget its GOV.UK class, layout kind and hint reference (once)."""
    if getattr(field.widget, "kind", None):
        return
    field.widget = _native_picker(field.widget)
    widget = field.widget
    widget.attrs["class"] = f"{widget_class(widget)} {widget.attrs.get('class', '')}".strip()
    widget.kind = widget_kind(widget)  # type: ignore[attr-defined]
    if field.help_text and not _in_fieldset(widget):
        widget.attrs["aria-describedby"] = f"{name}-hint"


def style_fields(form: forms.BaseForm) -> None:
    """Style every field not yet styled: forms that add fields after __init__ call this again."""
    for name, field in form.fields.items():
        style_field(name, field)


class GovukFormMixin:
    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        style_fields(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if _in_fieldset(widget):
                continue
            base = widget.attrs.get("class", "").split(" ")[0]
            if base in _ERROR_CLASSES and _ERROR_CLASSES[base] not in widget.attrs["class"]:
                widget.attrs["class"] += f" {_ERROR_CLASSES[base]}"
            described = widget.attrs.get("aria-describedby", "")
            if f"{name}-error" not in described:
                widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()


class GovukForm(GovukFormMixin, forms.Form):
    pass
