from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.crime import views, views_prevention

app_name = "crime"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("repeat-locations/", views.repeat_locations, name="repeat-locations"),
    path("hot-spots/", views.hot_spots, name="hot-spots"),
    path("near-repeat/", views.near_repeat, name="near-repeat"),
    path("repeat-victims/", views_prevention.repeats, name="repeats"),
    path("prevention/", views_prevention.prevention, name="prevention"),
    path("prevention/<int:pk>/", views_prevention.prevention_detail, name="prevention-detail"),
    path("imports/", views_prevention.imports, name="imports"),
]
