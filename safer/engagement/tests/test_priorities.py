"""Priorities: published by a sergeant as "you said, we did", flagged when not reviewed for 3 months."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from safer.engagement import actions
from safer.engagement.models import Priority
from safer.testing import create_priority, sign_in


def test_it_lets_only_a_supervisor_publish(team):
    priority = create_priority(team.neighbourhood)
    with pytest.raises(PermissionDenied):
        actions.publish_priority(team.pcso, priority)
    assert not Priority.objects.get().is_published
    actions.publish_priority(team.sergeant, priority)
    published = Priority.objects.get()
    assert published.is_published and published.published_by == team.sergeant


def test_it_shows_a_published_priority_under_you_said_we_did(client, team):
    sign_in(client, team.pcso)
    client.post(
        reverse("engagement:staff-priority-new", args=[team.neighbourhood.slug]),
        {
            "issue": "Speeding on the Homend",
            "issue_date": "2026-11-01",
            "action": "Speed checks on three mornings",
        },
    )
    priority = Priority.objects.get()
    assert priority.action_date == timezone.localdate()
    page = client.get(team.neighbourhood.get_absolute_url()).content.decode()
    assert "Speeding on the Homend" not in page
    sign_in(client, team.sergeant)
    assert client.post(reverse("engagement:staff-priority-publish", args=[priority.pk])).status_code == 302
    page = client.get(team.neighbourhood.get_absolute_url()).content.decode()
    section = page[page.index("You said, we did") :]
    assert "Speeding on the Homend" in section and "Speed checks on three mornings" in section
    assert (
        "Speeding on the Homend"
        in client.get(f"/engagement/{team.neighbourhood.slug}/priorities/").content.decode()
    )


def test_it_answers_403_when_a_pcso_tries_to_publish(client, team):
    priority = create_priority(team.neighbourhood)
    sign_in(client, team.pcso)
    assert client.post(reverse("engagement:staff-priority-publish", args=[priority.pk])).status_code == 403
    assert not Priority.objects.get().is_published


def test_it_flags_a_priority_not_reviewed_for_three_months(client, team):
    today = timezone.localdate()
    stale = create_priority(team.neighbourhood, issue="Old worry", issue_date=today - dt.timedelta(days=100))
    fresh = create_priority(
        team.neighbourhood,
        issue="New worry",
        issue_date=today - dt.timedelta(days=100),
        reviewed_on=today - dt.timedelta(days=20),
    )
    assert stale.needs_review(today) and not fresh.needs_review(today)
    sign_in(client, team.pcso)
    html = client.get(reverse("engagement:staff-home")).content.decode()
    flagged = html[html.index("Priorities not reviewed for three months") :]
    assert "Old worry" in flagged and "New worry" not in flagged
    client.post(reverse("engagement:staff-priority-review", args=[stale.pk]))
    stale.refresh_from_db()
    assert not stale.needs_review(today)


def test_it_says_no_action_is_recorded_yet_rather_than_that_work_has_started(client, team):
    nb = team.neighbourhood
    create_priority(nb, issue="Parking on the verges", is_published=True)
    for url in (nb.get_absolute_url(), reverse("engagement:priorities", args=[nb.slug])):
        html = " ".join(client.get(url).content.decode().split())
        assert "Parking on the verges" in html
        assert (
            '<dt class="govuk-summary-list__key">Action</dt>'
            '<dd class="govuk-summary-list__value">Not yet recorded</dd>' in html
        ), url
        assert "We did" not in html and "Work has started" not in html, url
    [item] = client.get(f"/api/{nb.force.slug}/{nb.code}/priorities").json()
    assert item["action"] is None and item["issue"] == "Parking on the verges"


def test_it_shows_what_was_done_once_there_is_an_action(client, team):
    create_priority(
        team.neighbourhood,
        issue="Speeding",
        action="Speed checks",
        action_date=dt.date(2026, 11, 2),
        is_published=True,
    )
    html = client.get(reverse("engagement:priorities", args=[team.neighbourhood.slug])).content.decode()
    assert "We did" in html and "Speed checks" in html and "Updated 2 November 2026" in html
    assert "Not yet recorded" not in html
