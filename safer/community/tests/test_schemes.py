"""Watch schemes: joining with consent through an emailed link, and a coordinator's message
reaching the scheme's members and nobody else, after the force's approval."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from safer.accounts.models import Role
from safer.alerts import actions as alerts
from safer.alerts import fanout
from safer.alerts.models import Channel, ConsentEvent, GroupMember, MessageStatus, OutboxMessage
from safer.alerts.worker import Worker
from safer.community.actions import schemes as actions
from safer.community.models import RequestStatus, SchemeRequest, WatchScheme
from safer.community.tests.helpers import create_scheme
from safer.places.models import Postcode
from safer.testing import (
    create_force,
    create_neighbourhood,
    create_staff,
    create_subscriber,
    send_queued_messages,
    sign_in,
)


def _link(address: str) -> str:
    body = OutboxMessage.objects.filter(to_address=address).latest("id").body
    return re.search(r"https?://\S+/community/schemes/join/\S+/", body).group(0)  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_registered_resident_joins_through_the_emailed_link_with_consent_recorded(client: Client) -> None:
    nb = create_neighbourhood()
    scheme = create_scheme(nb)
    resident = create_subscriber([nb], kinds=["crime"], email="pat@example.com")
    response = client.post(
        reverse("community:scheme", args=[scheme.pk]), {"email": "Pat@Example.com", "consent": "on"}
    )
    assert response.status_code == 302
    send_queued_messages()
    link = _link("pat@example.com")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert not GroupMember.objects.exists()  # a GET (a link scanner) joins nobody
    assert client.post("/" + path, {}).status_code == 200  # no consent ticked: the form again
    assert not GroupMember.objects.exists()
    assert "You have joined" in client.post("/" + path, {"consent": "on"}).content.decode()
    assert GroupMember.objects.filter(group=scheme.group, subscriber=resident).exists()
    assert ConsentEvent.objects.filter(subscriber=resident, action="joined-watch-scheme").exists()
    resident.refresh_from_db()
    assert resident.email_kinds & (1 << 6)  # watch-scheme messages switched on


@pytest.mark.django_db
def test_an_unregistered_address_is_told_to_sign_up_and_the_page_does_not_say_which(client: Client) -> None:
    nb = create_neighbourhood()
    scheme = create_scheme(nb)
    create_subscriber([nb], email="known@example.com")
    known = client.post(
        reverse("community:scheme", args=[scheme.pk]), {"email": "known@example.com", "consent": "on"}
    )
    unknown = client.post(
        reverse("community:scheme", args=[scheme.pk]), {"email": "new@example.com", "consent": "on"}
    )
    assert known["Location"] == unknown["Location"]
    send_queued_messages()
    assert "Sign up first" in OutboxMessage.objects.get(to_address="new@example.com").body
    assert not GroupMember.objects.exists()


@pytest.mark.django_db
def test_a_coordinators_message_reaches_only_the_members_after_a_sergeant_approves_it() -> None:
    create_force()
    nb = create_neighbourhood()
    coordinator = create_staff(Role.COORDINATOR, neighbourhoods=[nb])
    scheme = create_scheme(nb, coordinators=[coordinator])
    member = create_subscriber([nb], kinds=["watch"], email="member@example.com")
    create_subscriber([nb], kinds=["watch"], email="neighbour@example.com")
    actions.join(member, scheme)
    message = actions.message_members(coordinator, scheme, "Shed break-ins", "Lock your sheds tonight.")
    assert message.status == MessageStatus.AWAITING_APPROVAL
    with pytest.raises(alerts.ScopeError):
        alerts.approve(coordinator, message)
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    alerts.approve(sergeant, message)
    fanout.fan_out(message.pk)
    Worker(channels=[Channel.EMAIL]).run_once()
    assert list(
        OutboxMessage.objects.filter(subject__contains="Shed").values_list("to_address", flat=True)
    ) == ["member@example.com"]


@pytest.mark.django_db
def test_a_coordinator_cannot_message_a_scheme_they_do_not_coordinate() -> None:
    create_force()
    nb = create_neighbourhood()
    coordinator = create_staff(Role.COORDINATOR, neighbourhoods=[nb])
    create_scheme(nb, coordinators=[coordinator])
    other = create_scheme(nb)
    with pytest.raises(PermissionDenied):
        actions.message_members(coordinator, other, "Hello", "Hi")


@pytest.mark.django_db
def test_a_coordinator_sees_only_their_own_schemes_members(client: Client) -> None:
    nb = create_neighbourhood()
    coordinator = create_staff(Role.COORDINATOR, neighbourhoods=[nb])
    mine = create_scheme(nb, coordinators=[coordinator])
    theirs = create_scheme(nb)
    actions.join(create_subscriber([nb], email="mine@example.com"), mine)
    actions.join(create_subscriber([nb], email="theirs@example.com"), theirs)
    sign_in(client, coordinator)
    page = client.get(reverse("community:my-scheme", args=[mine.pk])).content.decode()
    assert "mine@example.com" in page and "theirs@example.com" not in page
    assert client.get(reverse("community:my-scheme", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_find_lists_the_nearest_active_schemes_with_the_one_covering_the_postcode_first(
    client: Client,
) -> None:
    nb = create_neighbourhood(centre_lat=52.19, centre_lng=-2.22)
    Postcode.objects.create(postcode="WR12AB", latitude=52.19, longitude=-2.22, neighbourhood=nb)
    near = create_scheme(nb, name="Near Watch", centre_lat=52.191, centre_lng=-2.221)
    covering = create_scheme(nb, name="Covering Watch", streets="WR1 2AB", centre_lat=52.3, centre_lng=-2.3)
    create_scheme(nb, name="Closed Watch", status="closed", centre_lat=52.19, centre_lng=-2.22)
    page = client.get(reverse("community:schemes"), {"postcode": "wr1 2ab"}).content.decode()
    assert page.index(covering.name) < page.index(near.name)
    assert "Closed Watch" not in page
    assert (
        "Enter a full postcode"
        in client.get(reverse("community:schemes"), {"postcode": "nowhere"}).content.decode()
    )


@pytest.mark.django_db
def test_a_request_to_start_a_scheme_is_approved_by_the_team_into_a_scheme(client: Client) -> None:
    nb = create_neighbourhood()
    Postcode.objects.create(postcode="WR12AB", latitude=52.19, longitude=-2.22, neighbourhood=nb)
    data = {
        "name": "Orchard Close Watch",
        "type": "street",
        "postcode": "WR1 2AB",
        "streets": "Orchard Close",
        "reason": "Thefts from cars",
        "contact_name": "Sam Resident",
        "contact_email": "sam@example.com",
    }
    assert client.post(reverse("community:start"), data).status_code == 200
    req = SchemeRequest.objects.get()
    assert req.neighbourhood == nb and req.status == RequestStatus.WAITING
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    sign_in(client, sergeant)
    form = {
        "decision": "approve",
        "name": "Orchard Close Watch",
        "type": "street",
        "neighbourhood": nb.pk,
        "streets": "Orchard Close",
        "households": 12,
        "status": "active",
        "started_on": "2026-12-01",
    }
    response = client.post(reverse("community:scheme-request", args=[req.pk]), form)
    assert response.status_code == 302
    scheme = WatchScheme.objects.get()
    assert scheme.group.neighbourhood == nb and scheme.type == "street"
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and req.scheme == scheme
