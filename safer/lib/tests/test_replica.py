"""The read-replica router: inactive unless a replica is configured; then only anonymous public
GET/HEAD requests read from it, and nothing ever writes to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from safer.lib.replica import ReplicaReadsMiddleware, ReplicaRouter, replica_reads, wants_replica
from safer.places.models import Neighbourhood

WITH_REPLICA = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


def test_without_a_replica_url_nothing_is_installed() -> None:
    assert "replica" not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == []
    assert "safer.lib.replica.ReplicaReadsMiddleware" not in settings.MIDDLEWARE


def test_router_reads_from_default_when_no_replica_is_configured() -> None:
    with replica_reads():
        assert ReplicaRouter().db_for_read(Neighbourhood) is None


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@override_settings(DATABASES=WITH_REPLICA)
def test_router_reads_from_the_replica_only_inside_replica_reads() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Neighbourhood) is None
    with replica_reads():
        assert router.db_for_read(Neighbourhood) == "replica"
        assert router.db_for_write(Neighbourhood) == "default"
    assert router.db_for_read(Neighbourhood) is None
    assert router.allow_migrate("replica", "places") is False
    assert router.allow_migrate("default", "places") is True


def test_only_anonymous_get_and_head_to_public_paths_want_the_replica() -> None:
    rf = RequestFactory()
    assert wants_replica(rf.get("/neighbourhoods/abbey/"))
    assert wants_replica(rf.head("/api/forces"))
    assert not wants_replica(rf.post("/neighbourhoods/abbey/"))
    assert not wants_replica(rf.get("/staff/"))
    signed_in = rf.get("/neighbourhoods/abbey/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert not wants_replica(signed_in)


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@override_settings(DATABASES=WITH_REPLICA)
def test_middleware_routes_reads_of_a_public_request_to_the_replica() -> None:
    seen: list[str | None] = []

    def view(request: object) -> object:
        seen.append(ReplicaRouter().db_for_read(Neighbourhood))
        return object()

    middleware = ReplicaReadsMiddleware(view)  # type: ignore[arg-type]
    rf = RequestFactory()
    middleware(rf.get("/neighbourhoods/abbey/"))
    middleware(rf.post("/neighbourhoods/abbey/"))
    assert seen == ["replica", None]
    assert ReplicaRouter().db_for_read(Neighbourhood) is None  # reset after the request


def test_replica_url_and_transaction_pooling_configure_settings() -> None:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DATABASES['replica']['HOST'], s.DATABASES['replica']['TEST'],"
        " s.DATABASE_ROUTERS, 'safer.lib.replica.ReplicaReadsMiddleware' in s.MIDDLEWARE,"
        " s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'),"
        " s.DATABASES['replica'].get('DISABLE_SERVER_SIDE_CURSORS')]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "DATABASE_URL": "postgres://app@primary.example:5432/safer",
        "DATABASE_REPLICA_URL": "postgres://app@replica.example:5432/safer",
        "DATABASE_TRANSACTION_POOLING": "true",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    host, test, routers, middleware, default_cursors, replica_cursors = json.loads(
        out.stdout.splitlines()[-1]
    )
    assert host == "replica.example"
    assert test["MIRROR"] == "default"  # the test run reads the replica from default
    assert routers == ["safer.lib.replica.ReplicaRouter"]
    assert middleware is True
    assert default_cursors is True and replica_cursors is True
