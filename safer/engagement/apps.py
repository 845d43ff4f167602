from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "safer.engagement"
    label = "engagement"
    verbose_name = "Engagement"

    def ready(self) -> None:
        from safer.engagement import (
            metrics,  # noqa: F401  (registers the engagement charter measures)
            summary,  # noqa: F401  (drops the neighbourhood page's cached summary on change)
        )
