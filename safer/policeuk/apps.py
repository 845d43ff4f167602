from __future__ import annotations

from django.apps import AppConfig


class PoliceukConfig(AppConfig):
    name = "safer.policeuk"
    label = "policeuk"
