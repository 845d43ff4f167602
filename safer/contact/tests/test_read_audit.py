"""Defect 16: every staff read of a resident's message is in the audit log; the inbox, which shows
no personal details, is not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role
from safer.testing import create_contact_message, create_neighbourhood, create_staff, sign_in


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PC, Role.CONTACT_CENTRE])
def test_opening_a_message_writes_who_read_it(client: Client, role: str) -> None:
    team = create_neighbourhood()
    message = create_contact_message(team)
    reader = create_staff(role, neighbourhoods=[team])
    sign_in(client, reader)
    assert client.get(reverse("contact:inbox")).status_code == 200
    assert not AuditEvent.objects.filter(action="contact.message.read").exists()
    for _ in range(2):
        assert client.get(reverse("contact:message", args=[message.pk])).status_code == 200
    reads = AuditEvent.objects.filter(action="contact.message.read")
    assert reads.count() == 2
    assert {(e.actor_id, e.object_type, e.object_id) for e in reads} == {
        (reader.pk, "contact.contactmessage", str(message.pk))
    }


@pytest.mark.django_db
def test_a_refused_read_is_not_recorded_as_a_read(client: Client) -> None:
    message = create_contact_message(create_neighbourhood())
    sign_in(client, create_staff(Role.PC, neighbourhoods=[create_neighbourhood()]))
    assert client.get(reverse("contact:message", args=[message.pk])).status_code == 404
    assert not AuditEvent.objects.exists()
