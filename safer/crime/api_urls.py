"""data.police.uk-compatible endpoints owned by this app, mounted under /api/ by safer.policeuk.urls
(before the {force}/{neighbourhood} catch-all)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
