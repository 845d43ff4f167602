from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve


def moved(pattern_name: str) -> Callable[..., Any]:
    """A permanent redirect for a page that moved, keeping its query (old bookmarks and links)."""
    return RedirectView.as_view(pattern_name=pattern_name, query_string=True, permanent=True)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/today/", include("safer.today.urls")),
    path("staff/", include("safer.accounts.urls")),
    path("staff/teams/", include("safer.teams.urls")),
    path("api/", include("safer.policeuk.urls")),
    path("scorecard/", include("safer.charter.urls")),
    path("alerts/", include("safer.alerts.urls")),
    path("contact/", include("safer.contact.urls")),
    path("engagement/", include("safer.engagement.urls")),
    # Pages that moved out of /crime/ in issue 8; these paths answer with redirects for old links.
    path("crime/repeat-victims/", moved("victims:repeats")),
    path("crime/prevention/", moved("problems:prevention")),
    path("crime/prevention/<int:pk>/", moved("problems:prevention-detail")),
    path("crime/", include("safer.crime.urls")),
    path("victims/", include("safer.victims.urls")),
    path("problems/", include("safer.problems.urls")),
    path("", include("safer.partners.urls")),
    path("community/", include("safer.community.urls")),
    path("volunteers/", include("safer.volunteers.urls")),
    path("", include("safer.web.urls")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
