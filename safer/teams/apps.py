from __future__ import annotations

from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "safer.teams"
    label = "teams"

    def ready(self) -> None:
        from safer.teams import home, metrics  # noqa: F401  (register the home section and charter measures)
