"""The search box's hint gives an example postcode and place from the force's own data, so the
hint is true for whichever force runs the site (and never names a postcode that isn't there)."""

from __future__ import annotations

from django import template
from django.core.cache import cache

from safer.places.models import Place, Postcode, format_postcode

register = template.Library()

CACHE_KEY = "web:search-examples"


@register.simple_tag
def search_hint() -> str:
    hint = cache.get(CACHE_KEY)
    if hint is None:
        postcode = Postcode.objects.filter(neighbourhood__isnull=False).order_by("postcode").first()
        place = Place.objects.filter(neighbourhood__isnull=False).order_by("name").first()
        examples = [format_postcode(postcode.postcode) if postcode else "", place.name if place else ""]
        examples = [e for e in examples if e]
        hint = "Enter a postcode, town or village."
        if examples:
            hint += f" For example, {' or '.join(examples)}."
        cache.set(CACHE_KEY, hint, 3600)
    return str(hint)
