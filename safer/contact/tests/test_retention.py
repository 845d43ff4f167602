from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from safer.contact import links
from safer.contact.models import ContactMessage, Reply, Status
from safer.testing import create_contact_message, create_neighbourhood


@pytest.mark.django_db
def test_it_deletes_unconfirmed_messages_and_erases_old_ones(settings):
    settings.CONTACT_RETENTION_DAYS = 30
    nb = create_neighbourhood()
    stale = create_contact_message(nb, confirmed=False, created_at=timezone.now() - dt.timedelta(hours=25))
    fresh = create_contact_message(nb, confirmed=False)
    old = create_contact_message(
        nb,
        received=timezone.now() - dt.timedelta(days=31),
        status=Status.ANSWERED,
        first_replied_at=timezone.now() - dt.timedelta(days=30, hours=12),
    )
    Reply.objects.create(message=old, body="Our reply with details")
    recent = create_contact_message(nb, received=timezone.now() - dt.timedelta(days=29))

    out = StringIO()
    call_command("purge_contact_messages", stdout=out)
    assert "Deleted 1 " in out.getvalue() and "from 1." in out.getvalue()

    assert not ContactMessage.objects.filter(pk=stale.pk).exists()
    assert ContactMessage.objects.filter(pk=fresh.pk).exists()
    old.refresh_from_db()
    assert (old.name, old.email, old.mobile, old.body) == ("", "", "", "")
    assert old.erased_at is not None
    assert Reply.objects.get(message=old).body == ""
    # What the charter measure needs stays.
    assert old.status == Status.ANSWERED and old.first_replied_at and old.due_at and old.reference
    assert ContactMessage.objects.get(pk=recent.pk).body != ""


@pytest.mark.django_db
def test_it_lets_the_resident_withdraw_with_one_click_and_revokes_the_link(client):
    msg = create_contact_message(create_neighbourhood())
    path = links.path_for(msg, links.WITHDRAW)
    page = client.get(path)
    assert page.status_code == 200 and msg.reference in page.content.decode()
    assert ContactMessage.objects.get(pk=msg.pk).body != ""

    # RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" with no CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    msg.refresh_from_db()
    assert msg.status == Status.WITHDRAWN and msg.body == "" and msg.email == ""
    assert client.post(path).status_code == 404


@pytest.mark.django_db
def test_it_takes_a_withdrawn_message_out_of_the_inbox(client):
    from safer.accounts.models import Role
    from safer.testing import create_staff, sign_in

    nb = create_neighbourhood()
    msg = create_contact_message(nb)
    client.post(links.path_for(msg, links.WITHDRAW))
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))
    assert msg.reference not in client.get(reverse("contact:inbox") + "?show=all").content.decode()
    assert client.get(reverse("contact:message", args=[msg.pk])).status_code == 404
