from __future__ import annotations

from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "safer.teams"
    label = "teams"

    def ready(self) -> None:
        from safer.teams import metrics  # noqa: F401  (registers the teams' charter measures)
