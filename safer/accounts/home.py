"""What the apps above accounts add to the staff home page.

accounts sits beneath the apps whose work the home page points to, so it cannot import them; each
registers a section instead, from its AppConfig.ready(). A section is given the signed-in user and
returns extra template context for accounts/home.html (teams adds the people whose details need
checking), or an empty dict when it has nothing for this user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

User = AbstractBaseUser | AnonymousUser
HomeSection = Callable[[User], Mapping[str, Any]]

SECTIONS: list[HomeSection] = []


def section(func: HomeSection) -> HomeSection:
    """Register `func` as a staff home section (once, however often the module is imported)."""
    if func not in SECTIONS:
        SECTIONS.append(func)
    return func


def sections_context(user: User) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for func in SECTIONS:
        context.update(func(user))
    return context
