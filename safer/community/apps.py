from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "safer.community"
    label = "community"
    verbose_name = "Watch schemes and Community Speed Watch"

    def ready(self) -> None:
        from safer.community import metrics  # noqa: F401  (registers the scorecard measures)
