"""/api/: the data.police.uk-compatible API, with the same paths relative to the base URL.

Order matters. Django tries patterns top to bottom, and `{force}/{neighbourhood}` would swallow any
two-segment path, so every fixed name (`forces/...`, `locate-neighbourhood`, `crimes-street/...`,
`{force}/neighbourhoods`) comes first. Path segments arrive URL-decoded, so neighbourhood ids with
spaces or dots (`55.CB3001`) match `<str:...>` as they are.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from safer.lib.api import unknown_endpoint
from safer.policeuk import views

app_name = "policeuk"
urlpatterns: list[URLPattern | URLResolver] = [
    path("forces", views.forces, name="forces"),
    path("forces/<str:force>", views.force, name="force"),
    path("forces/<str:force>/people", views.senior_officers, name="senior-officers"),
    path("locate-neighbourhood", views.locate_neighbourhood, name="locate-neighbourhood"),
    path("<str:force>/neighbourhoods", views.neighbourhoods, name="neighbourhoods"),
    # The crime and engagement apps' endpoints (crimes-street, crime-categories, .../events,
    # .../priorities, ...). They MUST stay above the {force}/{neighbourhood} catch-all below.
    path("", include("safer.crime.api_urls")),
    path("", include("safer.engagement.api_urls")),
    path("<str:force>/<str:neighbourhood>/boundary", views.boundary, name="boundary"),
    path("<str:force>/<str:neighbourhood>/people", views.team, name="team"),
    # The catch-all: last of the real endpoints.
    path("<str:force>/<str:neighbourhood>", views.neighbourhood, name="neighbourhood"),
    # Anything else under /api/ gets a JSON 404 rather than Django's HTML page.
    re_path(r"^(?P<rest>.*)$", unknown_endpoint),
]
