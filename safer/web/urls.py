from __future__ import annotations

from django.urls import path

from safer.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("find", views.find, name="find"),
    path("neighbourhoods/<slug:slug>/", views.neighbourhood, name="neighbourhood"),
    path("neighbourhoods/<slug:slug>/crime/", views.neighbourhood_crime, name="neighbourhood-crime"),
    path("areas/", views.areas, name="areas"),
    path("areas/<slug:slug>/", views.area, name="area"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
