from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.problems import views

app_name = "problems"
urlpatterns: list[URLPattern | URLResolver] = [
    path("prevention/", views.prevention, name="prevention"),
    path("prevention/<int:pk>/", views.prevention_detail, name="prevention-detail"),
]
