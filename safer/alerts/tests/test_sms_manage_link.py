"""Defect 8: a manage link sent by text arrived as a bare placeholder ("Qz…M") instead of a link."""

from __future__ import annotations

import re

import pytest

from safer.alerts.channels import Content, Links, Outgoing, make_sender
from safer.alerts.models import Channel, OutboxMessage
from safer.testing import create_neighbourhood, create_subscriber

pytestmark = pytest.mark.django_db


def test_a_texted_manage_link_opens_the_subscribers_manage_page(client, settings, immediate_tasks):
    settings.SMS_URL = "outbox://"
    nb = create_neighbourhood()
    create_subscriber([nb], email=None, mobile="+447700900123", channels=("sms",))

    client.post("/alerts/manage/", {"address": "07700 900123"})

    [text] = OutboxMessage.objects.filter(channel=Channel.SMS, to_address="+447700900123")
    # The placeholder's shape (Content.marker + a letter): a bare "Qz" may occur in a signed token.
    assert not re.search(r"Qz[0-9a-f]{12}[UM]", text.body)
    [url] = re.findall(r"https?://\S+", text.body)
    site = settings.SITE_URL.rstrip("/")
    assert url.startswith(site + "/alerts/manage/")
    page = client.get(url.removeprefix(site))
    assert page.status_code == 200
    assert "07700 900123" in page.content.decode() or "+447700900123" in page.content.decode()


def test_per_recipient_links_in_a_text_are_filled_in_when_it_is_sent():
    content = Content(message_id=1, subject="", text="", html="", sms="", spoken="")
    content.sms = f"Manage: {content.manage_placeholder} Stop: {content.unsubscribe_placeholder}"
    item = Outgoing(key=5, to="+447700900123", content=content, links=Links("https://x/u/1", "https://x/m/1"))
    [result] = list(make_sender(Channel.SMS, "outbox://").send([item]))
    assert result.error is None
    assert OutboxMessage.objects.get().body == "Manage: https://x/m/1 Stop: https://x/u/1"
