"""Re-importing a police.uk month whose crimes a plan links to: the importer stops with a clear
error and nothing changes, on SQLite as on PostgreSQL (SQLite once left the links dangling)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safer.accounts.models import Role
from safer.crime.bulk import RowsStillLinked
from safer.crime.importers import import_path
from safer.crime.models import Crime
from safer.problems.models import Plan
from safer.problems.tests.factories import new_plan
from safer.testing import create_area, create_neighbourhood, create_staff

DATA = Path(__file__).resolve().parents[2] / "crime" / "data"

pytestmark = pytest.mark.django_db


def test_a_month_a_plan_links_to_is_not_replaced_and_nothing_changes() -> None:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), area=create_area(), name="Worcester Central")
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    plan = new_plan(create_staff(Role.PC, neighbourhoods=[nb]), nb)
    linked = list(Crime.objects.filter(month="2019-01", neighbourhood=nb).values_list("pk", flat=True)[:25])
    plan.crimes.set(linked)
    before = (Crime.objects.count(), sorted(Crime.objects.values_list("pk", flat=True))[:50])

    with pytest.raises(RowsStillLinked) as refused:
        import_path(DATA / "2019-01-west-mercia-street.csv")

    message = str(refused.value)
    assert "2019-01" in message and "25 from" in message and "Nothing was imported" in message
    assert (Crime.objects.count(), sorted(Crime.objects.values_list("pk", flat=True))[:50]) == before
    assert sorted(Plan.objects.get(pk=plan.pk).crimes.values_list("pk", flat=True)) == sorted(linked)
    # Another month, which no plan links to, imports as before.
    import_path(DATA / "2019-02-west-mercia-street.csv")
    assert Crime.objects.filter(month="2019-02").exists()
