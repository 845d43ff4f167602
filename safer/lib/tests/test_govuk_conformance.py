"""Our GOV.UK includes produce the markup govuk-frontend's own component fixtures show.

Each widget kind is rendered through `govuk/field.html` (and the summary through
`govuk/error_summary.html`) and compared with the matching fixture from
`node_modules/govuk-frontend/dist/govuk/components/*/fixtures.json`: the same GOV.UK elements, with
the same classes, input types and data-module hooks, nested the same way and in the same order.
A tick-box laid out as a radio (defect 17) has a different shape and fails here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template.loader import render_to_string

from safer.lib.govuk import GovukForm

COMPONENTS = (
    Path(__file__).resolve().parents[3] / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
)
TEMPLATES = Path(__file__).resolve().parents[2]

# Presentation choices the fixtures show in other examples (legend and label sizes, input widths):
# they change how big an element is, not what it is.
_SIZE_MODIFIER = re.compile(r"^govuk-(fieldset__legend|label)--(s|m|l|xl)$|^govuk-input--width-\d+$")
_VOID = {"input", "br", "hr", "img", "meta", "link"}


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[_Node] = []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = _Node("root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: _Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent


def _parse(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def _classes(node: _Node) -> frozenset[str]:
    return frozenset(
        c
        for c in node.attrs.get("class", "").split()
        if c.startswith("govuk-") and not _SIZE_MODIFIER.match(c)
    )


def _label(node: _Node) -> str:
    described = "+describedby" if node.attrs.get("aria-describedby") else ""
    kind = f"[type={node.attrs.get('type', 'text')}]" if node.tag == "input" else ""
    module = f"[data-module={node.attrs['data-module']}]" if "data-module" in node.attrs else ""
    return f"{node.tag}{kind}{module}.{'.'.join(sorted(_classes(node)))}{described}"


def shape(html: str) -> list[str]:
    """Every GOV.UK element as its path of GOV.UK ancestors, in document order, repeats dropped
    (a list of three items has the shape of a list of two)."""
    seen: list[str] = []

    def walk(node: _Node, path: tuple[str, ...]) -> None:
        for child in node.children:
            child_path = path
            if _classes(child) or child.tag in {"input", "select", "textarea", "fieldset", "legend", "label"}:
                child_path = (*path, _label(child))
                joined = " > ".join(child_path)
                if joined not in seen:
                    seen.append(joined)
            walk(child, child_path)

    walk(_parse(html), ())
    return seen


@cache
def fixture(component: str, name: str) -> str:
    data = json.loads((COMPONENTS / component / "fixtures.json").read_text())
    [html] = [f["html"] for f in data["fixtures"] if f["name"] == name]
    return str(html)


def render_field(field: forms.Field, data: dict[str, Any] | None = None, **context: Any) -> str:
    class OneField(GovukForm):
        pass

    form = OneField(data)
    form.fields["example"] = field
    from safer.lib.govuk import style_fields

    style_fields(form)
    if data is not None:
        form.is_valid()
    return render_to_string("govuk/field.html", {"field": form["example"], **context})


CHOICES = [("british", "British"), ("irish", "Irish")]
INVALID = {"example": ["nowhere"]}  # not a choice, so each field fails with an error


def _choices(widget: type[forms.Widget], multiple: bool, hint: str = "") -> forms.Field:
    kind = forms.MultipleChoiceField if multiple else forms.ChoiceField
    return kind(label="What is your nationality?", choices=CHOICES, widget=widget, help_text=hint)


CASES: list[tuple[str, str, str, forms.Field, dict[str, Any] | None, dict[str, Any]]] = [
    (
        "checkboxes",
        "with hint",
        "checkboxes",
        _choices(forms.CheckboxSelectMultiple, True, "Tick all"),
        None,
        {},
    ),
    (
        "checkboxes",
        "with error message and hint",
        "checkboxes",
        _choices(forms.CheckboxSelectMultiple, True, "Tick all"),
        INVALID,
        {},
    ),
    (
        "checkboxes",
        "small with error",
        "checkboxes",
        _choices(forms.CheckboxSelectMultiple, True),
        INVALID,
        {"small": True},
    ),
    (
        "checkboxes",
        "small",
        "checkboxes",
        _choices(forms.CheckboxSelectMultiple, True),
        None,
        {"small": True},
    ),
    ("radios", "with hint", "radios", _choices(forms.RadioSelect, False, "Choose one"), None, {}),
    (
        "radios",
        "with hint and error message",
        "radios",
        _choices(forms.RadioSelect, False, "One"),
        INVALID,
        {},
    ),
    ("radios", "small with long text", "radios", _choices(forms.RadioSelect, False), None, {"small": True}),
    (
        "checkboxes",
        "with error and idPrefix",
        "single checkbox",
        forms.BooleanField(label="I agree to the terms and conditions"),
        {},
        {},
    ),
    (
        "input",
        "with hint text",
        "input",
        forms.CharField(label="Name", help_text="As on your passport"),
        None,
        {},
    ),
    (
        "input",
        "with error and hint",
        "input",
        forms.CharField(label="Name", help_text="As on your passport"),
        {},
        {},
    ),
    (
        "input",
        "with error message",
        "date",
        forms.DateField(label="Date", widget=forms.DateInput()),
        {"example": "x"},
        {},
    ),
    (
        "textarea",
        "with hint",
        "textarea",
        forms.CharField(label="Why", widget=forms.Textarea, help_text="Say"),
        None,
        {},
    ),
    (
        "textarea",
        "with error message",
        "textarea",
        forms.CharField(label="Why", widget=forms.Textarea),
        {},
        {},
    ),
    (
        "select",
        "with hint text and error message",
        "select",
        _choices(forms.Select, False, "Pick"),
        {"example": "x"},
        {},
    ),
    ("select", "default", "select", forms.ChoiceField(label="Sort by", choices=CHOICES), None, {}),
    (
        "file-upload",
        "with error message and hint",
        "file",
        forms.FileField(label="Photo", help_text="A JPEG"),
        {},
        {},
    ),
]


@pytest.mark.parametrize(
    ("component", "fixture_name", "what", "field", "data", "context"),
    CASES,
    ids=[f"{c[2]}: {c[0]} / {c[1]}" for c in CASES],
)
def test_field_include_has_the_shape_of_the_govuk_fixture(
    component: str,
    fixture_name: str,
    what: str,
    field: forms.Field,
    data: dict[str, Any] | None,
    context: dict[str, Any],
) -> None:
    # A native date picker is a GOV.UK text input with another type; its type is checked below.
    ours = render_field(field, data, **context).replace('type="date"', 'type="text"')
    assert shape(ours) == shape(fixture(component, fixture_name))


def test_a_date_field_renders_its_value_in_the_iso_form_the_date_picker_reads() -> None:
    import datetime as dt

    class When(GovukForm):
        day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))

    html = render_to_string("govuk/field.html", {"field": When(initial={"day": dt.date(2026, 12, 7)})["day"]})
    assert 'type="date"' in html and 'value="2026-12-07"' in html
    bound = When({"day": "2026-12-07"})
    assert bound.is_valid() and bound.cleaned_data["day"] == dt.date(2026, 12, 7)


def test_every_aria_describedby_points_at_an_element_on_the_page() -> None:
    for _, _, _, field, data, context in CASES:
        html = render_field(field, data, **context)
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for described in re.findall(r'aria-describedby="([^"]*)"', html):
            assert set(described.split()) <= ids, html


def test_a_tick_box_list_is_not_laid_out_as_radios() -> None:
    html = render_field(_choices(forms.CheckboxSelectMultiple, True))
    assert "govuk-radios" not in html
    assert 'class="govuk-checkboxes"' in html


def test_error_summary_has_the_shape_of_the_govuk_fixture() -> None:
    class TwoFields(GovukForm):
        first = forms.CharField(label="First")
        second = forms.CharField(label="Second")

    form = TwoFields({})
    assert not form.is_valid()
    ours = render_to_string("govuk/error_summary.html", {"form": form})
    assert shape(ours) == shape(fixture("error-summary", "default"))
    assert 'href="#id_first"' in ours and 'href="#id_second"' in ours


def test_the_summary_links_a_choice_list_error_to_its_first_box() -> None:
    class Kinds(GovukForm):
        kinds = forms.MultipleChoiceField(label="Kinds", choices=CHOICES, widget=forms.CheckboxSelectMultiple)

    form = Kinds({})
    assert not form.is_valid()
    html = render_to_string("govuk/error_summary.html", {"form": form})
    assert 'href="#id_kinds_0"' in html


def _template_class_sets(pattern: str) -> list[tuple[Path, frozenset[str]]]:
    found = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        for match in re.finditer(r"<(?:button|a|input)\b[^>]*>", path.read_text()):
            tag = match.group(0)
            classes = re.search(r'class="([^"]*)"', tag)
            if classes and re.search(pattern, classes.group(1)):
                names = frozenset(c for c in classes.group(1).split() if c.startswith("govuk-button"))
                found.append((path, names))
    return found


def test_every_button_uses_classes_the_govuk_button_fixtures_use() -> None:
    data = json.loads((COMPONENTS / "button" / "fixtures.json").read_text())
    known = {c for f in data["fixtures"] for c in re.findall(r"govuk-button[\w-]*", f["html"])}
    buttons = _template_class_sets(r"\bgovuk-button\b")
    assert len(buttons) > 20
    for path, names in buttons:
        assert names <= known, (path, names - known)
