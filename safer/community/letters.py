"""The keepers' letters as one PDF batch (ReportLab), one A4 page a letter, and the DVLA export.

A letter is advice, not a Notice of Intended Prosecution; the second warns and says an officer
will call; the third says the vehicle has been passed to the roads policing team."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safer.community.models import Letter, LetterLevel

WORDS = {
    LetterLevel.FIRST: (
        "Community Speed Watch: advice about your vehicle's speed",
        "Volunteers from your local Community Speed Watch group, working with the police, recorded the "
        "vehicle below travelling at or above the speed at which the police consider enforcement. "
        "Please remember that speed limits protect the people who live, walk and cycle here.",
    ),
    LetterLevel.SECOND: (
        "Community Speed Watch: second warning about your vehicle's speed",
        "This vehicle has been recorded speeding by Community Speed Watch before, and a letter was sent. "
        "It has been recorded again. A neighbourhood officer will visit to talk to you about it. "
        "If it is recorded again, the details will be passed to the roads policing team.",
    ),
    LetterLevel.THIRD: (
        "Community Speed Watch: your vehicle has been referred to the roads policing team",
        "This vehicle has now been recorded speeding by Community Speed Watch at least three times in a "
        "year, "
        "after two letters. Its details have been passed to the roads policing team, who may target it for "
        "enforcement.",
    ),
}


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=12, leading=16)
    heading = ParagraphStyle(
        "heading", parent=body, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=8
    )
    small = ParagraphStyle("small", parent=body, fontSize=10, leading=13)
    return body, heading, small


def batch_pdf(letters: Iterable[Letter], force_name: str) -> bytes:
    body, heading, small = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Community Speed Watch letters",
    )
    story: list = []  # type: ignore[type-arg]
    today = timezone.localdate()
    for number, letter in enumerate(letters):
        if number:
            story.append(PageBreak())
        reading = letter.reading
        session = reading.session
        site = session.site
        title, words = WORDS[LetterLevel(letter.level)]
        story.append(Paragraph(escape(force_name), small))
        story.append(Spacer(1, 6 * mm))
        address = "<br/>".join(
            escape(line) for line in [letter.keeper_name, *letter.keeper_address.splitlines()]
        )
        story.append(Paragraph(address, body))
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(f"{today:%-d %B %Y}. Our reference: {letter.reference}", body))
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(escape(title), heading))
        story.append(Paragraph(escape(words), body))
        story.append(Spacer(1, 4 * mm))
        vehicle = " ".join(v for v in (reading.colour, reading.make, reading.model) if v) or "Not recorded"
        rows = [
            ["Registration", reading.registration],
            ["Vehicle", vehicle],
            ["Where", site.name],
            ["When", f"{session.date:%-d %B %Y} at {reading.seen_at:%H:%M}"],
            ["Direction", reading.get_direction_display()],
            ["Recorded speed", f"{reading.speed_mph} mph in a {site.speed_limit} mph limit"],
        ]
        table = Table(
            [[Paragraph(escape(k), body), Paragraph(escape(v), body)] for k, v in rows],
            colWidths=[45 * mm, 120 * mm],
        )
        table.setStyle(
            TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, "#b1b4b6"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(table)
        story.append(Spacer(1, 5 * mm))
        story.append(
            Paragraph(
                "This letter is not a Notice of Intended Prosecution and no penalty follows from it.", small
            )
        )
    doc.build(story)
    return out.getvalue()


def dvla_csv(letters: Iterable[Letter]) -> str:
    """The keeper look-up request for the DVLA: reference, registration, date, time and place."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "registration", "date", "time", "location"])
    for letter in letters:
        r = letter.reading
        writer.writerow(
            [
                letter.reference,
                letter.registration,
                f"{r.session.date:%Y-%m-%d}",
                f"{r.seen_at:%H:%M}",
                r.session.site.name,
            ]
        )
    return out.getvalue()
