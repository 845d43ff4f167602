from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from safer.demo import builder
from safer.places.models import Neighbourhood

pytestmark = pytest.mark.django_db

calls: list[int] = []


def own_steps() -> list:
    """The demo app's own steps (places, people, accounts), without the other apps' slow ones."""
    return [step for step in builder.DEMO_STEPS if callable(step[1])]


def count_neighbourhoods() -> str:
    calls.append(Neighbourhood.objects.count())
    return "counted"


def test_it_runs_steps_other_apps_append_after_its_own(monkeypatch):
    calls.clear()
    steps = [*own_steps(), ("Extra step", "safer.demo.tests.test_steps.count_neighbourhoods")]
    monkeypatch.setattr(builder, "DEMO_STEPS", steps)
    summary = builder.build_demo()
    assert calls and calls[0] >= 60
    assert ("Extra step", "counted") in summary.steps
    assert "  Extra step: counted" in summary.lines()


def test_it_rolls_back_everything_when_a_step_fails(monkeypatch):
    def broken() -> None:
        raise RuntimeError("step failed")

    monkeypatch.setattr(builder, "DEMO_STEPS", [*own_steps(), ("Broken", broken)])
    with pytest.raises(RuntimeError):
        builder.build_demo()
    assert Neighbourhood.objects.count() == 0


def test_it_prints_a_summary_and_how_to_sign_in(monkeypatch):
    monkeypatch.setattr(builder, "DEMO_STEPS", own_steps())
    out = StringIO()
    call_command("demo", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "85 neighbourhoods" in text
    for username in ["demo-pcso", "demo-pc", "demo-sergeant", "demo-inspector", "demo-analyst", "demo-admin"]:
        assert username in text
    assert "demo-neighbourhoods-2026" in text and "demo-code" in text
