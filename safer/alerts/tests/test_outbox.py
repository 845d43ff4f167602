"""The demo outbox shows everything the outbox channel 'sent', for every app and every scope: only
administrators may read it, and no signed link shown there (manage, unsubscribe, a contact
message's withdraw link) can be used to take over a registration or a message."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from safer.accounts.models import Role
from safer.alerts import fanout
from safer.alerts.links import SHOWN_MASK, mask_links
from safer.alerts.models import Channel, OutboxMessage
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.worker import Worker
from safer.testing import create_neighbourhood, create_staff, create_subscriber, sign_in

ADDRESS = "resident@example.com"
SIGNED_SEGMENT = re.compile(r"/alerts/(?:manage|unsubscribe)/([^/\s>]+)/")


@pytest.fixture
def sent() -> dict[str, Any]:
    """One alert emailed to one resident through the outbox channel, and a contact withdraw link."""
    nb = create_neighbourhood()
    create_subscriber([nb], email=ADDRESS)
    fanout.queue(make_message([nb]))
    Worker().drain()
    email = OutboxMessage.objects.get(to_address=ADDRESS)
    tokens = SIGNED_SEGMENT.findall(email.body) + SIGNED_SEGMENT.findall(str(email.headers))
    withdraw = signing.dumps([7, "abcdefghijklmnop"], salt="contact.withdraw", compress=False)
    OutboxMessage.objects.create(
        channel=Channel.SMS,
        to_address="+447700900123",
        body=f"Withdraw your message: https://example.org{reverse('contact:withdraw', args=[withdraw])}",
    )
    return {"neighbourhood": nb, "email": email, "tokens": [*tokens, withdraw]}


@pytest.mark.django_db
def test_the_sent_email_really_holds_signed_links(sent: dict[str, Any]) -> None:
    # Guards the tests below: they prove masking only if there was a token to mask.
    assert len(sent["tokens"]) >= 3
    assert all(":" in token for token in sent["tokens"])


@pytest.mark.django_db
def test_team_staff_cannot_read_the_outbox_even_in_their_own_area(
    client: Client, sent: dict[str, Any]
) -> None:
    for role in (Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR):
        sign_in(client, create_staff(role, neighbourhoods=[sent["neighbourhood"]]))
        response = client.get(reverse("alerts:outbox"))
        assert response.status_code == 403, role
        assert ADDRESS not in response.content.decode()
    # Nor does their message list offer a link to it.
    assert reverse("alerts:outbox") not in client.get(reverse("alerts:staff-list")).content.decode()


@pytest.mark.django_db
def test_an_administrator_sees_what_was_sent_with_every_signed_link_masked(
    client: Client, sent: dict[str, Any]
) -> None:
    sign_in(client, create_staff(Role.ADMINISTRATOR))
    assert reverse("alerts:outbox") in client.get(reverse("alerts:staff-list")).content.decode()
    page = client.get(reverse("alerts:outbox")).content.decode()
    assert ADDRESS in page and "Car break-ins on Elm Road" in page
    for token in sent["tokens"]:
        assert token not in page
    assert f"/alerts/manage/{SHOWN_MASK}/" in page
    assert f"/contact/withdraw/{SHOWN_MASK}/" in page
    # The public link to the message itself has no token and stays as it was.
    assert "/alerts/messages/" in page


@pytest.mark.django_db
def test_the_back_office_record_masks_the_links_in_body_and_headers(
    client: Client, sent: dict[str, Any]
) -> None:
    user = create_staff(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    sign_in(client, user)
    url = reverse("admin:alerts_outboxmessage_change", args=[sent["email"].pk])
    page = client.get(url).content.decode()
    assert "List-Unsubscribe" in page and f"/alerts/unsubscribe/{SHOWN_MASK}/" in page
    for token in sent["tokens"]:
        assert token not in page


def test_masking_leaves_links_without_tokens_alone() -> None:
    text = (
        "See https://example.org/alerts/messages/12/ and"
        " /alerts/neighbourhoods/worcester-city-centre-north-east-and-st-johns/"
    )
    assert mask_links(text) == text
