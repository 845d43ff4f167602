from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.crime import views

app_name = "crime"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("repeat-locations/", views.repeat_locations, name="repeat-locations"),
    path("hot-spots/", views.hot_spots, name="hot-spots"),
    path("near-repeat/", views.near_repeat, name="near-repeat"),
    path("imports/", views.imports, name="imports"),
]
