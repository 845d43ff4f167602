"""Victim contacts and prevention records moved out of crime in issue 8 without losing a row: the
migrations are run backwards to the old layout, rows are written there, and forwards again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from safer.problems.models import PreventionAction, PreventionVisit

# The victims app moved in the same change; looked up by name so this app never imports it.
RepeatVictimContact = apps.get_model("victims", "RepeatVictimContact")

CRIME_BEFORE = ("crime", "0002_crime_keys_checked_by_importer")
BEFORE: list[tuple[str, str | None]] = [CRIME_BEFORE, ("victims", None), ("problems", None)]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_rows_written_before_the_move_are_there_after_it() -> None:
    # The test database is made from the models (safer/conftest.py), which test_migrations.py
    # proves is the migrations' end state: record that state as applied, then go back for real.
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes(), fake=True)
    old = migrate(BEFORE).loader.project_state(CRIME_BEFORE).apps
    tables = connection.introspection.table_names()
    assert "crime_repeatvictimcontact" in tables and "victims_repeatvictimcontact" not in tables
    incident = old.get_model("crime", "Incident").objects.create(
        reference="OLD-1",
        occurred_at=dt.datetime(2025, 3, 1, 21, 30, tzinfo=dt.UTC),
        category="burglary-residential",
        latitude=52.19,
        longitude=-2.22,
        easting=385_000.0,
        northing=255_000.0,
    )
    old.get_model("crime", "RepeatVictimContact").objects.create(incident=incident, method="phone")
    action = old.get_model("crime", "PreventionAction").objects.create(
        trigger=incident, visit_by=dt.date(2025, 3, 2), message_subject="s", message_body="b"
    )
    old.get_model("crime", "PreventionVisit").objects.create(
        action=action, target="High Street", households=3, delivered="advice"
    )

    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    tables = connection.introspection.table_names()
    assert "crime_repeatvictimcontact" not in tables and "crime_preventionaction" not in tables
    assert RepeatVictimContact.objects.get().incident.reference == "OLD-1"
    visit = PreventionVisit.objects.select_related("action__trigger").get()
    assert (visit.target, visit.action.trigger.reference) == ("High Street", "OLD-1")
    assert PreventionAction.objects.get().visits.count() == 1


@pytest.mark.parametrize(
    "model", [RepeatVictimContact, PreventionAction, PreventionVisit], ids=lambda m: m.__name__
)
def test_the_moved_models_are_in_their_apps_admin_read_only(admin_client: Client, model: type[Model]) -> None:
    label, name = model._meta.app_label, model._meta.model_name
    assert label in ("victims", "problems")
    assert admin_client.get(reverse(f"admin:{label}_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{label}_{name}_add")).status_code == 403
    assert ContentType.objects.get_for_model(model).app_label == label
