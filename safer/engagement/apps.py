from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "safer.engagement"
    label = "engagement"
