"""Template helpers for staff pages: which sections of the back office this account sees.

The roles here mirror each app's `require_role` so the menu never offers a page that answers 403;
the views themselves remain the authority.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from safer.accounts.scopes import (
    ADMINISTRATORS,
    CASE_REVIEWERS,
    COMMUNITY_STAFF,
    CONTACT_READERS,
    CRIME_READERS,
    DATA_PROTECTION,
    PARTNERS,
    PARTNERSHIP_READERS,
    PLAN_READERS,
    TEAM_EDITORS,
    VICTIM_READERS,
    VICTIM_RECORD_READERS,
    VOLUNTEERING_STAFF,
    has_role,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context: dict[str, Any]) -> dict[str, bool]:
    request = context.get("request")
    # No request (a template rendered outside one): an anonymous user, for whom every link is off.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "teams": has_role(user, TEAM_EDITORS),
        "alerts": has_role(user, TEAM_EDITORS),
        "contact": has_role(user, CONTACT_READERS),
        "engagement": has_role(user, TEAM_EDITORS),
        "crime": has_role(user, CRIME_READERS),
        # The victim service reads repeat victims but not the rest of crime analysis.
        "victims": has_role(user, VICTIM_READERS) and not has_role(user, CRIME_READERS),
        "victim_records": has_role(user, VICTIM_RECORD_READERS),
        "victims_log": has_role(user, DATA_PROTECTION),
        "community": has_role(user, COMMUNITY_STAFF),
        "volunteers": has_role(user, VOLUNTEERING_STAFF),
        "admin": has_role(user, ADMINISTRATORS),
        "partners": has_role(user, PARTNERSHIP_READERS),
        "case_reviews": has_role(user, CASE_REVIEWERS),
        "my_agency": has_role(user, PARTNERS),
        "problems": has_role(user, PLAN_READERS),
    }
