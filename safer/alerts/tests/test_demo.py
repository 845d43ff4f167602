from __future__ import annotations

import pytest
import time_machine
from django.utils import timezone

from safer.accounts.models import Role
from safer.alerts.demo import load_demo_alerts
from safer.alerts.models import Message, MessageStatus, OutboxMessage, Subscriber
from safer.testing import create_neighbourhood, create_staff


@pytest.mark.django_db
@pytest.mark.parametrize("hour", [10, 23])
def test_the_demo_step_is_repeatable_and_sends_only_to_the_outbox(hour: int) -> None:
    """By day or in its subscribers' quiet hours (22:00-07:00), the demo sends its alert the same."""
    at = timezone.localtime().replace(hour=hour, minute=30, second=0, microsecond=0)
    with time_machine.travel(at, tick=False):
        _check_the_demo_step()


def _check_the_demo_step() -> None:
    nb = create_neighbourhood()
    create_staff(Role.PCSO, neighbourhoods=[nb])
    first = load_demo_alerts()
    again = load_demo_alerts()
    assert first == again == "6 subscribers, 1 message sent, 1 waiting for approval"
    assert Subscriber.objects.count() == 6
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 1
    assert Message.objects.filter(status=MessageStatus.AWAITING_APPROVAL).count() == 1
    assert OutboxMessage.objects.filter(to_address__endswith="@demo.example").exists()
