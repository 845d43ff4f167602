from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client

from safer.alerts import fanout
from safer.alerts.models import Channel, Delivery, OutboxMessage, PhoneConfirmation, Status, Subscriber
from safer.alerts.tests.conftest import Sink, body_of
from safer.alerts.tests.test_fanout import make_message
from safer.places.models import Postcode
from safer.testing import create_neighbourhood

LINK = re.compile(r"http://[^\s\"<>]+")


def postcode_in(nb: Any, code: str = "WR38SP") -> Postcode:
    return Postcode.objects.create(
        postcode=code, latitude=nb.centre_lat, longitude=nb.centre_lng, neighbourhood=nb
    )


def signup_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "email": "alex@example.com",
        "home": "WR3 8SP",
        "email_kinds": ["crime", "appeal"],
        "digest_frequency": "daily",
        "consent": "on",
    }
    data.update(overrides)
    return data


def links_in(message: Any) -> list[str]:
    return LINK.findall(body_of(message))


@pytest.mark.django_db
def test_it_sends_nothing_until_the_email_address_is_confirmed(
    client: Client, smtp_sink: Sink, immediate_tasks: None, settings: Any
) -> None:
    settings.SITE_URL = "http://testserver"
    nb = create_neighbourhood()
    postcode_in(nb)

    response = client.post("/alerts/sign-up/", signup_data())

    assert response.status_code == 302 and response["Location"] == "/alerts/sign-up/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.channels == 0 and subscriber.email == "alex@example.com"
    assert list(subscriber.subscriptions.values_list("neighbourhood", flat=True)) == [nb.pk]
    fanout.queue(make_message([nb]))
    assert not Delivery.objects.exists()

    [mail] = smtp_sink.to("alex@example.com")
    assert mail["List-Unsubscribe"] is None  # a confirmation is not a mailing list
    confirm = next(u for u in links_in(mail) if "/alerts/confirm/" in u).removeprefix("http://testserver")
    page = client.get(confirm)
    assert page.status_code == 200 and b"Confirm my email address" in page.content
    assert Subscriber.objects.get().channels == 0  # a GET (a link scanner) confirms nothing
    done = client.post(confirm)
    assert done.status_code == 302 and "/alerts/manage/" in done["Location"]

    subscriber.refresh_from_db()
    assert subscriber.channels == Channel.EMAIL and subscriber.email_confirmed_at
    fanout.queue(make_message([nb]))
    assert list(Delivery.objects.values_list("subscriber_id", "channel")) == [(subscriber.pk, Channel.EMAIL)]


@pytest.mark.django_db
def test_bad_input_gets_clear_messages_and_changes_nothing(client: Client) -> None:
    nb = create_neighbourhood()
    postcode_in(nb)
    cases = [
        (signup_data(email=""), "Enter an email address, a mobile number or a landline number"),
        (signup_data(home="ZZ9 9ZZ"), "We could not find the postcode ZZ9 9ZZ"),
        (signup_data(home=""), "Enter a postcode or address"),
        (signup_data(mobile="hello"), "Enter a UK mobile number"),
        (signup_data(mobile="01632 960 001", sms_kinds=["crime"]), "Enter a UK mobile number"),
        (signup_data(email_kinds=[]), "Choose which messages to get by email"),
        (signup_data(consent=""), "Tick the box to agree"),
        (signup_data(quiet_start="22:00"), "Enter both times for quiet hours"),
    ]
    for data, message in cases:
        response = client.post("/alerts/sign-up/", data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" in html and message in html, message
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_a_mobile_is_confirmed_by_a_texted_code(client: Client, immediate_tasks: None) -> None:
    nb = create_neighbourhood()
    postcode_in(nb)
    response = client.post(
        "/alerts/sign-up/", signup_data(email="", email_kinds=[], mobile="07700 900123", sms_kinds=["crime"])
    )
    assert response.status_code == 302 and response["Location"] == "/alerts/sign-up/check-your-phone/"
    page = response["Location"]
    sms = OutboxMessage.objects.get(channel=Channel.SMS)
    assert sms.to_address == "+447700900123"
    code = re.search(r"\d{6}", sms.body).group(0)  # type: ignore[union-attr]
    assert code not in str(PhoneConfirmation.objects.values_list("code_hash", flat=True)[0])

    wrong = client.post(page, {"field": "mobile", "code": "000000" if code != "000000" else "111111"})
    assert "The code is wrong" in wrong.content.decode()
    assert Subscriber.objects.get().channels == 0
    confirmed = client.post(page, {"field": "mobile", "code": code})
    assert confirmed.status_code == 302 and "/alerts/manage/" in confirmed["Location"]
    assert (
        Subscriber.objects.get().channels == Channel.SMS | Channel.VOICE
    )  # a confirmed mobile can take calls


@pytest.mark.django_db
def test_a_landline_is_confirmed_by_a_code_read_out_in_a_call(client: Client, immediate_tasks: None) -> None:
    nb = create_neighbourhood()
    postcode_in(nb)
    response = client.post(
        "/alerts/sign-up/",
        signup_data(email="", email_kinds=[], landline="01632 960 001", voice_kinds=["incident"]),
    )
    call = OutboxMessage.objects.get(channel=Channel.VOICE)
    code = "".join(re.search(r"code is ((?:\d ){5}\d)", call.body).group(1).split())  # type: ignore[union-attr]
    client.post(response["Location"], {"field": "landline", "code": code})
    assert Subscriber.objects.get().channels == Channel.VOICE


@pytest.mark.django_db
def test_signing_up_again_sends_the_manage_link_and_changes_nothing(
    client: Client, smtp_sink: Sink, immediate_tasks: None
) -> None:
    nb = create_neighbourhood()
    postcode_in(nb)
    client.post("/alerts/sign-up/", signup_data())
    client.post("/alerts/sign-up/", signup_data(email="ALEX@example.com", email_kinds=["event"]))
    assert Subscriber.objects.count() == 1
    second = smtp_sink.to("alex@example.com")[-1]
    assert "link to manage" in second["Subject"] and "/alerts/manage/" in body_of(second)


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_address(client: Client, settings: Any) -> None:
    settings.ALERTS_SIGNUPS_PER_HOUR = 2
    nb = create_neighbourhood()
    postcode_in(nb)
    for n in range(2):
        assert client.post("/alerts/sign-up/", signup_data(email=f"p{n}@example.com")).status_code == 302
    blocked = client.post("/alerts/sign-up/", signup_data(email="p9@example.com"))
    assert blocked.status_code == 429 and "too many times" in blocked.content.decode()
    assert Subscriber.objects.count() == 2


@pytest.mark.django_db
def test_places_can_be_a_neighbourhood_by_name_or_a_radius(client: Client) -> None:
    a = create_neighbourhood(box=(-2.30, 52.10, -2.29, 52.11))
    b = create_neighbourhood(box=(-2.29, 52.10, -2.28, 52.11))
    far = create_neighbourhood(box=(-1.00, 52.50, -0.99, 52.51))
    client.post(
        "/alerts/sign-up/", signup_data(home="", neighbourhood=far.pk, point="52.105,-2.29", radius_km="0.5")
    )
    subscriber = Subscriber.objects.get()
    followed = set(subscriber.subscriptions.values_list("neighbourhood", flat=True))
    assert followed == {a.pk, b.pk, far.pk}


@pytest.mark.django_db
def test_manage_links_expire_and_are_revoked_with_the_key(client: Client, monkeypatch: Any) -> None:
    from safer.alerts import actions, links
    from safer.testing import create_subscriber

    sub = create_subscriber([create_neighbourhood()])
    path = links.manage_path(sub.pk, sub.key)
    assert client.get(path).status_code == 200
    real = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real() + 31 * 86400)
    assert client.get(path).status_code == 404
    monkeypatch.setattr("django.core.signing.time.time", real)
    actions.rotate_links(sub)
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_manage_page_changes_choices_and_shows_what_was_sent(client: Client) -> None:
    from safer.alerts import links
    from safer.alerts.models import KIND_BITS
    from safer.alerts.worker import Worker
    from safer.testing import create_subscriber

    nb = create_neighbourhood()
    sub = create_subscriber([nb], kinds=["crime"])
    fanout.queue(make_message([nb]))
    Worker().drain()
    path = links.manage_path(sub.pk, sub.key)
    page = client.get(path).content.decode()
    assert "Car break-ins on Elm Road" in page and "Delivered" in page

    client.post(
        path, {"email_kinds": ["event", "survey"], "digest_kinds": ["survey"], "digest_frequency": "weekly"}
    )
    sub.refresh_from_db()
    assert sub.email_kinds == KIND_BITS["event"] | KIND_BITS["survey"]
    assert sub.digest_kinds == KIND_BITS["survey"] and sub.digest_frequency == "weekly"
    assert sub.consent_events.filter(action="preferences-changed").exists()


@pytest.mark.django_db
def test_one_click_unsubscribe_works_without_cookies_and_stops_emails() -> None:
    from safer.alerts import links
    from safer.testing import create_subscriber

    nb = create_neighbourhood()
    sub = create_subscriber([nb], mobile="+447700900005", channels=("email", "sms"))
    fanout.queue(make_message([nb]))
    url = links.unsubscribe_url(sub.pk, sub.key, Channel.EMAIL).removeprefix("http://127.0.0.1:8000")
    mail_client = Client(enforce_csrf_checks=True)

    assert mail_client.get(url).status_code == 200  # GET only shows a button
    assert Subscriber.objects.get(pk=sub.pk).channels & Channel.EMAIL

    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    sub.refresh_from_db()
    assert not sub.channels & Channel.EMAIL and sub.channels & Channel.SMS  # texts carry on
    statuses = dict(Delivery.objects.values_list("channel", "status"))
    assert statuses == {Channel.EMAIL: Status.CANCELLED, Channel.SMS: Status.CREATED}
    fanout.queue(make_message([nb]))
    assert not Delivery.objects.filter(channel=Channel.EMAIL, status=Status.CREATED).exists()
    assert client_post_bad_token(mail_client) == 404


def client_post_bad_token(client: Client) -> int:
    return client.post(
        "/alerts/unsubscribe/not-a-token/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    ).status_code


@pytest.mark.django_db
def test_a_manage_link_is_sent_only_to_a_registered_confirmed_address(
    client: Client, smtp_sink: Sink, immediate_tasks: None
) -> None:
    from safer.testing import create_subscriber

    create_subscriber([create_neighbourhood()], email="kim@example.com")
    for address in ("kim@example.com", "nobody@example.com"):
        response = client.post("/alerts/manage/", {"address": address})
        assert response.status_code == 200 and b"Check your email or phone" in response.content
    assert smtp_sink.recipients() == ["kim@example.com"]
