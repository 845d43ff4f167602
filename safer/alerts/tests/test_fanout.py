from __future__ import annotations

import pytest
import shapely

from safer.accounts.models import Role
from safer.alerts import fanout
from safer.alerts.models import Channel, Delivery, Group, GroupMember, Message, MessageStatus, Target
from safer.testing import create_force, create_neighbourhood, create_staff, create_subscriber


def make_message(neighbourhoods, *, kind="crime", urgency="normal", target=Target.NEIGHBOURHOODS, **extra):
    author = create_staff(Role.ADMINISTRATOR)
    message = Message.objects.create(
        force=create_force(),
        title="Car break-ins on Elm Road",
        body="Please lock your car.",
        kind=kind,
        urgency=urgency,
        target=target,
        author=author,
        status=MessageStatus.SCHEDULED,
        **extra,
    )
    message.neighbourhoods.set(neighbourhoods)
    return message


@pytest.mark.django_db
def test_it_queues_one_row_per_subscriber_and_wanted_channel_in_the_target() -> None:
    here, there = create_neighbourhood(), create_neighbourhood()
    both = create_subscriber([here], mobile="+447700900001", channels=("email", "sms"))
    email_only = create_subscriber([here])
    elsewhere = create_subscriber([there])
    not_this_kind = create_subscriber([here], kinds=["event"])
    message = make_message([here])

    added = fanout.queue(message)

    rows = set(Delivery.objects.values_list("subscriber_id", "channel", "to_address"))
    assert rows == {
        (both.pk, Channel.EMAIL, both.email),
        (both.pk, Channel.SMS, "+447700900001"),
        (email_only.pk, Channel.EMAIL, email_only.email),
    }
    assert added == 3
    assert elsewhere.pk not in {r[0] for r in rows} and not_this_kind.pk not in {r[0] for r in rows}
    assert fanout.queue(message) == 0  # unique per (message, subscriber, channel): re-running adds none
    assert Delivery.objects.count() == 3


@pytest.mark.django_db
def test_it_counts_reach_per_channel_with_the_same_rules() -> None:
    here = create_neighbourhood()
    create_subscriber([here], mobile="+447700900002", channels=("email", "sms"))
    create_subscriber([here])
    create_subscriber([here], email=None, landline="+441632960001", channels=("voice",))
    assert fanout.reach(make_message([here])) == {Channel.EMAIL: 2, Channel.SMS: 1}
    assert fanout.reach(make_message([here], urgency="urgent")) == {
        Channel.EMAIL: 2,
        Channel.SMS: 1,
        Channel.VOICE: 1,
    }


@pytest.mark.django_db
def test_it_calls_only_for_urgent_messages_and_never_unconfirmed_addresses() -> None:
    here = create_neighbourhood()
    caller = create_subscriber([here], email=None, landline="+441632960002", channels=("voice",))
    unconfirmed = create_subscriber([here], email_confirmed_at=None)
    fanout.queue(make_message([here]))
    assert not Delivery.objects.exists()
    urgent = make_message([here], urgency="urgent")
    fanout.queue(urgent)
    assert list(Delivery.objects.values_list("subscriber_id", "channel", "to_address")) == [
        (caller.pk, Channel.VOICE, "+441632960002")
    ]
    assert unconfirmed.channels == 0


@pytest.mark.django_db
def test_it_holds_digest_kinds_for_the_digest_but_not_urgent_ones() -> None:
    from safer.alerts.models import KIND_BITS

    here = create_neighbourhood()
    sub = create_subscriber([here], digest_kinds=KIND_BITS["crime"], digest_frequency="weekly")
    fanout.queue(make_message([here]))
    row = Delivery.objects.get()
    assert row.digest is True
    assert row.next_attempt_at.weekday() == 0  # the weekly digest goes on Mondays
    fanout.queue(make_message([here], urgency="urgent"))
    assert Delivery.objects.filter(subscriber=sub, digest=False).count() == 1


@pytest.mark.django_db
def test_it_matches_a_drawn_circle_by_the_subscribers_points() -> None:
    nb = create_neighbourhood(box=(-2.30, 52.10, -2.20, 52.20))
    inside = create_subscriber([nb], point=(52.150, -2.250))
    outside = create_subscriber([nb], point=(52.190, -2.210))
    circle = fanout.circle(52.150, -2.250, 1000)
    message = make_message([], target=Target.CIRCLE, geometry_wkb=shapely.to_wkb(circle))
    fanout.resolve_targets(message)
    fanout.queue(message)
    assert list(Delivery.objects.values_list("subscriber_id", flat=True)) == [inside.pk]
    assert outside.pk != inside.pk
    assert list(message.neighbourhoods.all()) == [nb]


@pytest.mark.django_db
def test_it_sends_group_messages_to_members_only() -> None:
    nb = create_neighbourhood()
    member = create_subscriber([nb], kinds=["watch"])
    create_subscriber([nb], kinds=["watch"])
    group = Group.objects.create(neighbourhood=nb, name="Elm Road Neighbourhood Watch")
    GroupMember.objects.create(group=group, subscriber=member)
    message = make_message([], kind="watch", target=Target.GROUP, group=group)
    fanout.resolve_targets(message)
    fanout.queue(message)
    assert list(Delivery.objects.values_list("subscriber_id", flat=True)) == [member.pk]


@pytest.mark.django_db
def test_it_resolves_areas_and_the_whole_force_to_neighbourhoods() -> None:
    from safer.testing import create_area

    area = create_area()
    a, b = create_neighbourhood(area=area), create_neighbourhood(area=area)
    c = create_neighbourhood()
    message = make_message([], target=Target.AREAS)
    message.target_areas.set([area])
    fanout.resolve_targets(message)
    assert set(message.neighbourhoods.all()) == {a, b}
    whole = make_message([], target=Target.FORCE)
    fanout.resolve_targets(whole)
    assert {a, b, c} <= set(whole.neighbourhoods.all())


@pytest.mark.django_db
def test_fan_out_is_idempotent_and_marks_the_message_sending() -> None:
    here = create_neighbourhood()
    create_subscriber([here])
    message = make_message([here])
    assert fanout.fan_out(message.pk) == 1
    assert fanout.fan_out(message.pk) == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING and message.queued == 1 and message.sent_at


@pytest.mark.django_db
def test_a_fresh_fan_out_inserts_without_the_conflict_arbiter_and_the_index_still_refuses_a_repeat() -> None:
    from django.db import IntegrityError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    here = create_neighbourhood()
    subscribers = [
        create_subscriber([here], mobile=f"+4477009001{i:02d}", channels=("email", "sms")) for i in range(3)
    ]
    message = make_message([here])
    with CaptureQueriesContext(connection) as queries:
        assert fanout.fan_out(message.pk) == 6
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")]
    delivery_inserts = [sql for sql in inserts if Delivery._meta.db_table in sql.split("(")[0]]
    assert len(delivery_inserts) == 1 and "ON CONFLICT" not in delivery_inserts[0]
    assert set(Delivery.objects.values_list("subscriber_id", "channel")) == {
        (s.pk, c) for s in subscribers for c in (Channel.EMAIL, Channel.SMS)
    }
    # Run the fresh insert again by mistake: the unique index stops it, nothing is added.
    with pytest.raises(IntegrityError), transaction.atomic():
        fanout.queue(message, fresh=True)
    assert Delivery.objects.count() == 6
    assert fanout.queue(message) == 0  # the ordinary path skips what is there
