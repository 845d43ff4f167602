"""Printable PDFs (ReportLab): the quarterly update for a parish or town council, and the shared
pieces (styles, the header band, tables) the A4 poster in `poster.py` is drawn with. Both are built
only from the platform's own records, in large, plain type (Helvetica, at least 11 pt on the update;
14 pt on the poster except where a large team's grid is scaled down to fit its one page)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safer.engagement.calendar import occurrences_between, public_events, quarter_of, upcoming
from safer.engagement.models import (
    Concern,
    ConcernCategory,
    CouncilMeeting,
    EventStatus,
    ParishCouncil,
    Priority,
)
from safer.lib import phones
from safer.places.models import Neighbourhood
from safer.teams.models import Membership, team_for

# The force's blue on the header band; black text everywhere else for contrast.
BRAND = colors.HexColor("#1d3c6e")
LIGHT = colors.HexColor("#eef2f7")


def _styles(base: float) -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=base, leading=base * 1.35
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=base - 2, leading=(base - 2) * 1.35),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=base * 2,
            leading=base * 2.4,
            textColor=colors.white,
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=colors.white, fontSize=base + 2),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=base + 5,
            leading=(base + 5) * 1.3,
            spaceBefore=base,
            spaceAfter=base / 3,
            textColor=BRAND,
        ),
        "bold": ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold"),
        "initials": ParagraphStyle(
            "initials",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=base * 1.6,
            alignment=TA_CENTER,
            textColor=colors.white,
            leading=base * 2,
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _band(title: str, subtitle: str, st: dict[str, ParagraphStyle], width: float) -> Table:
    band = Table([[_p(title, st["title"])], [_p(subtitle, st["subtitle"])]], colWidths=[width])
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BRAND),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ]
        )
    )
    return band


def _grid(rows: list[list[Any]], widths: Sequence[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    table.setStyle(TableStyle(style))
    return table


def _when(start: dt.datetime, end: dt.datetime) -> str:
    s, e = timezone.localtime(start), timezone.localtime(end)
    return f"{s:%a %-d %b %Y}, {s:%H:%M}-{e:%H:%M}"


def _doc(buffer: io.BytesIO, title: str, margin: float) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=settings.FORCE_ID,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )


def _priorities(nb: Neighbourhood) -> list[Priority]:
    return list(Priority.objects.filter(neighbourhood=nb, is_published=True, closed_on__isnull=True)[:6])


def _team_rows(team: list[Membership], st: dict[str, ParagraphStyle], photo_size: float) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for m in team:
        person = m.person
        portrait: Flowable
        if person.photo:
            try:
                portrait = Image(person.photo.path, width=photo_size, height=photo_size)
            except OSError:
                portrait = _p(person.initials, st["initials"])
        else:
            portrait = _p(person.initials, st["initials"])
        contact = "\n".join(x for x in (phones.national(person.work_mobile), person.work_email) if x)
        rows.append([portrait, _p(person.display_name, st["bold"]), _p(contact or "Call 101", st["body"])])
    return rows


def _team_table(rows: list[list[Any]], widths: Sequence[float | None]) -> Table:
    table = Table(rows, colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), BRAND),
                ("LINEBELOW", (0, 0), (-1, -1), 1, colors.white),
                ("ROWBACKGROUNDS", (1, 0), (-1, -1), [LIGHT, colors.white]),
            ]
        )
    )
    return table


# --- quarterly parish update -----------------------------------------------------------------


def _crime_rows(nb: Neighbourhood, start: dt.date, end: dt.date) -> tuple[str, list[tuple[str, int]]]:
    """Crimes in the neighbourhood by category for the quarter's months; police.uk publishes a month
    or two late, so if the quarter has none yet, the latest three months that have any."""
    from safer.crime.models import CrimeCount

    months = [f"{start.year}-{m:02d}" for m in range(start.month, end.month + 1)]
    crimes = CrimeCount.objects.filter(neighbourhood=nb)  # the importer's counts, not every row
    found = crimes.filter(month__in=months)
    if not found.exists():
        latest = list(crimes.order_by("-month").values_list("month", flat=True).distinct()[:3])
        months = sorted(set(latest))
        found = crimes.filter(month__in=months)
    counts = Counter(dict(found.values_list("category").annotate(n=Sum("crimes")).order_by()))
    label = f"{months[0]} to {months[-1]}" if months else ""
    return label, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def parish_update_pdf(council: ParishCouncil, quarter_start: dt.date) -> bytes:
    start, end = quarter_of(quarter_start)
    parish = council.parish
    nb = parish.neighbourhood
    tz = timezone.get_current_timezone()
    after = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    before = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    st = _styles(11)
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Policing update for {council.name}", 18 * mm)
    width = doc.width
    story: list[Flowable] = [
        _band(
            f"Policing update for {council.name}",
            f"{start:%-d %B} to {end:%-d %B %Y} - {nb.name} Safer Neighbourhood Team",
            st,
            width,
        ),
        Spacer(1, 6),
    ]

    story.append(_p("Your team", st["h2"]))
    team = team_for(nb)
    if team:
        story.append(_team_table(_team_rows(team, st, 14 * mm), [18 * mm, width * 0.42, None]))
    else:
        story.append(_p("The team's members have not been published yet.", st["body"]))

    story.append(_p("Our priorities", st["h2"]))
    priorities = _priorities(nb)
    if priorities:
        rows: list[list[Any]] = [[_p("Issue (you said)", st["bold"]), _p("Action (we did)", st["bold"])]]
        rows += [
            [
                _p(f"{p.issue}\nSet {p.issue_date:%-d %B %Y}", st["body"]),
                _p(p.action or "Not yet recorded.", st["body"]),
            ]
            for p in priorities
        ]
        story.append(_grid(rows, [width / 2, width / 2]))
    else:
        story.append(_p("No priorities are published at the moment.", st["body"]))

    story.append(_p("Meetings we attended", st["h2"]))
    meetings = list(CouncilMeeting.objects.filter(council=council, date__range=(start, end)).order_by("date"))
    if meetings:
        story += [_p(f"{m.date:%-d %B %Y} ({m.get_mode_display().lower()})", st["body"]) for m in meetings]
    else:
        story.append(_p("We have not attended a council meeting this quarter.", st["body"]))

    # One moment splits the two lists, so a date is never both "held" and "coming up": what has
    # started belongs to the quarter's record, what has not to the dates ahead.
    now = timezone.now()
    events = public_events([nb.pk]).filter(status=EventStatus.PUBLISHED)
    held = occurrences_between(events, after, min(before, now)) if now > after else []
    story.append(_p("Engagement events this quarter", st["h2"]))
    if held:
        rows = [[_p("When", st["bold"]), _p("What and where", st["bold"])]]
        rows += [
            [_p(_when(o.start, o.end), st["body"]), _p(f"{o.event.title}, {o.event.address}", st["body"])]
            for o in held[:15]
        ]
        story.append(_grid(rows, [width * 0.4, width * 0.6]))
    elif now < before:
        story.append(_p("No engagement events have been held in this quarter so far.", st["body"]))
    else:
        story.append(_p("No engagement events were held in this quarter.", st["body"]))
    coming = [o for o in upcoming(events, limit=12) if o.start >= now][:6]
    if coming:
        story.append(_p("Coming up", st["bold"]))
        story += [
            _p(f"{_when(o.start, o.end)}: {o.event.title}, {o.event.address}", st["body"]) for o in coming
        ]

    story.append(_p("Concerns raised in your parish", st["h2"]))
    concerns = Counter(
        Concern.objects.filter(parish=parish, recorded_at__range=(after, before)).values_list(
            "category", flat=True
        )
    )
    if concerns:
        labels = dict(ConcernCategory.choices)
        rows = [[_p("Concern", st["bold"]), _p("Times raised", st["bold"])]]
        rows += [
            [_p(str(labels.get(c, c)), st["body"]), _p(str(n), st["body"])] for c, n in concerns.most_common()
        ]
        story.append(_grid(rows, [width * 0.7, width * 0.3]))
    else:
        story.append(_p("No concerns were recorded for the parish this quarter.", st["body"]))

    story.append(_p("Crime in the neighbourhood", st["h2"]))
    label, crime = _crime_rows(nb, start, end)
    if crime:
        from safer.crime.categories import category_name

        rows = [[_p(f"Category ({label})", st["bold"]), _p("Crimes", st["bold"])]]
        rows += [[_p(category_name(c), st["body"]), _p(str(n), st["body"])] for c, n in crime]
        story.append(_grid(rows, [width * 0.7, width * 0.3]))
        story.append(
            _p("Street-level crime as published on data.police.uk, for the whole neighbourhood.", st["small"])
        )
    else:
        story.append(_p("No crime figures have been imported for this neighbourhood yet.", st["body"]))

    story += [
        Spacer(1, 8),
        _p(
            f"Contact the team: {nb.email or ''} | telephone {nb.force.telephone} | "
            f"{settings.SITE_URL.rstrip('/')}{nb.get_absolute_url()}",
            st["small"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
