"""Tests that commit are followed by a flush (on PostgreSQL, safer/conftest.py deletes the rows of
the tables that have any, rather than Django's TRUNCATE of every table). The next test must find
every table empty, rows linked by foreign keys included. The two tests run in this order."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from safer.accounts.models import Role
from safer.testing import create_neighbourhood, create_person, create_staff, create_subscriber

# Django's flush puts these back at once (post_migrate), as it always has.
REMADE = {Permission, ContentType}


def _rows_per_table() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in REMADE
    }


@pytest.mark.django_db(transaction=True)
def test_a_test_that_commits_rows_in_linked_tables() -> None:
    neighbourhood = create_neighbourhood()
    create_person(neighbourhood)
    create_staff(Role.SERGEANT, neighbourhoods=[neighbourhood])
    create_subscriber([neighbourhood])
    assert sum(_rows_per_table().values()) > 8


@pytest.mark.django_db(transaction=True)
def test_the_next_test_finds_every_table_empty() -> None:
    assert {label: n for label, n in _rows_per_table().items() if n} == {}
