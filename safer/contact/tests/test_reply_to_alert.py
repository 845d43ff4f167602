"""Residents reply to a Neighbourhood Matters message: the link in each message's email opens the
team's contact form naming the message, and the reply reaches the team's inbox with it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.alerts.models import MessageStatus
from safer.alerts.render import render_content
from safer.alerts.tests.test_compose import draft
from safer.contact import actions
from safer.contact.models import ContactMessage
from safer.testing import create_neighbourhood, create_staff, sign_in


def sent_message(nb, title="Sheds broken into on Elm Road"):  # type: ignore[no-untyped-def]
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    message = draft(pcso, title=title, neighbourhoods=[nb], body="Please check your shed locks tonight.")
    message.status, message.sent_at = MessageStatus.SENT, timezone.now()
    message.save()
    return message, pcso


@pytest.mark.django_db
def test_the_reply_reaches_the_teams_inbox_with_the_message_it_answers(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://safer.example"
    nb = create_neighbourhood(name="Claines")
    message, pcso = sent_message(nb)
    email = render_content(message).text
    found = re.search(r"Reply to the team about this message: https://safer\.example(\S+)", email)
    assert found is not None
    link = found.group(1)
    assert link.startswith(f"/contact/{nb.slug}/?reply=")

    form = client.get(link).content.decode()
    assert "Reply to your neighbourhood team" in form and "Sheds broken into on Elm Road" in form
    token = re.search(r'name="reply" value="([^"]+)"', form)
    assert token is not None
    answer = client.post(
        f"/contact/{nb.slug}/",
        {"body": "My shed on Elm Road was tried too.", "channel": "email", "email": "sam@example.com",
         "reply": token.group(1)},
    )  # fmt: skip
    assert answer.status_code == 302
    written = ContactMessage.objects.get()
    assert written.in_reply_to == message and written.neighbourhood == nb
    actions.confirm(written)

    sign_in(client, pcso)
    page = client.get(f"/contact/staff/{written.pk}/").content.decode()
    assert "In reply to the message “Sheds broken into on Elm Road”" in page
    assert "Please check your shed locks tonight." in page and "My shed on Elm Road was tried too." in page


@pytest.mark.django_db
def test_a_forged_or_unsent_reply_link_is_an_ordinary_message(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    message, _ = sent_message(nb)
    unsent, _ = sent_message(nb, title="Not sent yet")
    unsent.status, unsent.sent_at = MessageStatus.DRAFT, None
    unsent.save()
    from safer.lib import signing

    for token in (
        "not-a-token",
        signing.make_token([message.pk], "alerts.manage"),
        signing.make_token([unsent.pk], "alerts.reply"),
    ):
        form = client.get(f"/contact/{nb.slug}/?reply={token}").content.decode()
        assert "You are replying to" not in form and 'name="reply"' not in form
        client.post(
            f"/contact/{nb.slug}/",
            {"body": "Hello", "channel": "email", "email": "a@example.com", "reply": token},
        )
    assert ContactMessage.objects.count() == 3
    assert not ContactMessage.objects.filter(in_reply_to__isnull=False).exists()
