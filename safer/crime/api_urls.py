"""data.police.uk-compatible endpoints owned by this app, mounted under /api/ by safer.policeuk.urls
(before the {force}/{neighbourhood} catch-all)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.crime import api_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("crimes-street/<str:category>", api_views.crimes_street, name="crimes-street"),
    path("crimes-at-location", api_views.crimes_at_location, name="crimes-at-location"),
    path("crimes-no-location", api_views.crimes_no_location, name="crimes-no-location"),
    path("crime-categories", api_views.crime_categories, name="crime-categories"),
    path("crimes-street-dates", api_views.crimes_street_dates, name="crimes-street-dates"),
    path("crime-last-updated", api_views.crime_last_updated, name="crime-last-updated"),
    path("outcomes-at-location", api_views.outcomes_at_location, name="outcomes-at-location"),
    path("outcomes-for-crime/<str:persistent_id>", api_views.outcomes_for_crime, name="outcomes-for-crime"),
]
