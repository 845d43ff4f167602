"""Work mobiles stored as typed before safer/lib/phones.py are moved to E.164 by a data migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from safer.teams.models import Person
from safer.testing import create_person

migration = importlib.import_module("safer.teams.migrations.0002_work_mobile_e164")


@pytest.mark.django_db
def test_stored_national_numbers_become_e164_and_back():
    typed = create_person(work_mobile="07700 900123")
    stored = create_person(work_mobile="+447700900456")
    none = create_person(work_mobile="")
    migration.to_e164(apps, None)
    assert Person.objects.get(pk=typed.pk).work_mobile == "+447700900123"
    assert Person.objects.get(pk=stored.pk).work_mobile == "+447700900456"
    assert Person.objects.get(pk=none.pk).work_mobile == ""
    migration.to_national(apps, None)
    assert Person.objects.get(pk=typed.pk).work_mobile == "07700 900123"
