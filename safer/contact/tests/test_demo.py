"""The demo's contact messages: built by the demo step, giving `contact.answered_in_time` a real
value on the scorecard at the force and in the areas, with both outcomes and the open cases the
inbox needs, and rebuilt without duplicates.

The demo data is shared by the module's tests (the `demo_data` fixture in safer/conftest.py),
inside a transaction rolled back when they are done; each test runs in its own savepoint within it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from safer.charter.loader import get_charter
from safer.charter.scorecard import NO_DATA, compute_scorecard
from safer.contact.demo import DEMO_DOMAIN, DEMO_MOBILES, load_demo_contact
from safer.contact.models import ContactMessage, Reply, Status


@pytest.fixture(scope="module")
def demo(demo_data: None) -> None:
    """The demo data, shared by this module's tests (safer/conftest.py)."""


def contents() -> list[tuple]:
    """The demo's messages by value (ids and link keys change on a rebuild; nothing else may)."""
    return sorted(
        ContactMessage.objects.values_list(
            "reference", "neighbourhood__code", "status", "channel", "name", "email", "mobile", "body"
        )
    )


def test_it_gives_the_reply_measure_a_value_at_the_force_and_in_every_area(demo, db):
    charter = get_charter("national-neighbourhood-policing-guarantee")
    assert charter is not None
    promise = next(p for p in charter.promises if p.metric == "contact.answered_in_time")
    card = compute_scorecard(charter)
    force = card.result(promise.id, card.force)
    assert force is not None and force.measurement is not None
    assert force.measurement.value is not None and 50 < force.measurement.value < 100
    assert "still within their deadline" in force.measurement.note
    areas = [card.result(promise.id, a) for a in card.areas()]
    assert len(areas) == 2
    assert all(r is not None and r.measurement and r.measurement.value is not None for r in areas)
    judged = [card.result(promise.id, n) for n in card.neighbourhoods()]
    assert 5 <= sum(1 for r in judged if r and r.status != NO_DATA) < len(judged)


def test_it_makes_answered_late_open_and_escalated_messages_from_unreachable_residents(demo, db):
    messages = list(ContactMessage.objects.all())
    answered = [m for m in messages if m.status == Status.ANSWERED]
    in_time = [m for m in answered if m.answered_in_time()]
    assert len(in_time) > len(answered) / 2 and len(in_time) < len(answered)
    still_open = [m for m in messages if m.status == Status.OPEN and not m.is_overdue()]
    assert len(still_open) == 2
    escalated = [m for m in messages if m.escalated_at is not None]
    assert len(escalated) == 1 and escalated[0].is_overdue()
    late, due = escalated[0].escalated_at, escalated[0].due_at
    assert late and due and late > due
    assert Reply.objects.filter(message__in=answered).count() == len(answered)
    assert all(m.email.endswith(f"@{DEMO_DOMAIN}") or m.mobile in DEMO_MOBILES for m in messages)
    oldest = min(m.confirmed_at for m in messages if m.confirmed_at)
    assert (timezone.now() - oldest).days <= 8 * 7


def test_it_rebuilds_without_duplicates(demo, db):
    before = contents()
    assert len(before) >= 30
    with transaction.atomic():
        load_demo_contact()
    assert contents() == before
    assert Reply.objects.count() == ContactMessage.objects.filter(status=Status.ANSWERED).count()
