"""Training records imported from the learning system (errors name their lines, all or nothing) and
duty spells (abstraction with a reason) that the charter's team measures count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.lib.metrics import Period
from safer.places.models import Neighbourhood
from safer.teams import actions
from safer.teams.metrics import abstraction_rate, npp_training_completed, time_in_community
from safer.teams.models import DutyKind, DutySpell, Rank, TrainingRecord
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in

pytestmark = pytest.mark.django_db


def upload(client, text: str):
    file = SimpleUploadedFile("training.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("teams:training-import"), {"file": file})


@pytest.fixture
def team(client):
    nb = create_neighbourhood()
    pc = create_person(nb, rank=Rank.PC, collar_number="PC123")
    pcso = create_person(nb, rank=Rank.PCSO, collar_number="PCSO9")
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    sign_in(client, sergeant)
    return nb, pc, pcso, sergeant


def test_a_file_with_errors_imports_nothing_and_names_each_bad_line(client, team) -> None:
    response = upload(
        client,
        "collar_number,course,completed_on,expires_on\n"
        "PC123,npp,2026-01-10,\n"
        "XX999,npp,2026-01-10,\n"
        "PCSO9,juggling,31/02/2026,\n",
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Line 3: no team member in your teams has collar number &#x27;XX999&#x27;" in text
    assert "Line 4: unknown course" in text and "completed_on &#x27;31/02/2026&#x27; is not a date" in text
    assert not TrainingRecord.objects.exists()


def test_a_good_file_imports_and_the_training_measure_counts_current_records(client, team) -> None:
    nb, pc, pcso, sergeant = team
    today = timezone.localdate()
    response = upload(
        client,
        "Collar_Number,Course,Completed_On,Expires_On\n"
        f"pc123,Neighbourhood Policing Programme,{today - dt.timedelta(days=30):%d/%m/%Y},\n"
        f"PCSO9,npp,2020-01-01,{today - dt.timedelta(days=1)}\n",
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="training.imported", actor=sergeant).exists()
    m = npp_training_completed(Neighbourhood.objects.filter(pk=nb.pk), Period(today, today))
    assert (m.numerator, m.denominator) == (1, 2)  # the PCSO's record has expired
    again = upload(client, f"collar_number,course,completed_on\nPC123,npp,{today - dt.timedelta(days=30)}\n")
    assert again.status_code == 302 and TrainingRecord.objects.count() == 2  # same completion: updated


def test_abstraction_needs_a_reason_and_is_recorded_as_a_duty_spell(client, team) -> None:
    nb, pc, pcso, sergeant = team
    until = timezone.localtime(timezone.now() + dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("teams:duty", args=[pc.pk])
    refused = client.post(url, {"status": "abstracted", "until": until})
    assert refused.status_code == 200 and "Choose why you were abstracted" in refused.content.decode()
    assert not DutySpell.objects.exists()
    assert client.post(url, {"status": "abstracted", "reason": "response", "until": until}).status_code == 302
    spell = DutySpell.objects.get()
    assert (spell.kind, spell.reason) == (DutyKind.ABSTRACTED, "response")
    pc.refresh_from_db()
    assert not pc.on_duty  # not available to the neighbourhood while abstracted
    event = AuditEvent.objects.filter(action="duty_status.changed").latest("pk")
    assert event.changes["abstraction_reason"] == ["", "response"]


def test_time_in_community_and_abstraction_come_from_the_duty_records(team) -> None:
    nb, pc, pcso, sergeant = team
    day = timezone.localdate() - dt.timedelta(days=2)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    DutySpell.objects.create(
        person=pc, kind=DutyKind.COMMUNITY, started_at=start, ended_at=start + dt.timedelta(hours=6)
    )
    DutySpell.objects.create(
        person=pcso, kind=DutyKind.STATION, started_at=start, ended_at=start + dt.timedelta(hours=2)
    )
    DutySpell.objects.create(
        person=pcso,
        kind=DutyKind.ABSTRACTED,
        reason="custody",
        started_at=start + dt.timedelta(hours=2),
        ended_at=start + dt.timedelta(hours=4),
    )
    qs = Neighbourhood.objects.filter(pk=nb.pk)
    period = Period(day - dt.timedelta(days=1), day)
    assert time_in_community(qs, period).value == 60.0
    assert abstraction_rate(qs, period).value == 20.0
    # The records begin on `day`, so a period starting earlier is not covered: no data, never met.
    assert not abstraction_rate(qs, period).covers(period)
    assert abstraction_rate(qs, Period(day, day)).covers(Period(day, day))


def test_set_duty_status_ends_the_open_spell_when_going_off_duty(team) -> None:
    nb, pc, pcso, sergeant = team
    now = timezone.now()
    actions.set_duty_status(sergeant, pc, on_duty=True, until=now + dt.timedelta(hours=4), now=now)
    later = now + dt.timedelta(hours=1)
    actions.set_duty_status(sergeant, pc, on_duty=False, until=None, now=later)
    spell = DutySpell.objects.get()
    assert spell.ended_at == later and spell.kind == DutyKind.COMMUNITY


def test_duty_hours_cut_each_stretch_to_the_period_as_a_brute_force_sum_does(team) -> None:
    """The database sums the overlaps; a plain loop over the same random stretches agrees."""
    import random

    from safer.teams.metrics import duty_hours

    nb, pc, pcso, sergeant = team
    rng = random.Random(7)
    tz = timezone.get_current_timezone()
    first_day = timezone.localdate() - dt.timedelta(days=20)
    spells = []
    for _ in range(40):
        began = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz) + dt.timedelta(
            minutes=rng.randrange(0, 20 * 24 * 60)
        )
        ended = began + dt.timedelta(minutes=rng.randrange(1, 30 * 60))
        kind = rng.choice(list(DutyKind.values))
        reason = "custody" if kind == DutyKind.ABSTRACTED else ""
        spells.append(
            DutySpell(
                person=rng.choice([pc, pcso]), kind=kind, reason=reason, started_at=began, ended_at=ended
            )
        )
    DutySpell.objects.bulk_create(spells)
    period = Period(first_day + dt.timedelta(days=5), first_day + dt.timedelta(days=12))
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    expected = dict.fromkeys(DutyKind.values, 0.0)
    for s in spells:
        overlap = (min(s.ended_at, end) - max(s.started_at, start)).total_seconds()
        if overlap > 0:
            expected[s.kind] += overlap / 3600
    hours, _ = duty_hours(Neighbourhood.objects.filter(pk=nb.pk), period)
    assert hours == pytest.approx(expected)
    assert 0 < sum(hours.values()) < sum((s.ended_at - s.started_at).total_seconds() for s in spells) / 3600
