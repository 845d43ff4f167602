from __future__ import annotations

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "safer.places"
    label = "places"
