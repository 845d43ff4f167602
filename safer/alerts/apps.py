from __future__ import annotations

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "safer.alerts"
    label = "alerts"
    verbose_name = "Neighbourhood Matters alerts"

    def ready(self) -> None:
        from safer.alerts import metrics  # noqa: F401  (registers the scorecard measures)
