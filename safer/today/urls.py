from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.today import views

app_name = "today"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.today, name="today"),
    path("duty/", views.duty, name="duty"),
]
