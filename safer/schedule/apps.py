from __future__ import annotations

from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "safer.schedule"
    label = "schedule"
