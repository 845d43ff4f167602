"""The alerts admin: every list opens, no list shows an address, deliveries and the ledger stay as
they are, a sent message's words cannot change, and erasing a subscriber keeps the counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse

from safer.accounts.models import Role
from safer.alerts import actions, fanout
from safer.alerts.models import (
    ConsentEvent,
    Delivery,
    Group,
    GroupMember,
    Message,
    MessageStatus,
    OutboxMessage,
    Subscriber,
    Subscription,
)
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.worker import Worker
from safer.testing import create_neighbourhood, create_staff, create_subscriber, sign_in

EMAIL = "lives.here@example.com"
MOBILE = "+447700900321"
MODELS = [Subscriber, Subscription, Message, Delivery, Group, OutboxMessage, ConsentEvent]
LIST_VIEWS_WITHOUT_ADDRESSES = [Subscriber, Subscription, Delivery, OutboxMessage, ConsentEvent, Group]


@pytest.fixture
def admin_client(client: Client, db: Any) -> Client:
    user = create_staff(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    sign_in(client, user)
    client.user = user  # type: ignore[attr-defined]
    return client


@pytest.fixture
def sent() -> dict[str, Any]:
    """A subscriber in a watch scheme who has been sent one message by email and text."""
    nb = create_neighbourhood()
    sub = create_subscriber([nb], email=EMAIL, mobile=MOBILE, channels=("email", "sms"))
    group = Group.objects.create(neighbourhood=nb, name="Elm Road Watch")
    GroupMember.objects.create(group=group, subscriber=sub)
    actions.consent(sub, "signed-up", "consent text 2026-01")
    message = make_message([nb])
    message.reach = {"1": 1, "2": 1}
    message.save()
    fanout.queue(message)
    Worker().drain()
    message.status = MessageStatus.SENT
    message.save()
    return {"subscriber": sub, "message": message, "group": group}


def url(model: type[Model], view: str = "changelist", *args: Any) -> str:
    return reverse(f"admin:alerts_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
def test_it_opens_every_alerts_list_and_record_for_an_administrator(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    assert Delivery.objects.count() == 2 and OutboxMessage.objects.count() == 2
    for model in MODELS:
        response = admin_client.get(url(model))
        assert response.status_code == 200, model
        obj = model._default_manager.first()
        assert obj is not None
        response = admin_client.get(url(model, "change", obj.pk))
        assert response.status_code == 200, model


@pytest.mark.django_db
def test_it_shows_no_address_in_any_list_but_shows_them_to_an_administrator_on_the_record(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    for model in LIST_VIEWS_WITHOUT_ADDRESSES:
        page = admin_client.get(url(model)).content.decode()
        assert EMAIL not in page and MOBILE not in page, model
    page = admin_client.get(url(Message, "change", sent["message"].pk)).content.decode()
    assert "1 delivered" in page or "2 delivered" in page
    assert f"message__id__exact={sent['message'].pk}" in page

    record = admin_client.get(url(Subscriber, "change", sent["subscriber"].pk)).content.decode()
    assert EMAIL in record and MOBILE in record
    delivery = Delivery.objects.get(channel=1)
    assert EMAIL in admin_client.get(url(Delivery, "change", delivery.pk)).content.decode()


@pytest.mark.django_db
def test_it_hides_addresses_from_staff_who_are_not_administrators(
    client: Client, sent: dict[str, Any]
) -> None:
    user = create_staff(Role.INSPECTOR)
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_subscriber", "view_delivery", "view_outboxmessage"])
    )
    sign_in(client, user)
    delivery = Delivery.objects.get(channel=1)
    outbox = OutboxMessage.objects.get(to_address=EMAIL)
    for model, pk in [
        (Subscriber, sent["subscriber"].pk),
        (Delivery, delivery.pk),
        (OutboxMessage, outbox.pk),
    ]:
        response = client.get(url(model, "change", pk))
        assert response.status_code == 200, model
        page = response.content.decode()
        assert EMAIL not in page and MOBILE not in page, model


@pytest.mark.django_db
def test_it_finds_subscribers_by_number_and_channel_never_by_address(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    sub = sent["subscriber"]
    by_number = admin_client.get(url(Subscriber), {"q": f"#{sub.pk}"})
    assert by_number.context["cl"].result_count == 1
    by_address = admin_client.get(url(Subscriber), {"q": EMAIL})
    assert by_address.status_code == 200 and by_address.context["cl"].result_count == 0

    create_subscriber([])  # email only
    by_text = admin_client.get(url(Subscriber), {"receives": "2"})
    assert [s.pk for s in by_text.context["cl"].result_list] == [sub.pk]
    assert admin_client.get(url(Subscriber), {"receives": "1"}).context["cl"].result_count == 2

    nb_name = Subscription.objects.get(subscriber=sub).neighbourhood.name
    subscriptions = admin_client.get(url(Subscription), {"q": nb_name}).context["cl"]
    assert [s.subscriber_id for s in subscriptions.result_list] == [sub.pk]
    assert admin_client.get(url(Subscription), {"q": EMAIL}).context["cl"].result_count == 0


@pytest.mark.django_db
def test_a_delivery_cannot_be_added_changed_or_deleted_in_the_admin(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    delivery = Delivery.objects.get(channel=1)
    request = RequestFactory().get("/")
    request.user = admin_client.user  # type: ignore[attr-defined]
    delivery_admin = admin.site._registry[Delivery]
    assert delivery_admin.has_add_permission(request) is False
    assert delivery_admin.has_change_permission(request, delivery) is False
    assert delivery_admin.has_delete_permission(request, delivery) is False
    for model in (OutboxMessage, ConsentEvent):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)

    response = admin_client.post(
        url(Delivery, "change", delivery.pk), {"status": "cancelled", "to_address": "x"}
    )
    assert response.status_code == 403
    assert admin_client.post(url(Delivery, "delete", delivery.pk), {"post": "yes"}).status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.to_address == EMAIL


@pytest.mark.django_db
def test_it_lets_a_draft_be_corrected_but_not_a_sent_message(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    message = sent["message"]
    page = admin_client.get(url(Message, "change", message.pk)).content.decode()
    assert 'name="body"' not in page
    admin_client.post(url(Message, "change", message.pk), {"title": "Changed", "body": "Changed"})
    message.refresh_from_db()
    assert message.title == "Car break-ins on Elm Road" and message.body == "Please lock your car."

    draft = make_message([])
    Message.objects.filter(pk=draft.pk).update(status=MessageStatus.DRAFT)
    response = admin_client.post(
        url(Message, "change", draft.pk), {"title": "Bikes stolen", "body": "Lock it."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body, draft.status) == ("Bikes stolen", "Lock it.", MessageStatus.DRAFT)


@pytest.mark.django_db
def test_erasing_a_subscriber_in_the_admin_keeps_the_counts_but_not_the_address(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    sub = sent["subscriber"]
    response = admin_client.post(url(Subscriber, "delete", sub.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=sub.pk).exists()
    assert not ConsentEvent.objects.exists() and not OutboxMessage.objects.exists()
    assert list(Delivery.objects.values_list("status", "to_address", "subscriber_id")) == [
        ("delivered", "", None),
        ("delivered", "", None),
    ]


@pytest.mark.django_db
def test_it_lists_deliveries_by_status_and_channel_with_counts(
    admin_client: Client, sent: dict[str, Any]
) -> None:
    page = admin_client.get(url(Delivery)).content.decode()
    assert "Delivered (2)" in page and "Email (1)" in page and "Text message (1)" in page

    emails = admin_client.get(url(Delivery), {"channel__exact": "1"})
    assert emails.context["cl"].result_count == 1
    assert "Delivered (1)" in emails.content.decode()
