"""Defect 16 (part): a colleague could rewrite someone else's draft, which then went out under the
author's name. Now whoever edits a draft becomes its author, and the edit is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from safer.accounts.models import AuditEvent, Role
from safer.alerts import actions
from safer.alerts.models import Message
from safer.alerts.tests.test_compose import compose_data, draft
from safer.testing import create_neighbourhood, create_staff, sign_in

pytestmark = pytest.mark.django_db


def test_a_colleague_who_edits_a_draft_becomes_its_author_and_the_edit_is_recorded(client: Client) -> None:
    nb = create_neighbourhood()
    writer = create_staff(Role.PCSO, neighbourhoods=[nb])
    colleague = create_staff(Role.PCSO, neighbourhoods=[nb])
    message = draft(writer, neighbourhoods=[nb])

    sign_in(client, colleague)
    form = client.get(f"/alerts/staff/messages/{message.pk}/edit/").content.decode()
    assert "it becomes your message and goes out under your name" in form
    edited = client.post(
        f"/alerts/staff/messages/{message.pk}/edit/",
        compose_data(title="Changed by a colleague", neighbourhoods=[nb.pk]),
    )
    assert edited.status_code == 302

    message = Message.objects.get(pk=message.pk)
    assert message.title == "Changed by a colleague"
    assert message.author == colleague
    event = AuditEvent.objects.get(action="alert.edited")
    assert event.actor == colleague and event.object_id == str(message.pk)
    assert event.changes["author"] == [writer.pk, colleague.pk]
    assert event.changes["title"] == ["Bike thefts", "Changed by a colleague"]

    # The first writer can no longer send words they did not write under their name.
    with pytest.raises(actions.ScopeError):
        actions.submit(writer, message)
    assert actions.submit(colleague, message).author == colleague


def test_the_author_editing_their_own_draft_stays_its_author(client: Client) -> None:
    nb = create_neighbourhood()
    writer = create_staff(Role.PCSO, neighbourhoods=[nb])
    message = draft(writer, neighbourhoods=[nb])
    sign_in(client, writer)
    client.post(
        f"/alerts/staff/messages/{message.pk}/edit/",
        compose_data(body="Better words", neighbourhoods=[nb.pk]),
    )
    message = Message.objects.get(pk=message.pk)
    assert message.author == writer and message.body == "Better words"
    event = AuditEvent.objects.get(action="alert.edited")
    assert "author" not in event.changes and event.changes["body"][1] == "Better words"
