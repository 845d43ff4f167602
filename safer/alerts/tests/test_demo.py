from __future__ import annotations

import pytest

from safer.accounts.models import Role
from safer.alerts.demo import load_demo_alerts
from safer.alerts.models import Message, MessageStatus, OutboxMessage, Subscriber
from safer.testing import create_neighbourhood, create_staff


@pytest.mark.django_db
def test_the_demo_step_is_repeatable_and_sends_only_to_the_outbox() -> None:
    nb = create_neighbourhood()
    create_staff(Role.PCSO, neighbourhoods=[nb])
    first = load_demo_alerts()
    again = load_demo_alerts()
    assert first == again == "6 subscribers, 1 message sent, 1 waiting for approval"
    assert Subscriber.objects.count() == 6
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 1
    assert Message.objects.filter(status=MessageStatus.AWAITING_APPROVAL).count() == 1
    assert OutboxMessage.objects.filter(to_address__endswith="@demo.example").exists()
