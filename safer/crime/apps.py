from __future__ import annotations

from django.apps import AppConfig


class CrimeConfig(AppConfig):
    name = "safer.crime"
    label = "crime"
