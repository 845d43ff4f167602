"""The demo build from an empty database, twice. A module of its own: it commits (flush needs
committed rows for PostgreSQL's TRUNCATE), so it must not run inside another module's demo_data
transaction."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from safer.demo.builder import build_demo
from safer.demo.tests.test_build import snapshot


@pytest.mark.django_db(transaction=True)  # flush needs committed rows (PostgreSQL TRUNCATE)
def test_it_builds_the_same_data_on_every_run():
    build_demo()
    first = snapshot()
    # Empty every table (other apps' demo rows included), as on a fresh database.
    call_command("flush", interactive=False, verbosity=0)
    build_demo()
    assert snapshot() == first
