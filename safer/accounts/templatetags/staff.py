"""Template helpers for staff pages: which sections of the back office this account sees.

The roles here mirror each app's `require_role` so the menu never offers a page that answers 403;
the views themselves remain the authority.
"""

from __future__ import annotations

from typing import Any

from django import template

from safer.accounts.scopes import (
    ADMINISTRATORS,
    CONTACT_READERS,
    CRIME_READERS,
    TEAM_EDITORS,
    VICTIM_READERS,
    VOLUNTEERING_STAFF,
    has_role,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context: dict[str, Any]) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return dict.fromkeys(
            ("teams", "alerts", "contact", "engagement", "crime", "victims", "volunteers", "admin"), False
        )
    return {
        "teams": has_role(user, TEAM_EDITORS),
        "alerts": has_role(user, TEAM_EDITORS),
        "contact": has_role(user, CONTACT_READERS),
        "engagement": has_role(user, TEAM_EDITORS),
        "crime": has_role(user, CRIME_READERS),
        # The victim service reads repeat victims but not the rest of crime analysis.
        "victims": has_role(user, VICTIM_READERS) and not has_role(user, CRIME_READERS),
        "volunteers": has_role(user, VOLUNTEERING_STAFF),
        "admin": has_role(user, ADMINISTRATORS),
    }
