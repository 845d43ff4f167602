from __future__ import annotations

from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "safer.victims"
    label = "victims"
    verbose_name = "Victims"

    def ready(self) -> None:
        from safer.victims import metrics  # noqa: F401  (registers the scorecard measures)
