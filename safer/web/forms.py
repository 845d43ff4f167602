from __future__ import annotations

import math

from django import forms

MAX_QUERY_LENGTH = 100


class FindForm(forms.Form):
    """The one search box: a postcode, a town or village, or "lat,lng"."""

    q = forms.CharField(
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "required": "Enter a postcode, town or village",
            "max_length": f"Enter {MAX_QUERY_LENGTH} characters or fewer",
        },
    )


def parse_point(lat: str | None, lng: str | None) -> tuple[float, float] | None:
    """A latitude and longitude from query parameters, or None when either is not a usable number."""
    if len(lat or "") > 30 or len(lng or "") > 30:
        return None
    try:
        la, ln = float(lat or ""), float(lng or "")
    except ValueError:
        return None
    if not (math.isfinite(la) and math.isfinite(ln)) or not (-90 <= la <= 90 and -180 <= ln <= 180):
        return None
    return la, ln
