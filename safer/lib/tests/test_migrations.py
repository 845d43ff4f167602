"""The migrations and the models agree: no model change lacks its migration, and a database built by
running every migration has the same tables, columns, keys and indexes as one made from the models
(which is how the test databases are made: safer/conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

DUMP = """
import json, django
django.setup()
from django.db import connection
from safer.lib.tests.test_migrations import schema_of
print(json.dumps(schema_of(connection)))
"""


def schema_of(db: Any) -> dict[str, Any]:
    """Every table's columns (name, type, null) and its constraints and indexes by what they cover
    (names left out: an automatic name may differ and nothing refers to one)."""
    introspection = db.introspection
    schema: dict[str, Any] = {}
    with db.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            if table == "django_migrations":
                continue
            columns = [
                [c.name, str(c.type_code), bool(c.null_ok)]
                for c in introspection.get_table_description(cursor, table)
            ]
            constraints = sorted(
                json.dumps(
                    [
                        c["columns"],
                        bool(c["primary_key"]),
                        bool(c["unique"]),
                        c["foreign_key"] and list(c["foreign_key"]),
                        bool(c["index"]),
                        bool(c["check"]),
                    ]
                )
                for c in introspection.get_constraints(cursor, table).values()
            )
            schema[table] = {"columns": sorted(columns), "constraints": constraints}
    return schema


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _migrated_database_url(tmp_path: Path) -> tuple[str, str | None]:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}", None
    name = f"test_migrated_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}", name


@pytest.mark.django_db(transaction=True)
def test_running_every_migration_builds_the_schema_the_models_make(tmp_path: Path) -> None:
    url, created = _migrated_database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "PYTHONPATH": str(ROOT),
    }
    try:
        subprocess.run([sys.executable, "-m", "safer", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        dumped = subprocess.run(
            [sys.executable, "-c", DUMP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
    finally:
        if created:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {created} WITH (FORCE)")
    migrated = json.loads(dumped.stdout.strip().splitlines()[-1])
    from_models = schema_of(connection)
    assert migrated.keys() == from_models.keys()
    # Django's own apps are left out: on PostgreSQL their migrations give auth's join tables a bigint
    # id where the models say integer, a difference of Django's, harmless and not ours to fix.
    ours = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("safer.")
    }
    assert len(ours) > 100
    for table in sorted(ours):
        assert migrated[table] == from_models[table], table
