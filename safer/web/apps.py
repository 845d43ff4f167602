from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safer.web"
    label = "web"

    def ready(self) -> None:
        from safer.web.page_signals import connect_signals

        connect_signals()
