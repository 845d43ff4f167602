from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", include("safer.accounts.urls")),
    path("staff/teams/", include("safer.teams.urls")),
    path("api/", include("safer.policeuk.urls")),
    path("scorecard/", include("safer.charter.urls")),
    path("alerts/", include("safer.alerts.urls")),
    path("contact/", include("safer.contact.urls")),
    path("engagement/", include("safer.engagement.urls")),
    path("crime/", include("safer.crime.urls")),
    path("", include("safer.web.urls")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
