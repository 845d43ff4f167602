"""The access matrix covers every staff URL: a new staff page cannot ship without its rows.

The test walks the whole URL conf. A staff URL is any view wrapped by `scopes.require_role` (it
carries `staff_roles`) and any route with a `staff/` segment or under a back-office prefix; such a
route without `require_role` fails unless it is one of the sign-in pages listed below. Each staff
route needs a GET row unless its view refuses GET, and a POST row unless its view refuses POST
(views that only read declare `require_safe`, so a POST to them is a 405).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic import RedirectView

from safer.accounts.tests.matrix import Row, build_world, route_of

BACK_OFFICE_PREFIXES = ("crime/",)
# Reached before any role is known: they are how a staff account signs in.
SIGN_IN_PAGES = {
    "accounts:sign-in",
    "accounts:two-factor",
    "accounts:set-up",
    "accounts:enrol",
    "accounts:sign-out",
    "accounts:force-sign-in",
    "accounts:force-callback",
    "accounts:force-refused",
}


def every_route(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    """(route, namespaced name, view) for every pattern, through every include."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from every_route(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(n for n in (namespace, pattern.name or "") if n)
            yield prefix + str(pattern.pattern), name, pattern.callback


def allowed_methods(view: Callable[..., Any]) -> set[str]:
    """The methods a view's `require_http_methods` family decorators let through (all if none)."""
    seen: set[int] = set()
    current: Any = view
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for cell in getattr(current, "__closure__", None) or ():
            value = cell.cell_contents
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return set(value)
        current = getattr(current, "__wrapped__", None)
    return {"GET", "POST"}


def is_staff_route(route: str, view: Any) -> bool:
    if route.startswith("admin/"):
        return False  # the Django admin: its own site, see test_admin_site_needs_an_administrator
    if isinstance(getattr(view, "view_class", None), type) and issubclass(view.view_class, RedirectView):
        return False  # an old address that only redirects to a page with its own rows
    return hasattr(view, "staff_roles") or "staff/" in route or route.startswith(BACK_OFFICE_PREFIXES)


def staff_routes() -> dict[str, tuple[str, Any]]:
    return {
        name or route: (route, view)
        for route, name, view in every_route(get_resolver())
        if is_staff_route(route, view)
    }


def all_rows() -> list[Row]:
    """Every app's `tests/test_access_matrix.py` ROWS."""
    rows: list[Row] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("safer."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.test_access_matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(getattr(module, "ROWS", []))
    return rows


def test_every_staff_view_requires_a_role() -> None:
    unguarded = [
        f"{name} ({route})"
        for name, (route, view) in staff_routes().items()
        if not hasattr(view, "staff_roles") and name not in SIGN_IN_PAGES
    ]
    assert not unguarded, f"staff URLs without scopes.require_role: {unguarded}"


@pytest.mark.django_db
def test_every_staff_url_and_method_has_a_row_in_the_access_matrix() -> None:
    world = build_world()
    covered = {route_of(row, world) for row in all_rows()}
    missing = []
    for name, (route, view) in staff_routes().items():
        if name in SIGN_IN_PAGES:
            continue
        methods = allowed_methods(view)
        for method in ("get", "post"):
            if method.upper() in methods and (name, method) not in covered:
                missing.append(f"{method.upper()} {name} (/{route})")
    assert not missing, "staff URLs with no row in any tests/test_access_matrix.py:\n" + "\n".join(missing)


def test_the_route_walker_finds_known_staff_pages() -> None:
    routes = staff_routes()
    assert {"teams:add-member", "crime:overview", "contact:reply", "engagement:staff-home"} <= set(routes)
    assert allowed_methods(routes["contact:reply"][1]) == {"POST"}
    assert allowed_methods(routes["accounts:home"][1]) == {"GET", "HEAD"}


@pytest.mark.django_db
def test_admin_site_opens_only_what_an_account_is_given(client: Any) -> None:
    """The Django admin is outside the matrix, and gated by Django's own flags: anonymous goes to
    sign-in; a staff role opens nothing without is_staff, and with it only the models it holds
    permissions for (the alerts admin then hides addresses from non-administrators)."""
    from django.contrib import admin
    from django.contrib.auth.models import User

    from safer.accounts.models import Role
    from safer.testing import create_staff, sign_in

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(("/staff/sign-in/", "/admin/login/"))
    models = []
    for model in admin.site._registry:
        meta = model._meta
        models += [
            f"/admin/{meta.app_label}/{meta.model_name}/",
            f"/admin/{meta.app_label}/{meta.model_name}/add/",
        ]
    for role in sorted(set(Role.values) - {Role.ADMINISTRATOR}):
        user = create_staff(role)
        sign_in(client, user)
        assert [p for p in ["/admin/", *models] if client.get(p).status_code not in (302, 403)] == [], role
        User.objects.filter(pk=user.pk).update(is_staff=True)  # the flag without permissions
        assert [p for p in models if client.get(p).status_code != 403] == [], role
    administrator = create_staff(Role.ADMINISTRATOR)
    User.objects.filter(pk=administrator.pk).update(is_staff=True, is_superuser=True)
    sign_in(client, administrator)
    assert client.get("/admin/").status_code == 200
