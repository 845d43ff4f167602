"""Parish councils: agreements, meetings attended, and the quarterly update (PDF and email)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safer.alerts.models import OutboxMessage
from safer.engagement import actions, tasks
from safer.engagement.calendar import quarter_of
from safer.engagement.models import Concern, ParishUpdate
from safer.engagement.pdf import parish_update_pdf
from safer.teams.models import Rank
from safer.testing import (
    create_council,
    create_event,
    create_person,
    create_priority,
    send_queued_messages,
    sign_in,
)

TZ = timezone.get_current_timezone()


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_it_replaces_the_current_agreement_with_a_new_one(team):
    council = create_council(team.neighbourhood)
    fields = {"updates": "Quarterly written update", "frequency": "quarterly", "meetings_per_quarter": 1}
    old = actions.save_agreement(team.pcso, council, {"agreed_on": dt.date(2025, 4, 1), **fields})
    actions.save_agreement(team.pcso, council, {"agreed_on": dt.date(2026, 4, 1), **fields})
    old.refresh_from_db()
    assert old.ends_on == dt.date(2026, 3, 31)
    assert [a.is_current(dt.date(2026, 5, 1)) for a in council.agreements.order_by("agreed_on")] == [
        False,
        True,
    ]


def test_it_gives_the_calendar_quarter_of_a_day():
    assert quarter_of(dt.date(2026, 11, 27)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter_of(dt.date(2026, 2, 1)) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def quarter_data(team):
    council = create_council(team.neighbourhood, name="Ledbury Town Council")
    sergeant = create_person(team.neighbourhood, given_name="Sanjay", family_name="Patel", rank=Rank.SERGEANT)
    actions.record_meeting(team.pcso, council, {"date": dt.date(2026, 8, 4), "mode": "online"}, [sergeant])
    create_priority(
        team.neighbourhood, issue="Speeding on the Homend", is_published=True, action="Speed checks held"
    )
    visit = dt.datetime(2026, 8, 12, 10, 0, tzinfo=TZ)
    create_event(team.neighbourhood, title="Engagement vehicle at the Market House", start=visit)
    Concern.objects.create(
        neighbourhood=team.neighbourhood,
        parish=council.parish,
        category="speeding",
        source="survey",
        recorded_at=dt.datetime(2026, 8, 20, 12, tzinfo=TZ),
    )
    return council


def test_it_writes_a_quarterly_update_pdf_with_the_team_dates_and_priorities(team):
    council = quarter_data(team)
    text = text_of(parish_update_pdf(council, dt.date(2026, 8, 15)))
    assert "Policing update for Ledbury Town Council" in text
    assert "1 July to 30 September 2026" in text
    assert "Sergeant Sanjay Patel" in text and "PCSO Priya Clarke" in text
    assert "Speeding on the Homend" in text and "Speed checks held" in text
    assert "4 August 2026 (online)" in text
    assert "Engagement vehicle at the Market House" in text and "Wed 12 Aug 2026" in text
    assert "Speeding and road safety" in text


def test_it_lists_only_events_that_have_happened_as_the_quarters_and_only_later_ones_as_coming_up(
    team, monkeypatch
):
    now = dt.datetime(2026, 11, 27, 12, 0, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: now)
    council = create_council(team.neighbourhood)
    nb = team.neighbourhood
    create_event(nb, title="Held in October", start=dt.datetime(2026, 10, 14, 10, tzinfo=TZ))
    create_event(nb, title="Under way now", start=now - dt.timedelta(hours=1))
    create_event(nb, title="Beat meeting", start=dt.datetime(2026, 12, 1, 19, tzinfo=TZ))
    create_event(nb, title="Next year", start=dt.datetime(2027, 1, 12, 19, tzinfo=TZ))
    text = text_of(parish_update_pdf(council, dt.date(2026, 11, 27)))
    quarter = text[text.index("Engagement events this quarter") : text.index("Coming up")]
    coming = text[text.index("Coming up") : text.index("Concerns raised in your parish")]
    assert "Held in October" in quarter and "Under way now" in quarter
    assert "Beat meeting" not in quarter and "Next year" not in quarter
    assert "Beat meeting" in coming and "Tue 1 Dec 2026" in coming and "Next year" in coming
    assert "Held in October" not in coming and "Under way now" not in coming


def test_it_says_when_no_action_is_recorded_yet_rather_than_that_work_has_started(team):
    council = create_council(team.neighbourhood)
    create_priority(team.neighbourhood, issue="Parking on the verges", is_published=True)
    text = text_of(parish_update_pdf(council, timezone.localdate()))
    assert "Parking on the verges Set" in text and "Not yet recorded." in text
    assert "under way" not in text.lower()


def test_it_emails_the_update_to_the_clerk_once(team, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = "outbox://"
    council = quarter_data(team)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update = actions.send_parish_update(team.pcso, council, dt.date(2026, 8, 15))
    assert len(callbacks) == 1 and update.quarter_start == dt.date(2026, 7, 1)
    assert tasks.email_parish_update.call(update.pk) is True
    assert ParishUpdate.objects.get().sent_at is None  # stored for sending, not sent yet
    send_queued_messages()
    assert tasks.email_parish_update.call(update.pk) is False
    [mail] = OutboxMessage.objects.all()
    assert mail.to_address == council.clerk_email
    assert mail.subject == "Policing update for Ledbury Town Council: July to September 2026"
    assert "Attached: policing-update-2026-07.pdf" in mail.body
    assert ParishUpdate.objects.get().sent_at is not None


def test_it_will_not_send_without_a_clerks_address(team):
    council = create_council(team.neighbourhood, clerk_email="")
    with pytest.raises(ValidationError):
        actions.send_parish_update(team.pcso, council, dt.date(2026, 8, 15))
    assert not ParishUpdate.objects.exists()


def test_it_serves_the_update_pdf_and_records_meetings_on_the_staff_page(client, team):
    council = quarter_data(team)
    sign_in(client, team.pcso)
    pdf = client.get(
        reverse("engagement:staff-council-update-pdf", args=[council.pk]) + "?quarter=2026-08-01"
    )
    assert pdf["Content-Type"] == "application/pdf" and "Ledbury Town Council" in text_of(pdf.content)
    url = reverse("engagement:staff-council", args=[council.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    bad = client.post(
        url, {"meeting": "1", "date": future, "mode": "in-person", "attended_by": [team.officer.pk]}
    )
    assert "Record a meeting once it has happened" in bad.content.decode()
    assert council.meetings.count() == 1
    ok = client.post(
        url, {"meeting": "1", "date": "2026-09-01", "mode": "in-person", "attended_by": [team.officer.pk]}
    )
    assert ok.status_code == 302 and council.meetings.count() == 2
    public = client.get(reverse("engagement:council", args=[council.pk])).content.decode()
    assert "1 September 2026 (in person)" in public
