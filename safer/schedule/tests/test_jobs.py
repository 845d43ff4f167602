from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from safer.schedule.jobs import JOBS, Job, run_due_jobs


def test_it_runs_a_due_job_once_per_interval() -> None:
    calls: list[str] = []
    jobs = [Job("first", 60), Job("second", 60)]
    assert run_due_jobs(jobs, run=lambda name, *a, **k: calls.append(name)) == ["first", "second"]
    assert run_due_jobs(jobs, run=lambda name, *a, **k: calls.append(name)) == []
    assert calls == ["first", "second"]


def test_it_keeps_running_the_other_jobs_when_one_fails() -> None:
    def run(name: str, *args: Any, **kwargs: Any) -> None:
        if name == "broken":
            raise RuntimeError("boom")

    assert run_due_jobs([Job("broken", 60), Job("fine", 60)], run=run) == ["fine"]


@pytest.mark.django_db
def test_it_names_only_commands_that_exist_and_run_on_an_empty_database() -> None:
    ran = run_due_jobs(JOBS)
    assert ran == [job.command for job in JOBS]


@pytest.mark.django_db
def test_it_runs_what_is_due_once_from_the_command_line(capsys: Any) -> None:
    call_command("run_schedule", "--once")
    assert "escalate_overdue_contact" in capsys.readouterr().out
