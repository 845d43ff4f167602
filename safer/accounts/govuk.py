"""Django forms rendered as GOV.UK Frontend markup.

A form that mixes in `GovukFormMixin` (or subclasses `GovukForm` / `GovukModelForm`) gets the
GOV.UK classes on its widgets, error classes when a field fails, and `aria-describedby` pointing at
its hint and error message. `accounts/includes/field.html` renders one field and
`accounts/includes/error_summary.html` the summary at the top of the page; other apps reuse both.
"""

from __future__ import annotations

from typing import Any

from django import forms

_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def widget_kind(widget: forms.Widget) -> str:
    """How field.html lays a widget out: radios, checkboxes, checkbox or input."""
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


class GovukFormMixin:
    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            widget = field.widget
            css = _CLASSES.get(type(widget), "govuk-input")
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            widget.kind = widget_kind(widget)  # type: ignore[attr-defined]
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            base = widget.attrs.get("class", "").split(" ")[0]
            if base in _ERROR_CLASSES and _ERROR_CLASSES[base] not in widget.attrs["class"]:
                widget.attrs["class"] += f" {_ERROR_CLASSES[base]}"
            described = widget.attrs.get("aria-describedby", "")
            if f"{name}-error" not in described:
                widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
