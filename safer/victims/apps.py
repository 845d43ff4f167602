from __future__ import annotations

from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "safer.victims"
    label = "victims"
    verbose_name = "Victims"

    def ready(self) -> None:
        from safer.lib import sending
        from safer.victims import metrics  # noqa: F401  (registers the scorecard measures)
        from safer.victims.sharing import record_delivery

        sending.outcome.connect(record_delivery, dispatch_uid="victims.referral_delivery")
