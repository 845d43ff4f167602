from __future__ import annotations

from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "safer.problems"
    label = "problems"
    verbose_name = "Problem solving and prevention"
