from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Sequence

import pytest
from django.utils import timezone

from safer.alerts import fanout
from safer.alerts.channels import ChannelError, Outgoing, Result
from safer.alerts.models import Channel, Delivery, OutboxMessage, Status, Subscriber
from safer.alerts.tests.conftest import Sink, body_of
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.worker import Worker, claim, in_quiet_hours
from safer.testing import create_neighbourhood, create_subscriber


class FlakySender:
    """A provider that fails a third of the time, temporarily; remembers what got through."""

    def __init__(self, seed: int = 3) -> None:
        self.random = random.Random(seed)
        self.delivered: list[str] = []
        self.failures = 0

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        for item in batch:
            if self.random.random() < 1 / 3:
                self.failures += 1
                yield Result(key=item.key, error=ChannelError("flaky-503", permanent=False))
            else:
                self.delivered.append(item.to)
                yield Result(key=item.key)

    def close(self) -> None:
        pass


class RefusingSender:
    def __init__(self) -> None:
        self.calls = 0

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        for item in batch:
            self.calls += 1
            yield Result(key=item.key, error=ChannelError("smtp-550", permanent=True))

    def close(self) -> None:
        pass


@pytest.mark.django_db
def test_it_sends_each_queued_email_over_one_smtp_connection_with_unsubscribe_headers(
    smtp_sink: Sink,
) -> None:
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(5)]
    message = make_message([here])
    fanout.queue(message)

    assert Worker(channels=[Channel.EMAIL]).drain() == 5

    assert sorted(smtp_sink.recipients()) == sorted(p.email for p in people)
    first = smtp_sink.to(people[0].email)[0]
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        first["List-Unsubscribe"].startswith("<http") and "/alerts/unsubscribe/" in first["List-Unsubscribe"]
    )
    assert "Car break-ins on Elm Road" in first["Subject"]
    assert "Please lock your car." in body_of(first)
    assert "/alerts/manage/" in body_of(first)
    ids = {m["Message-ID"] for m in smtp_sink.messages()}
    assert len(ids) == 5  # one stable Message-ID per delivery
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}


@pytest.mark.django_db
def test_each_recipients_links_are_their_own(smtp_sink: Sink) -> None:
    here = create_neighbourhood()
    a, b = create_subscriber([here]), create_subscriber([here])
    fanout.queue(make_message([here]))
    Worker(channels=[Channel.EMAIL]).drain()
    link_a = smtp_sink.to(a.email)[0]["List-Unsubscribe"]
    link_b = smtp_sink.to(b.email)[0]["List-Unsubscribe"]
    assert link_a != link_b


@pytest.mark.django_db
def test_a_provider_failing_a_third_of_the_time_still_delivers_everything(fast_retries: None) -> None:
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(60)]
    fanout.queue(make_message([here]))
    flaky = FlakySender()
    worker = Worker(senders={Channel.EMAIL: flaky}, channels=[Channel.EMAIL], batch_size=7)

    for _ in range(50):
        worker.drain()
        if not Delivery.objects.exclude(status=Status.DELIVERED).exists():
            break

    assert sorted(flaky.delivered) == sorted(p.email for p in people)  # each exactly once
    assert flaky.failures > 10
    assert Delivery.objects.filter(status=Status.DELIVERED).count() == 60
    assert Delivery.objects.filter(attempts__gt=1).exists()


@pytest.mark.django_db
def test_temporary_failures_back_off_before_the_next_try(settings) -> None:
    settings.ALERTS_RETRY_BASE_SECONDS = 60
    here = create_neighbourhood()
    create_subscriber([here])
    fanout.queue(make_message([here]))

    class Down(FlakySender):
        def send(self, batch):
            raise ChannelError("smtp-connect-ConnectionRefusedError", permanent=False)
            yield  # pragma: no cover

    Worker(senders={Channel.EMAIL: Down()}, channels=[Channel.EMAIL]).drain()
    row = Delivery.objects.get()
    assert row.status == Status.TEMPORARY_FAILURE and row.attempts == 1
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=40)
    assert claim(Channel.EMAIL, 10, "t") == []  # not due yet


@pytest.mark.django_db
def test_it_gives_up_after_the_most_attempts(settings, fast_retries: None) -> None:
    settings.ALERTS_MAX_ATTEMPTS = 3
    here = create_neighbourhood()
    create_subscriber([here])
    fanout.queue(make_message([here]))

    class Always(FlakySender):
        def send(self, batch):
            for item in batch:
                yield Result(key=item.key, error=ChannelError("x-503", permanent=False))

    Worker(senders={Channel.EMAIL: Always()}, channels=[Channel.EMAIL]).drain()
    row = Delivery.objects.get()
    assert row.status == Status.PERMANENT_FAILURE and row.attempts == 3 and row.error.startswith("gave-up")


@pytest.mark.django_db
def test_repeated_permanent_failures_switch_the_channel_off(settings) -> None:
    settings.ALERTS_PERMANENT_FAILURES_LIMIT = 2
    here = create_neighbourhood()
    sub = create_subscriber([here])
    refusing = RefusingSender()
    worker = Worker(senders={Channel.EMAIL: refusing}, channels=[Channel.EMAIL])
    fanout.queue(make_message([here]))
    worker.drain()
    assert Subscriber.objects.get(pk=sub.pk).channels & Channel.EMAIL
    fanout.queue(make_message([here]))
    worker.drain()
    sub.refresh_from_db()
    assert not sub.channels & Channel.EMAIL and sub.switched_off & Channel.EMAIL
    fanout.queue(make_message([here]))
    assert Delivery.objects.count() == 2  # the third message is not queued for them at all
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.PERMANENT_FAILURE}


@pytest.mark.django_db
def test_a_refused_address_at_the_smtp_server_is_a_permanent_failure(smtp_sink: Sink) -> None:
    here = create_neighbourhood()
    good, bad = create_subscriber([here]), create_subscriber([here])
    smtp_sink.refuse.add(bad.email)
    fanout.queue(make_message([here]))
    Worker(channels=[Channel.EMAIL]).drain()
    assert smtp_sink.recipients() == [good.email]
    statuses = dict(Delivery.objects.values_list("subscriber_id", "status"))
    assert statuses == {good.pk: Status.DELIVERED, bad.pk: Status.PERMANENT_FAILURE}
    assert Subscriber.objects.get(pk=bad.pk).email_failures == 1


@pytest.mark.django_db
def test_texts_wait_for_the_end_of_quiet_hours() -> None:
    here = create_neighbourhood()
    now_local = timezone.localtime()
    start = (now_local - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now_local + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    create_subscriber(
        [here], email=None, mobile="+447700900003", channels=("sms",), quiet_start=start, quiet_end=end
    )
    fanout.queue(make_message([here]))
    Worker(channels=[Channel.SMS]).drain()
    row = Delivery.objects.get()
    assert row.status == Status.CREATED and row.attempts == 0
    assert row.next_attempt_at > timezone.now() + dt.timedelta(minutes=50)
    assert not OutboxMessage.objects.exists()
    assert in_quiet_hours(dt.time(23, 0), dt.time(22, 0), dt.time(7, 0))
    assert not in_quiet_hours(dt.time(12, 0), dt.time(22, 0), dt.time(7, 0))


@pytest.mark.django_db
def test_quiet_hours_are_judged_by_the_workers_clock() -> None:
    here = create_neighbourhood()
    create_subscriber(
        [here],
        email=None,
        mobile="+447700900004",
        channels=("sms",),
        quiet_start=dt.time(22, 0),
        quiet_end=dt.time(7, 0),
    )
    fanout.queue(make_message([here]))
    today = timezone.localtime()
    night = today.replace(hour=23, minute=0, second=0, microsecond=0)
    Worker(channels=[Channel.SMS], quiet_hours_clock=lambda: night).drain()
    row = Delivery.objects.get()
    assert row.status == Status.CREATED and not OutboxMessage.objects.exists()
    assert timezone.localtime(row.next_attempt_at).time() == dt.time(7, 0)
    Delivery.objects.update(next_attempt_at=timezone.now())
    morning = today.replace(hour=10, minute=0, second=0, microsecond=0)
    Worker(channels=[Channel.SMS], quiet_hours_clock=lambda: morning).drain()
    assert Delivery.objects.get().status == Status.DELIVERED
    assert OutboxMessage.objects.get().to_address == "+447700900004"


@pytest.mark.django_db
def test_rows_left_sending_by_a_dead_worker_are_claimed_again_after_the_lease(settings) -> None:
    here = create_neighbourhood()
    create_subscriber([here])
    fanout.queue(make_message([here]))
    first = claim(Channel.EMAIL, 10, "dead-worker")
    assert len(first) == 1
    assert claim(Channel.EMAIL, 10, "other") == []  # leased
    later = timezone.now() + dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS + 1)
    again = claim(Channel.EMAIL, 10, "other", now=later)
    assert [r.id for r in again] == [first[0].id] and again[0].attempts == 2
    assert Delivery.objects.get().claim_token == "other"


@pytest.mark.django_db
def test_the_outbox_keeps_what_was_sent_for_each_channel() -> None:
    here = create_neighbourhood()
    create_subscriber(
        [here], mobile="+447700900004", landline="+441632960003", channels=("email", "sms", "voice")
    )
    fanout.queue(make_message([here], urgency="urgent"))
    Worker().drain()
    by_channel = {m.channel: m for m in OutboxMessage.objects.all()}
    assert set(by_channel) == {Channel.EMAIL, Channel.SMS, Channel.VOICE}
    assert "Please lock your car." in by_channel[Channel.EMAIL].body
    assert by_channel[Channel.SMS].body.startswith("Car break-ins on Elm Road")
    assert "Reply STOP" in by_channel[Channel.SMS].body
    assert by_channel[Channel.VOICE].to_address == "+441632960003"
    assert "http" not in by_channel[Channel.VOICE].body  # no links read out


@pytest.mark.django_db
def test_digests_gather_a_subscribers_held_messages_into_one_email(smtp_sink: Sink) -> None:
    from safer.alerts.models import KIND_BITS

    here = create_neighbourhood()
    sub = create_subscriber([here], digest_kinds=KIND_BITS["crime"] | KIND_BITS["event"])
    fanout.queue(make_message([here]))
    fanout.queue(make_message([here], kind="event"))
    worker = Worker(channels=[Channel.EMAIL])
    assert worker.drain() == 0  # not due yet
    Delivery.objects.update(next_attempt_at=timezone.now())
    worker.drain()
    mails = smtp_sink.to(sub.email)
    assert len(mails) == 1 and "digest: 2 messages" in mails[0]["Subject"]
    assert mails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}


class SlowSender:
    """Takes `delay` seconds an item; can run `during(index)` before sending item `index`."""

    def __init__(self, delay: float = 0.0, during: Callable[[int], None] | None = None) -> None:
        self.delay = delay
        self.during = during
        self.sent: list[str] = []

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        for index, item in enumerate(batch):
            if self.during is not None:
                self.during(index)
            time.sleep(self.delay)
            self.sent.append(item.to)
            yield Result(key=item.key)

    def close(self) -> None:
        pass


@pytest.mark.django_db
def test_a_worker_that_loses_its_claim_stops_sending_that_batch_at_once(settings) -> None:
    """Defect 4: another worker has taken the rest of the batch (as after an expired lease); the
    first status write that finds a row no longer ours ends the batch."""
    here = create_neighbourhood()
    for _ in range(10):
        create_subscriber([here])
    fanout.queue(make_message([here]))

    def taken_by_another_worker(index: int) -> None:
        if index == 2:
            Delivery.objects.filter(status=Status.SENDING).update(claim_token="another-worker")

    slow = SlowSender(during=taken_by_another_worker)
    Worker(senders={Channel.EMAIL: slow}, channels=[Channel.EMAIL], batch_size=10).run_once()

    assert len(slow.sent) == 3  # the item already in flight when the claim was lost, then no more
    assert Delivery.objects.filter(status=Status.DELIVERED).count() == 2
    assert set(Delivery.objects.exclude(status=Status.DELIVERED).values_list("status", "claim_token")) == {
        (Status.SENDING, "another-worker")
    }


@pytest.mark.django_db
def test_the_lease_is_renewed_while_a_slow_batch_is_sent(settings) -> None:
    """Defect 5: a short lease (1 s) held by a heartbeat through a 1.5 s batch."""
    settings.ALERTS_LEASE_SECONDS = 1.0
    here = create_neighbourhood()
    for _ in range(15):
        create_subscriber([here])
    fanout.queue(make_message([here]))
    slow = SlowSender(delay=0.1)
    Worker(senders={Channel.EMAIL: slow}, channels=[Channel.EMAIL], batch_size=15).run_once()

    assert len(slow.sent) == 15
    rows = list(Delivery.objects.order_by("sent_at"))
    assert {r.status for r in rows} == {Status.DELIVERED}
    # A row's lease stamp stops moving once it is written: the last row's was renewed long after
    # the claim, and always within a lease of being sent.
    stamps = [(r.claimed_at, r.sent_at) for r in rows if r.claimed_at and r.sent_at]
    assert len(stamps) == 15
    assert stamps[-1][0] - stamps[0][0] > dt.timedelta(seconds=1.0)
    assert all(sent - claimed < dt.timedelta(seconds=1.0) for claimed, sent in stamps)


def test_a_dead_workers_rows_are_retaken_within_about_30_seconds_by_default() -> None:
    """Defect 5: the lease is a short heartbeat by default, not 300 s."""
    from django.conf import settings

    assert settings.ALERTS_LEASE_SECONDS <= 30
    assert settings.ALERTS_HEARTBEAT_SECONDS * 3 <= settings.ALERTS_LEASE_SECONDS


@pytest.mark.django_db
def test_a_row_delivered_on_a_later_attempt_keeps_no_stale_error() -> None:
    """Defect 6."""
    here = create_neighbourhood()
    create_subscriber([here])
    fanout.queue(make_message([here]))

    class BusyThenFine(FlakySender):
        def send(self, batch):
            for item in batch:
                self.failures += 1
                if self.failures == 1:
                    yield Result(key=item.key, error=ChannelError("smtp-451", permanent=False))
                else:
                    yield Result(key=item.key)

    worker = Worker(senders={Channel.EMAIL: BusyThenFine()}, channels=[Channel.EMAIL])
    worker.drain()
    assert Delivery.objects.get().error == "smtp-451"
    Delivery.objects.update(next_attempt_at=timezone.now())  # the back-off is over
    worker.drain()
    row = Delivery.objects.get()
    assert (row.status, row.error, row.attempts) == (Status.DELIVERED, "", 2)


@pytest.mark.django_db
def test_a_text_accepted_on_a_later_attempt_keeps_no_stale_error() -> None:
    """Defect 6, for providers that confirm by receipt: the error goes when the provider accepts."""
    from safer.alerts.receipts import apply_receipt

    here = create_neighbourhood()
    create_subscriber([here])
    fanout.queue(make_message([here]))

    class DownThenAccepting(FlakySender):
        def send(self, batch):
            self.failures += 1
            if self.failures == 1:
                raise ChannelError("notify-500", permanent=False)
            for item in batch:
                yield Result(key=item.key, delivered=False, provider_ref="ref-1")

    worker = Worker(senders={Channel.EMAIL: DownThenAccepting()}, channels=[Channel.EMAIL])
    worker.drain()
    assert Delivery.objects.get().error == "notify-500"
    Delivery.objects.update(next_attempt_at=timezone.now())
    worker.drain()
    row = Delivery.objects.get()
    assert (row.status, row.error, row.attempts) == (Status.SENT, "", 2)
    apply_receipt(row, "delivered", "")
    row.refresh_from_db()
    assert (row.status, row.error) == (Status.DELIVERED, "")


@pytest.mark.django_db
def test_a_worker_told_to_stop_finishes_the_item_in_hand_and_puts_the_rest_back() -> None:
    here = create_neighbourhood()
    for _ in range(10):
        create_subscriber([here])
    fanout.queue(make_message([here]))
    stop = {"now": False}

    def told_to_stop(index: int) -> None:
        stop["now"] = stop["now"] or index == 3

    slow = SlowSender(during=told_to_stop)
    worker = Worker(senders={Channel.EMAIL: slow}, channels=[Channel.EMAIL], batch_size=10)
    worker.stopping = lambda: stop["now"]  # what `run(should_stop=…)` sets (SIGTERM in the command)
    worker.run_once()

    assert len(slow.sent) == 4
    assert Delivery.objects.filter(status=Status.DELIVERED).count() == 4
    put_back = Delivery.objects.exclude(status=Status.DELIVERED)
    assert set(put_back.values_list("status", "attempts", "claim_token")) == {(Status.CREATED, 0, "")}
    assert (
        claim(Channel.EMAIL, 10, "next-worker")
        and not Delivery.objects.filter(status=Status.CREATED).exists()
    )
