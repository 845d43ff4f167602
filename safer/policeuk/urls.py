from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "policeuk"
urlpatterns: list[URLPattern | URLResolver] = []
