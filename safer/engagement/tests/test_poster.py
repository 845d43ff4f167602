"""The A4 neighbourhood poster: a real PDF whose text holds the team, dates and priorities."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from safer.engagement import poster
from safer.engagement.models import EventStatus
from safer.engagement.poster import poster_pdf
from safer.teams.models import Rank
from safer.testing import create_event, create_person, create_priority

TZ = timezone.get_current_timezone()


def test_it_prints_the_team_next_dates_and_priorities_on_one_a4_page(client, team):
    create_person(
        team.neighbourhood,
        given_name="Sanjay",
        family_name="Patel",
        rank=Rank.SERGEANT,
        work_mobile="07700 900456",
    )
    day = timezone.localdate() + dt.timedelta(days=6)
    create_event(
        team.neighbourhood,
        title="Engagement vehicle at the Market House",
        start=dt.datetime.combine(day, dt.time(10), tzinfo=TZ),
    )
    create_event(team.neighbourhood, title="Called off", status=EventStatus.CANCELLED)
    create_priority(team.neighbourhood, issue="Speeding on the Homend", is_published=True)
    create_priority(team.neighbourhood, issue="Draft worry")
    response = client.get(f"/engagement/{team.neighbourhood.slug}/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A4[0]), round(A4[1]))
    text = " ".join(reader.pages[0].extract_text().split())  # line breaks fall where the layout puts them
    assert "Ledbury Safer Neighbourhood Team" in text
    assert "Sergeant Sanjay Patel" in text and "07700 900456" in text and "PCSO Priya Clarke" in text
    assert f"{day:%a} {day.day} {day:%b %Y}, 10:00-12:00" in text
    assert "Engagement vehicle at the Market House" in text and "Called off" not in text
    assert "Speeding on the Homend" in text and "Draft worry" not in text
    assert "999" in text


def poster_text(nb):
    reader = PdfReader(io.BytesIO(poster_pdf(nb)))
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split())


def test_it_fits_a_large_team_and_shortens_long_lists_with_where_to_find_the_rest(team, settings):
    settings.SITE_URL = "https://safer.example"
    nb = team.neighbourhood
    people = [
        create_person(nb, given_name=f"Officer{n:02d}", family_name="Longsurname-Example", rank=Rank.PC)
        for n in range(17)
    ]
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    create_event(nb, title="Weekly surgery", start=start, rrule="FREQ=WEEKLY;COUNT=20")
    for n in range(9):
        create_priority(nb, issue=f"Priority number {n}", is_published=True)
    pages, text = poster_text(nb)
    assert pages == 1
    assert all(p.display_name in text for p in [team.officer, *people])
    shown = text.count("Weekly surgery")
    assert 1 <= shown <= 5
    assert f"and {20 - shown} more at https://safer.example/engagement/ledbury/events/" in text
    listed = sum(f"Priority number {n}" in text for n in range(9))
    assert 1 <= listed <= 4
    assert f"and {9 - listed} more at https://safer.example/engagement/ledbury/priorities/" in text


def test_it_says_nothing_more_when_everything_fits(team):
    create_event(team.neighbourhood, title="Only visit")
    create_priority(team.neighbourhood, issue="Only priority", is_published=True)
    pages, text = poster_text(team.neighbourhood)
    assert pages == 1 and "Only visit" in text and "Only priority" in text and " more at " not in text


def test_it_still_prints_one_page_if_its_measurements_fall_short(team, monkeypatch):
    """Were ReportLab to lay out taller than measured, the poster shrinks to fit rather than spill."""
    nb = team.neighbourhood
    people = [create_person(nb, rank=Rank.PCSO) for _ in range(12)]
    for n in range(6):
        create_event(nb, title=f"Visit {n}", start=timezone.now() + dt.timedelta(days=n + 1))
    monkeypatch.setattr(poster, "height", lambda flowables, width: 0.0)
    pages, text = poster_text(nb)
    assert pages == 1
    assert all(p.display_name in text for p in [team.officer, *people])


def test_the_poster_carries_a_qr_code_to_its_teams_quick_sign_up(client, team, settings):
    """The code is read back from the PDF's image, module by module, and compared with the QR code of
    the team's sign-up address; and that address opens the sign-up with the team chosen."""
    import numpy as np
    import segno

    settings.SITE_URL = "https://safer.example.police.uk"
    expected = f"https://safer.example.police.uk/alerts/join/?neighbourhood={team.neighbourhood.slug}"
    pdf = PdfReader(io.BytesIO(poster_pdf(team.neighbourhood)))
    assert expected in pdf.pages[0].extract_text().replace("\n", "")
    codes = [
        img for img in pdf.pages[0].images if img.image is not None and img.image.width == img.image.height
    ]
    assert codes, "a square image (the QR code) is on the poster"
    image = codes[-1].image
    assert image is not None
    picture = np.asarray(image.convert("L")) < 128  # dark modules
    qr = segno.make(expected, error="m", micro=False)
    modules = len(qr.matrix)
    side = picture.shape[0] // (modules + 2 * poster.QR_BORDER)
    border = poster.QR_BORDER * side
    read = picture[border + side // 2 :: side, border + side // 2 :: side][:modules, :modules]
    assert (read == np.array(qr.matrix, dtype=bool)).all()

    page = client.get(expected.removeprefix("https://safer.example.police.uk")).content.decode()
    assert f"Sign up for alerts from the {team.neighbourhood.name} team" in page
