from __future__ import annotations

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "safer.places"
    label = "places"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from safer.places.locate import boundaries_changed
        from safer.places.models import Neighbourhood

        # Any save or delete of a neighbourhood here (admin, actions, tests) rebuilds this process's
        # locate index on its next lookup; other processes notice through the fingerprint check.
        post_save.connect(boundaries_changed, sender=Neighbourhood, dispatch_uid="places-locate-save")
        post_delete.connect(boundaries_changed, sender=Neighbourhood, dispatch_uid="places-locate-delete")
