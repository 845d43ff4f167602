"""Which saves make the public pages stale: the models they show. The cache itself is
safer/lib/page_cache.py; web connects the signals because it sits above every app it shows."""

from __future__ import annotations

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from safer.lib.page_cache import also_depends_on, pages_changed


def connect_signals() -> None:
    from safer.crime.public import VERSION_KEY as CRIME_VERSION_KEY
    from safer.engagement.models import Event, OpeningHours, Priority, Station, StationStatusChange
    from safer.places.models import Force, Neighbourhood, Parish, PolicingArea
    from safer.teams.models import Membership, Person

    also_depends_on(CRIME_VERSION_KEY)

    models: list[type[Model]] = [
        Person,
        Membership,
        Force,
        Neighbourhood,
        Parish,
        PolicingArea,
        Event,
        Priority,
        Station,
        OpeningHours,
        StationStatusChange,
        Neighbourhood.areas.through,
    ]
    for model in models:
        name = model.__name__
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"web-pages-save-{name}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"web-pages-delete-{name}")
    m2m_changed.connect(pages_changed, sender=Neighbourhood.areas.through, dispatch_uid="web-pages-areas")
