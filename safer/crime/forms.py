"""Forms for the back-office crime pages (GOV.UK markup through lib.govuk)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safer.lib.govuk import GovukForm
from safer.places.models import Neighbourhood


def _edges(text: str, name: str, whole: bool) -> list[float]:
    try:
        values = [float(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise forms.ValidationError(
            f"Enter the {name} band edges as numbers separated by commas, like 0,7,14"
        )
    if len(values) < 2 or values[0] != 0:
        raise forms.ValidationError(f"Enter at least two {name} band edges, starting at 0")
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise forms.ValidationError(f"The {name} band edges must get bigger each time")
    if len(values) > 12:
        raise forms.ValidationError(f"Enter at most 12 {name} band edges")
    if whole and any(v != int(v) for v in values):
        raise forms.ValidationError(f"Enter the {name} band edges in whole days")
    return values


class AreaForm(GovukForm):
    neighbourhood = forms.ModelChoiceField(
        queryset=Neighbourhood.objects.none(), required=False, empty_label="Everywhere I can see"
    )

    def __init__(
        self, *args: Any, neighbourhoods: QuerySet[Neighbourhood], months: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.published = months


class CountsForm(AreaForm):
    months = forms.TypedChoiceField(
        choices=[(3, "3 months"), (6, "6 months"), (12, "12 months"), (24, "24 months")],
        coerce=int,
        initial=12,
        label="Months up to the latest published",
    )


def _month_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label)


class HotspotForm(AreaForm):
    METHODS = [("counts", "Grid counts"), ("kde", "Kernel density"), ("gistar", "Getis-Ord Gi* z-scores")]
    method = forms.ChoiceField(choices=METHODS, initial="gistar", label="Method")
    cell = forms.TypedChoiceField(
        choices=[(100, "100 m"), (250, "250 m"), (500, "500 m"), (1000, "1 km")],
        coerce=int,
        initial=250,
        label="Cell size",
    )
    bandwidth = forms.IntegerField(
        min_value=50, max_value=5000, initial=400, label="Kernel bandwidth (metres)"
    )
    start = _month_field("Map the months from")
    end = _month_field("to")
    test_start = _month_field("Judge it against the months from")
    test_end = _month_field("to")
    coverage = forms.TypedChoiceField(
        choices=[(1, "1%"), (5, "5%"), (10, "10%"), (20, "20%")],
        coerce=int,
        initial=5,
        label="Share of the area flagged as hot spots",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(m, m) for m in reversed(self.published)]
        for name in ("start", "end", "test_start", "test_end"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        if self.published:
            last = self.published[-1]
            prev = self.published[-2] if len(self.published) > 1 else last
            self.fields["start"].initial = self.fields["end"].initial = prev
            self.fields["test_start"].initial = self.fields["test_end"].initial = last

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end month must not be before the start month")
        if data.get("test_start") and data.get("test_end") and data["test_start"] > data["test_end"]:
            self.add_error("test_end", "The end month must not be before the start month")
        return data


class KnoxForm(GovukForm):
    category = forms.ChoiceField(label="Incidents")
    start = forms.DateField(label="From (date)", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To (date)", widget=forms.DateInput(attrs={"type": "date"}))
    spatial = forms.CharField(
        initial="0,1,100,200,300,400",
        label="Distance band edges (metres)",
        help_text="Bands run from each edge up to, but not including, the next: [0, 1) is the same location.",
    )
    temporal = forms.CharField(
        initial="0,7,14,21,28,35",
        label="Time band edges (days)",
        help_text="Also [a, b): 0,7 means 0 to 6 days.",
    )
    # The stored values stay "manhattan" and "euclidean" so saved links keep working.
    metric = forms.ChoiceField(
        choices=[
            ("manhattan", "City-block (east–west plus north–south)"),
            ("euclidean", "Straight line"),
        ],
        initial="manhattan",
        widget=forms.RadioSelect,
        label="Distance",
        help_text="Both are measured on the map grid between the recorded points. City-block adds the "
        "east–west and north–south distances; it is not the distance along streets.",
    )
    permutations = forms.IntegerField(min_value=0, max_value=999, initial=999, label="Permutations")
    seed = forms.IntegerField(min_value=0, max_value=2**31 - 1, initial=1, label="Random seed")

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("burglary*", "All burglary")] + [  # type: ignore[attr-defined]
            (c, c) for c in categories
        ]

    def clean_spatial(self) -> list[float]:
        return _edges(self.cleaned_data["spatial"], "distance", whole=False)

    def clean_temporal(self) -> list[int]:
        return [int(v) for v in _edges(self.cleaned_data["temporal"], "time", whole=True)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date must not be before the start date")
        return data
