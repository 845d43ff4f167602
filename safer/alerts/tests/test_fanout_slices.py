"""A large alert queued in slices: committed at once, expanded into exactly the rows one insert
would write, by the fan-out task or any delivery worker, each slice once, even two workers racing
and one dying part-way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from safer.alerts import fanout
from safer.alerts.models import Channel, Delivery, Message, MessageStatus, QueueSlice, Status, Target
from safer.alerts.retention import finish_messages
from safer.alerts.tests.relays import SlowSink, database_url, relay, start_worker, worker_env
from safer.alerts.tests.test_fanout import make_message
from safer.testing import create_neighbourhood, create_subscriber


def mixed_subscribers(here: Any, there: Any, elsewhere: Any) -> list[Any]:
    """Twelve people: some with texts, some not wanting crime alerts, some outside the target."""
    people = []
    for i in range(12):
        place = [here, there, elsewhere][i % 3]
        channels = ("email", "sms") if i % 4 == 0 else ("email",)
        kinds = ["event"] if i % 5 == 0 else None
        extra: dict[str, Any] = {"mobile": f"+4477009002{i:02d}"} if "sms" in channels else {}
        if kinds:
            extra["kinds"] = kinds
        people.append(create_subscriber([place], channels=channels, **extra))
    return people


def rows_of(message: Message) -> set[tuple[Any, ...]]:
    return set(
        Delivery.objects.filter(message=message).values_list(
            "subscriber_id", "channel", "to_address", "digest", "status"
        )
    )


def pending_fan_out(message: Message) -> None:
    """Fan out as a task would up to its commit, and then die before expanding any slice."""
    assert fanout.start_fan_out(message.pk) == 0


@pytest.mark.django_db
def test_a_large_alert_is_queued_in_slices_that_write_exactly_the_rows_of_one_insert(settings: Any) -> None:
    settings.ALERTS_FANOUT_SLICE = 5
    here, there, elsewhere = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    people = mixed_subscribers(here, there, elsewhere)
    sliced = make_message([here, there])
    whole = make_message([here, there])

    added = fanout.fan_out(sliced.pk)
    fanout.queue(whole)  # the one INSERT … SELECT, for comparison

    ids = [p.pk for p in people]
    assert QueueSlice.objects.filter(message=sliced).count() == -(-(max(ids) - min(ids) + 1) // 5) > 1
    assert not QueueSlice.objects.filter(message=sliced, expanded_at__isnull=True).exists()
    assert rows_of(sliced) == rows_of(whole) and len(rows_of(sliced)) == added > 0
    sliced.refresh_from_db()
    assert sliced.status == MessageStatus.SENDING and sliced.queued == added
    assert sum(QueueSlice.objects.filter(message=sliced).values_list("added", flat=True)) == added


@pytest.mark.django_db
def test_a_small_alert_is_still_one_insert_without_slices(settings: Any) -> None:
    settings.ALERTS_FANOUT_SLICE = 50
    here = create_neighbourhood()
    for _ in range(3):
        create_subscriber([here])
    message = make_message([here])
    assert fanout.fan_out(message.pk) == 3
    assert not QueueSlice.objects.exists()


@pytest.mark.django_db
def test_a_drawn_shape_or_group_is_never_sliced(settings: Any) -> None:
    settings.ALERTS_FANOUT_SLICE = 1
    here = create_neighbourhood()
    for _ in range(3):
        create_subscriber([here])
    assert fanout.slice_bounds(make_message([here], target=Target.CIRCLE)) == []
    assert fanout.slice_bounds(make_message([here], target=Target.GROUP)) == []
    assert len(fanout.slice_bounds(make_message([here]))) == 3


@pytest.mark.django_db
def test_slices_left_by_a_dead_task_are_expanded_by_the_worker_and_the_message_is_not_sent_before(
    settings: Any,
) -> None:
    from safer.alerts.worker import Worker

    settings.ALERTS_FANOUT_SLICE = 4
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    here, there, elsewhere = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    mixed_subscribers(here, there, elsewhere)
    message = make_message([here, there, elsewhere])
    pending_fan_out(message)

    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING and message.queued == 0
    assert not Delivery.objects.exists() and QueueSlice.objects.filter(expanded_at__isnull=True).count() == 3
    assert finish_messages() == 0  # nothing is waiting to send, but slices are: not "sent" yet

    Worker(channels=[Channel.EMAIL]).drain()

    assert not QueueSlice.objects.filter(expanded_at__isnull=True).exists()
    emails = Delivery.objects.filter(message=message, channel=Channel.EMAIL)
    assert emails.count() == 9 and set(emails.values_list("status", flat=True)) == {Status.DELIVERED}
    assert finish_messages() == 0  # the two texts still wait
    Delivery.objects.filter(channel=Channel.SMS).update(status=Status.DELIVERED)
    assert finish_messages() == 1


@pytest.mark.django_db
def test_the_message_page_shows_the_slices_still_to_queue_until_they_are_written(settings: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from safer.accounts.models import Role
    from safer.testing import create_staff, sign_in

    settings.ALERTS_FANOUT_SLICE = 4
    here, there, elsewhere = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    mixed_subscribers(here, there, elsewhere)
    message = make_message([here, there, elsewhere])
    pending_fan_out(message)
    client = sign_in(Client(), create_staff(Role.ADMINISTRATOR))
    page = client.get(reverse("alerts:staff-message", args=[message.pk])).content.decode()
    assert "Slices of recipients still to queue" in page and 'data-count="slices_to_queue">3<' in page
    assert client.get(reverse("alerts:progress", args=[message.pk])).json()["slices_to_queue"] == 3

    while fanout.expand_one_slice() is not None:
        pass
    page = client.get(reverse("alerts:staff-message", args=[message.pk])).content.decode()
    assert "still to queue" not in page
    progress = client.get(reverse("alerts:progress", args=[message.pk])).json()
    assert progress["slices_to_queue"] == 0 and progress["queued"] == 11


@pytest.mark.django_db
def test_a_slice_whose_insert_fails_is_left_pending_with_nothing_written(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ALERTS_FANOUT_SLICE = 4
    here, there, elsewhere = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    mixed_subscribers(here, there, elsewhere)
    message = make_message([here, there, elsewhere])
    pending_fan_out(message)
    real_queue = fanout.queue

    def dies_after_writing(*args: Any, **kwargs: Any) -> int:
        real_queue(*args, **kwargs)
        raise OSError("worker killed")

    with monkeypatch.context() as patch, pytest.raises(OSError), transaction.atomic():
        patch.setattr(fanout, "queue", dies_after_writing)
        fanout.expand_one_slice()
    assert not Delivery.objects.exists()
    assert QueueSlice.objects.filter(expanded_at__isnull=True).count() == 3

    while fanout.expand_one_slice() is not None:
        pass
    message.refresh_from_db()
    # Nine want crime alerts by email; two of those by text too.
    assert message.queued == Delivery.objects.count() == 11


@pytest.mark.django_db(transaction=True)
def test_two_workers_expanding_and_sending_a_sliced_alert_send_everyone_it_once(
    settings: Any, tmp_path: Path
) -> None:
    settings.ALERTS_FANOUT_SLICE = 3
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(30)]
    message = make_message([here])
    pending_fan_out(message)
    assert QueueSlice.objects.filter(expanded_at__isnull=True).count() == 10

    url, statuses = database_url(tmp_path)
    sink = SlowSink(delay=0.01)
    with relay(sink) as port:
        env = worker_env(url, port, lease_seconds=30)
        workers = [start_worker(env, 4), start_worker(env, 2)]
        outputs = [w.communicate(timeout=120)[0].decode(errors="replace") for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    assert sink.duplicates() == {}
    assert sorted(sink.recipients()) == sorted(p.email for p in people)
    assert statuses() == {"delivered": 30}
