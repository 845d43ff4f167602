"""The audit log: append-only, and its page for administrators (filter, newest first, 50 a page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts import audit
from safer.accounts.models import AuditEvent, Role
from safer.testing import create_person, create_staff, sign_in


@pytest.fixture
def admin_client(client, db):
    admin = create_staff(Role.ADMINISTRATOR)
    sign_in(client, admin)
    client.admin = admin
    return client


def test_it_refuses_to_change_or_delete_an_event(db):
    person = create_person()
    event = audit.record(None, "contact_details.changed", person, {"work_email": ["a", "b"]})
    event.action = "something.else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "contact_details.changed"


def test_it_lists_events_newest_first_with_actor_and_changes(admin_client):
    person = create_person()
    audit.record(
        admin_client.admin, "details.verified", person, {"details_verified_on": [None, "2026-01-02"]}
    )
    audit.record(
        admin_client.admin, "contact_details.changed", person, {"work_email": ["old@x.uk", "new@x.uk"]}
    )
    html = admin_client.get(reverse("accounts:audit")).content.decode()
    assert html.index("contact_details.changed") < html.index("details.verified")
    assert "old@x.uk" in html and "new@x.uk" in html
    assert admin_client.admin.username in html
    assert f"teams.person #{person.pk}" in html


def test_it_filters_by_action_and_object_type(admin_client):
    person = create_person()
    audit.record(None, "contact_details.changed", person, {})
    audit.record(None, "role.changed", admin_client.admin, {})
    response = admin_client.get(reverse("accounts:audit"), {"action": "role.changed"})
    events = [event for event, _ in response.context["rows"]]
    assert [e.action for e in events] == ["role.changed"]
    response = admin_client.get(reverse("accounts:audit"), {"object_type": "teams.person"})
    assert [e.action for e, _ in response.context["rows"]] == ["contact_details.changed"]


def test_it_pages_fifty_events_at_a_time(admin_client):
    person = create_person()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(action=f"test.{i:03d}", object_type="teams.person", object_id=str(person.pk))
            for i in range(120)
        ]
    )
    first = admin_client.get(reverse("accounts:audit"))
    assert len(first.context["rows"]) == 50
    assert 'class="govuk-pagination"' in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    last = admin_client.get(reverse("accounts:audit"), {"page": 3})
    assert len(last.context["rows"]) == 20
    filtered = admin_client.get(reverse("accounts:audit"), {"action": "test.001"})
    assert len(filtered.context["rows"]) == 1
