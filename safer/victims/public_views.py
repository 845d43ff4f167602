"""The public "Support for victims" pages, one per policing area: the services, how to get help
without reporting to the police, and the GOV.UK "Exit this page" button before the content."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from safer.places.models import PolicingArea


@require_safe
def support_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "victims/support_index.html",
        {
            "areas": PolicingArea.objects.current().order_by("name"),
            "service": settings.VICTIMS_SUPPORT_SERVICE,
        },
    )


@require_safe
def support(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(PolicingArea.objects.current(), slug=slug)
    return render(
        request,
        "victims/support.html",
        {"area": area, "service": settings.VICTIMS_SUPPORT_SERVICE},
    )
