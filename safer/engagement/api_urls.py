"""data.police.uk-compatible endpoints owned by this app, mounted under /api/ by safer.policeuk.urls
(before the {force}/{neighbourhood} catch-all)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.engagement import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:force>/<str:neighbourhood>/events", api.events, name="events"),
    path("<str:force>/<str:neighbourhood>/priorities", api.priorities, name="priorities"),
]
