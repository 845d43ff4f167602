"""The issue's story in a real browser at phone width: a resident finds and joins a scheme; its
coordinator messages the members and only they receive it; a Speed Watch volunteer records
vehicles with no signal and they arrive once when it returns; the letter batch PDF names exactly
the vehicles over the threshold. Then every new page at 375 and 320 px, checked with axe."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from safer.accounts.models import Role
from safer.alerts import actions as alerts
from safer.alerts import fanout
from safer.alerts.models import Channel, Message, OutboxMessage
from safer.alerts.worker import Worker
from safer.community.models import Letter, Reading, SiteStatus
from safer.community.tests.helpers import create_scheme, create_session, create_site, csw_world
from safer.conftest import axe_violations
from safer.places.models import Postcode
from safer.testing import (
    create_force,
    create_neighbourhood,
    create_staff,
    create_subscriber,
    send_queued_messages,
    sign_in,
)


def as_user(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.django_db(transaction=True)
def test_join_message_record_offline_and_print_letters_on_a_phone(
    phone_page: Any, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.SITE_URL = live_server.url
    page = phone_page
    create_force()
    nb = create_neighbourhood(name="Claines", centre_lat=52.21, centre_lng=-2.22)
    Postcode.objects.create(postcode="WR38SP", latitude=52.21, longitude=-2.22, neighbourhood=nb)
    coordinator = create_staff(Role.COORDINATOR, neighbourhoods=[nb])
    scheme = create_scheme(nb, name="Cornmeadow Green Watch", coordinators=[coordinator], streets="WR3 8SP")
    create_scheme(nb, name="Ombersley Road Watch", centre_lat=52.2, centre_lng=-2.23)
    create_subscriber([nb], email="pat@example.com", kinds=["crime"])
    create_subscriber([nb], email="neighbour@example.com")  # wants everything, but is not a member

    # A resident finds the scheme by postcode and asks to join.
    page.goto(f"{live_server.url}/community/schemes/")
    page.get_by_label("Your postcode").fill("wr3 8sp")
    page.get_by_role("button", name="Find schemes").click()
    page.get_by_role("link", name="Cornmeadow Green Watch").click()
    page.get_by_label("Your email address").fill("pat@example.com")
    page.get_by_label("I agree to receive this scheme's messages").check()
    page.get_by_role("button", name="Join this scheme").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    fits(page, 375)

    # They confirm from the email.
    send_queued_messages()
    body = OutboxMessage.objects.get(to_address="pat@example.com").body
    page.goto(re.search(r"http://\S+/community/schemes/join/\S+/", body).group(0))  # type: ignore[union-attr]
    page.get_by_label("I agree to receive this scheme's messages").check()
    page.get_by_role("button", name="Confirm and join").click()
    expect(page.get_by_role("heading", name="You have joined Cornmeadow Green Watch")).to_be_visible()

    # Its coordinator sees the member and writes to the members.
    as_user(page, live_server, coordinator)
    page.goto(f"{live_server.url}/community/staff/my-schemes/{scheme.pk}/")
    expect(page.get_by_role("cell", name="pat@example.com")).to_be_visible()
    expect(page.get_by_text("neighbour@example.com")).to_have_count(0)
    page.get_by_role("link", name="Message your members").click()
    page.get_by_label("Title").fill("Shed break-ins on the Green")
    page.get_by_label("Message").fill("Please lock your sheds tonight.")
    page.get_by_role("button", name="Send to members").click()
    expect(page.get_by_text("waiting for your neighbourhood sergeant")).to_be_visible()
    page.screenshot(path=str(tmp_path / "coordinator-375.png"), full_page=True)

    # The sergeant approves it (the alerts approval page); only the member receives it.
    message = Message.objects.get(title="Shed break-ins on the Green")
    alerts.approve(create_staff(Role.SERGEANT, neighbourhoods=[nb]), message)
    fanout.fan_out(message.pk)
    Worker(channels=[Channel.EMAIL]).run_once()
    sent = OutboxMessage.objects.filter(subject__contains="Shed break-ins")
    assert list(sent.values_list("to_address", flat=True)) == ["pat@example.com"]

    # A Speed Watch volunteer records two vehicles with no signal.
    session, (volunteer, *_) = csw_world(nb)
    session.start, session.end = dt.time(0, 0), dt.time(23, 59)
    session.save()
    as_user(page, live_server, volunteer)
    page.goto(f"{live_server.url}/community/staff/speed-watch/volunteer/sessions/{session.pk}/")
    page.context.set_offline(True)
    for registration, speed, make in (("AB12 CDE", "41", "Ford"), ("XY70 ZZZ", "30", "Kia")):
        page.get_by_label("Registration").fill(registration)
        page.get_by_label("Speed (mph)").fill(speed)
        page.get_by_label("Northbound").check()
        page.get_by_label("Make").fill(make)
        page.get_by_role("button", name="Save vehicle").click()
    expect(page.get_by_role("status")).to_contain_text("2 vehicles saved on this phone, waiting to send")
    assert Reading.objects.count() == 0
    page.screenshot(path=str(tmp_path / "record-offline-375.png"), full_page=True)

    # The signal returns: they arrive, once; sending the same readings again adds nothing.
    queue = page.evaluate(f"localStorage.getItem('csw-queue-{session.pk}')")
    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text("Every vehicle has been sent", timeout=20000)
    expect(page.locator("#server-count")).to_have_text("2 vehicles received so far.")
    assert sorted(Reading.objects.values_list("registration", "speed_mph")) == [
        ("AB12CDE", 41),
        ("XY70ZZZ", 30),
    ]
    page.evaluate(f"localStorage.setItem('csw-queue-{session.pk}', {queue!r})")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("status")).to_contain_text("Every vehicle has been sent")
    expect(page.locator("#server-count")).to_have_text("2 vehicles received so far.")
    assert Reading.objects.count() == 2
    fits(page, 375)

    # The road-safety officer prepares the letters, gets the keepers and prints one batch.
    as_user(page, live_server, create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb]))
    page.goto(f"{live_server.url}/community/staff/speed-watch/letters/")
    page.get_by_role("button", name="Prepare letters").click()
    expect(page.get_by_text("1 letters prepared")).to_be_visible()
    export = page.request.get(
        f"{live_server.url}/community/staff/speed-watch/letters/keeper-requests.csv"
    ).text()
    references = re.findall(r"CSW-\d+", export)
    answers = "reference,keeper_name,address,postcode\n" + "".join(
        f"{ref},A Keeper,1 High Street;Worcester,WR1 2AB\n" for ref in references
    )
    page.get_by_label("DVLA answers (CSV)").set_input_files(
        files=[{"name": "answers.csv", "mimeType": "text/csv", "buffer": answers.encode()}]
    )
    page.get_by_role("button", name="Import the DVLA's answers").click()
    expect(page.get_by_text("1 keeper answers imported")).to_be_visible()
    page.get_by_role("button", name="Make a batch of the ready letters").click()
    href = page.get_by_role("link", name=re.compile(r"Batch \d+ \(PDF")).get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}").body()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "AB12CDE" in text and "XY70ZZZ" not in text
    assert set(Letter.objects.values_list("registration", flat=True)) == {"AB12CDE"}


@pytest.mark.django_db(transaction=True)
def test_every_new_page_passes_axe_and_fits_375_and_320_pixels(
    browser: Any, live_server: Any, tmp_path: Any
) -> None:
    create_force()
    nb = create_neighbourhood(name="Claines", centre_lat=52.21, centre_lng=-2.22)
    Postcode.objects.create(postcode="WR38SP", latitude=52.21, longitude=-2.22, neighbourhood=nb)
    coordinator = create_staff(Role.COORDINATOR, neighbourhoods=[nb])
    scheme = create_scheme(
        nb, name="Cornmeadow Green Watch", coordinators=[coordinator], description="A street of 40 homes."
    )
    session, (volunteer, *_) = csw_world(nb)
    Reading.objects.create(
        session=session, registration="AB12CDE", speed_mph=44, seen_at="08:10", direction="N"
    )
    proposed = create_site(session.site.group, status=SiteStatus.PROPOSED, name="Church Lane")
    create_session(session.site, volunteers=[volunteer], day=timezone.localdate() + dt.timedelta(days=3))
    base = live_server.url
    group = session.site.group_id
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    officer = create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb])
    public = [
        "/community/schemes/?postcode=WR3+8SP",
        f"/community/schemes/{scheme.pk}/",
        "/community/schemes/start/",
        "/community/speed-watch/",
        "/community/speed-watch/ask/",
        f"/community/speed-watch/sites/{session.site_id}/",
    ]
    mine = f"/community/staff/my-schemes/{scheme.pk}/"
    record = f"/community/staff/speed-watch/volunteer/sessions/{session.pk}/"
    pages: list[tuple[Any, list[str]]] = [
        (None, public),
        (coordinator, ["/community/staff/", "/community/staff/my-schemes/", mine, f"{mine}message/"]),
        (
            volunteer,
            [
                "/community/staff/speed-watch/volunteer/",
                record,
                f"/community/staff/speed-watch/sessions/{session.pk}/",
            ],
        ),
        (
            sergeant,
            [
                "/community/staff/schemes/",
                "/community/staff/schemes/new/",
                f"/community/staff/schemes/{scheme.pk}/",
                "/community/staff/speed-watch/",
                f"/community/staff/speed-watch/groups/{group}/",
            ],
        ),
        (
            officer,
            [
                f"/community/staff/speed-watch/sites/{proposed.pk}/check/",
                "/community/staff/speed-watch/letters/",
            ],
        ),
    ]
    problems: list[str] = []
    for width in (375, 320):
        context = browser.new_context(viewport={"width": width, "height": 740}, locale="en-GB")
        page = context.new_page()
        for user, paths in pages:
            if user is not None:
                as_user(page, live_server, user)
            for path in paths:
                response = page.goto(base + path)
                assert response.status == 200, path
                if width == 375:
                    problems += [f"{path}: {v['id']} {v['nodes']}" for v in axe_violations(page)]
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{path} scrolls sideways at {width} px")
        page.goto(f"{base}/community/staff/speed-watch/volunteer/sessions/{session.pk}/")
        page.screenshot(path=str(tmp_path / f"record-{width}.png"), full_page=True)
        context.close()
    assert problems == [], problems
