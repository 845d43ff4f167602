from __future__ import annotations

from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "safer.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers and advisory groups"

    def ready(self) -> None:
        from safer.volunteers import metrics  # noqa: F401  (registers the scorecard measures)
