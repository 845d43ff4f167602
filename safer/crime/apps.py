from __future__ import annotations

from django.apps import AppConfig


class CrimeConfig(AppConfig):
    name = "safer.crime"
    label = "crime"
    verbose_name = "Crime data and analysis"

    def ready(self) -> None:
        from safer.crime import metrics  # noqa: F401  (registers the scorecard measures)
