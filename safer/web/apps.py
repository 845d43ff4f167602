from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safer.web"
    label = "web"
