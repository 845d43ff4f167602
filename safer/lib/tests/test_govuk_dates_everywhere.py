"""Every date, time and date-time field on every GOV.UK form of every app opens showing its value.

A value in the en-GB form (07/12/2026) in an <input type="date"> shows as an empty box, so a
prefilled form failed with "This field is required." (the near-repeat test, "Record visit").
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
from collections.abc import Iterator

from django import forms
from django.apps import apps

from safer.lib.govuk import GovukFormMixin, style_field

VALUES: dict[type[forms.Field], tuple[object, str, str]] = {
    forms.DateTimeField: (
        dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC),
        "datetime-local",
        "2026-12-07T09:30",
    ),
    forms.DateField: (dt.date(2026, 12, 7), "date", "2026-12-07"),
    forms.TimeField: (dt.time(22, 0), "time", "22:00"),
}


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _all_govuk_forms() -> list[type[forms.Form]]:
    for config in apps.get_app_configs():
        if config.name.startswith("safer."):
            try:
                importlib.import_module(f"{config.name}.forms")
            except ModuleNotFoundError:
                continue
    return [f for f in _subclasses(GovukFormMixin) if issubclass(f, forms.Form)]


def test_every_date_and_time_field_renders_its_value_for_the_native_picker() -> None:
    checked = []
    for form_class in _all_govuk_forms():
        for name, original in form_class.base_fields.items():
            kind = next((k for k in VALUES if isinstance(original, k)), None)
            if kind is None:
                continue
            field = copy.deepcopy(original)
            style_field(name, field)
            value, input_type, shown = VALUES[kind]
            html = field.widget.render(name, value)
            assert f'type="{input_type}"' in html, (form_class.__name__, name, html)
            assert f'value="{shown}"' in html, (form_class.__name__, name, html)
            assert field.clean(shown) is not None
            checked.append(f"{form_class.__name__}.{name}")
    # The forms that showed the fault are among those checked, wherever they live.
    faulty = {"KnoxForm.start", "VisitForm.visited_on", "VictimContactForm.contacted_on"}
    assert faulty <= set(checked), checked
