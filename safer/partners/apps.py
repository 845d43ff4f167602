from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "safer.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from safer.partners import metrics  # noqa: F401  (registers the scorecard measures)
