from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.victims import views

app_name = "victims"
urlpatterns: list[URLPattern | URLResolver] = [
    path("repeat-victims/", views.repeats, name="repeats"),
]
