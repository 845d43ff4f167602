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
        from safer.engagement.linkables import open_priorities
        from safer.engagement.tasks import record_parish_update_outcome
        from safer.lib import linkables
        from safer.lib.sending import outcome

        # Plans (problems) link priorities through the registry; problems cannot import engagement.
        linkables.register("priority", open_priorities)

        outcome.connect(record_parish_update_outcome, dispatch_uid="engagement.parish-update-outcome")
