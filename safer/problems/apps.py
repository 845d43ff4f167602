from __future__ import annotations

from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "safer.problems"
    label = "problems"
    verbose_name = "Problem solving and prevention"

    def ready(self) -> None:
        from safer.problems import metrics  # noqa: F401  (registers the scorecard measures)
