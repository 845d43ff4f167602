from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.charter import views

app_name = "charter"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<slug:charter_id>.csv", views.download_csv, name="csv"),
    path("<slug:charter_id>.json", views.download_json, name="json"),
    path("<slug:charter_id>/history.csv", views.history_csv, name="history-csv"),
    path("<slug:charter_id>/history.json", views.history_json, name="history-json"),
    path("<slug:charter_id>/", views.charter_page, name="charter"),
    path("<slug:charter_id>/promises/<slug:promise_id>/", views.promise_page, name="promise"),
    path("<slug:charter_id>/areas/<slug:area_slug>/", views.area_page, name="area"),
    path("<slug:charter_id>/neighbourhoods/<slug:slug>/", views.neighbourhood_page, name="neighbourhood"),
]
