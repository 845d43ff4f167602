from __future__ import annotations

import pytest

from safer.lib import sending

queued: list[sending.Transactional] = []


def fake_queue(message: sending.Transactional) -> int:
    queued.append(message)
    return len(queued)


def test_send_now_hands_the_message_to_the_configured_queue(settings):
    settings.SEND_NOW_QUEUE = "safer.lib.tests.test_sending.fake_queue"
    queued.clear()
    message = sending.Transactional(sending.EMAIL, "clerk@example.org", "Update", "Words", ref="x:1")
    assert sending.send_now(message) == 1
    assert queued == [message]


def test_only_known_channels_and_only_email_attachments():
    with pytest.raises(ValueError):
        sending.Transactional("fax", "0", "", "Words")
    pdf = sending.Attachment("a.pdf", b"%PDF", "application/pdf")
    with pytest.raises(ValueError):
        sending.Transactional(sending.SMS, "+447700900123", "", "Words", attachments=(pdf,))
    assert sending.Transactional(sending.EMAIL, "a@example.org", "S", "W", attachments=(pdf,)).attachments


def test_a_ref_gives_back_its_id_only_to_its_owner():
    assert sending.ref_id("contact.reply:12", "contact.reply") == 12
    assert sending.ref_id("contact.reply:12", "engagement.parish-update") is None
    assert sending.ref_id("contact.reply:", "contact.reply") is None
    assert sending.ref_id("", "contact.reply") is None
