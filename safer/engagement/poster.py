"""The A4 neighbourhood poster (ReportLab): always exactly one page, with the whole team on it.

The team grid is scaled to the team's size (columns, portrait size and type size, most readable
first), then the next dates and current priorities fill the space left. A list that does not fit is
shortened and says how many more there are and where to find them. Heights are measured with the
flowables' own `wrap()` before building, so the layout is chosen, not guessed; a final check after
building shrinks the page to fit should a measurement ever fall short.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from safer.engagement.calendar import upcoming
from safer.engagement.models import Event, EventStatus, Occurrence, Priority
from safer.engagement.pdf import BRAND, LIGHT, _band, _doc, _grid, _p, _styles, _when
from safer.lib import phones
from safer.places.models import Neighbourhood
from safer.teams.models import Membership, team_for

BASE = 14  # type size of everything but the team grid
MARGIN = 14 * mm
FRAME_PADDING = 12  # SimpleDocTemplate's frame pads each edge by 6 pt
SLACK = 4  # points kept free so rounding in ReportLab's own layout cannot push a line over
MAX_EVENTS = 5
MAX_PRIORITIES = 4
# Events and priorities always keep at least this many lines when there are any.
MIN_EVENTS = 2
MIN_PRIORITIES = 1
# How far ahead the poster (and the events page it points to) looks for dates.
EVENTS_AHEAD_DAYS = 365
EVENTS_LISTED_ONLINE = 50
TEAM_FONTS = (14, 13, 12, 11, 10, 9, 8, 7, 6)
# Below this an address is allowed to break across lines rather than shrink further.
MIN_CONTACT_FONT = 6
CELL_PADDING = 3


@dataclass(frozen=True)
class TeamLayout:
    """How the team grid is drawn: `columns` of cards, each a square portrait, the name in `font`
    and the mobile and email in `contact_font` (no larger than `font`, small enough for the longest
    address to fit its card unbroken)."""

    columns: int
    font: float
    contact_font: float

    @property
    def photo(self) -> float:
        return self.font * 3.4

    @property
    def stacked(self) -> bool:
        # From three columns a card is too narrow for a portrait beside an email address.
        return self.columns >= 3

    @property
    def readable(self) -> float:
        """The smallest type on the card: what decides how easy it is to read."""
        return min(self.font, self.contact_font)


def _card_width(columns: int, width: float) -> float:
    return width / columns - 2 * CELL_PADDING


def _text_width(columns: int, font: float, width: float) -> float:
    card = _card_width(columns, width)
    if columns >= 3:
        return card - 2 * CELL_PADDING
    return card - font * 3.4 - 4 * CELL_PADDING


def _contacts(m: Membership) -> list[str]:
    return [x for x in (phones.national(m.person.work_mobile), m.person.work_email) if x] or ["Call 101"]


def team_layouts(team: Sequence[Membership], width: float) -> list[TeamLayout]:
    """Candidate grids for the team in a frame `width` wide, most readable first: the largest
    smallest type, then the fewest columns, then the larger names."""
    lines = [line for m in team for line in _contacts(m)]
    widest = max((stringWidth(line, "Helvetica", 1) for line in lines), default=0.0)
    options = []
    for columns in range(1, max(1, min(5, len(team))) + 1):
        for font in TEAM_FONTS:
            room = _text_width(columns, font, width)
            fits = room / widest if widest else font
            options.append(TeamLayout(columns, font, max(MIN_CONTACT_FONT, min(font, fits))))
    return sorted(options, key=lambda o: (-o.readable, o.columns, -o.font))


def _site(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


QR_SIDE = 30 * mm
QR_SCALE, QR_BORDER = 8, 4  # pixels a module, and the quiet zone the standard asks for


def signup_url(nb: Neighbourhood) -> str:
    """The quick sign-up with this team chosen: where the poster's QR code leads."""
    return _site(f"{reverse('alerts:join')}?neighbourhood={nb.slug}")


def qr_png(url: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()


def _signup_block(nb: Neighbourhood, st: dict[str, ParagraphStyle], width: float) -> Table:
    url = signup_url(nb)
    code = Image(io.BytesIO(qr_png(url)), width=QR_SIDE, height=QR_SIDE)
    words = [
        _p("Get alerts from your team", st["bold"]),
        _p(
            "Scan the code with your phone's camera to sign up for crime alerts and appeals by email. "
            "It takes a minute.",
            st["body"],
        ),  # fmt: skip
        _p(url, st["small"]),
    ]
    block = Table([[code, words]], colWidths=[QR_SIDE + 6, width - QR_SIDE - 6])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return block


def _portrait(membership: Membership, side: float, st: dict[str, ParagraphStyle]) -> Flowable:
    person = membership.person
    if person.photo:
        try:
            return Image(person.photo.path, width=side, height=side)
        except OSError:
            pass  # a missing file shows the initials instead
    initials = ParagraphStyle(
        "initials", parent=st["initials"], fontSize=side * 0.38, leading=side * 0.45, alignment=TA_CENTER
    )
    square = Table([[_p(person.initials, initials)]], colWidths=[side], rowHeights=[side])
    square.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BRAND),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return square


def _card(m: Membership, layout: TeamLayout, width: float, st: dict[str, ParagraphStyle]) -> Table:
    person = m.person
    side = layout.photo
    align = TA_CENTER if layout.stacked else 0
    name_style = ParagraphStyle(
        "member", parent=st["bold"], fontSize=layout.font, leading=layout.font * 1.2, alignment=align
    )
    size = layout.contact_font
    contact_style = ParagraphStyle(
        "member-contact", parent=st["body"], fontSize=size, leading=size * 1.25, alignment=align
    )
    text: list[Flowable] = [_p(person.display_name, name_style), _p("\n".join(_contacts(m)), contact_style)]
    if layout.stacked:
        card = Table([[_portrait(m, side, st)], [text]], colWidths=[width])
        style = [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    else:
        card = Table([[_portrait(m, side, st), text]], colWidths=[side + 2 * CELL_PADDING, None])
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    pads = [(k, (0, 0), (-1, -1), CELL_PADDING) for k in ("LEFTPADDING", "RIGHTPADDING")]
    card.setStyle(TableStyle([*style, *pads, ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    return card


def team_grid(team: Sequence[Membership], layout: TeamLayout, width: float, st: dict[str, Any]) -> Table:
    cols = layout.columns
    cell = width / cols
    cards: list[Any] = [_card(m, layout, _card_width(cols, width), st) for m in team]
    cards += [""] * (-len(cards) % cols)
    rows = [cards[i : i + cols] for i in range(0, len(cards), cols)]
    grid = Table(rows, colWidths=[cell] * cols)
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 0), (-1, -1), [LIGHT, colors.white]),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    return grid


def height(flowables: Sequence[Flowable], width: float) -> float:
    """How tall the flowables stand in a frame `width` wide. Every space before and after is counted
    in full (a frame drops the space before its first flowable and merges a space after with the
    next space before), so parts measured apart add up to no less than the whole."""
    total = 0.0
    for f in flowables:
        _, h = f.wrap(width, 1_000_000)
        total += f.getSpaceBefore() + h + f.getSpaceAfter()
    return total


@dataclass
class _Lists:
    """The dates and priorities on offer, and the flowables that show the first `n` of each."""

    coming: list[Occurrence]
    priorities: list[Priority]
    events_url: str
    priorities_url: str
    st: dict[str, ParagraphStyle]
    width: float

    def more(self, hidden: int, url: str) -> Paragraph:
        return _p(f"and {hidden} more at {url}", self.st["body"])

    def events(self, n: int) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [_p("Come and talk to us", st["h2"])]
        if not self.coming:
            return [*out, _p("Our next dates will be on our web page soon.", st["body"])]
        rows = [
            [_p(_when(o.start, o.end), st["bold"]), _p(f"{o.event.title}\n{o.event.address}", st["body"])]
            for o in self.coming[:n]
        ]
        if rows:
            out.append(_grid(rows, [self.width * 0.38, self.width * 0.62], header=False))
        if n < len(self.coming):
            out.append(self.more(len(self.coming) - n, self.events_url))
        return out

    def priorities_part(self, n: int) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [_p("What we are working on", st["h2"])]
        if not self.priorities:
            return [*out, _p("Tell us what matters to you: your views set our priorities.", st["body"])]
        out += [_p(f"\u2022 {p.issue}", st["body"]) for p in self.priorities[:n]]
        if n < len(self.priorities):
            out.append(self.more(len(self.priorities) - n, self.priorities_url))
        return out

    def fill(self, room: float) -> tuple[list[Flowable], list[Flowable]]:
        """As many dates and priorities as fit in `room` (at least the minimums): a date, then a
        priority, in turn, until the next would not fit or both lists are used up."""
        e = min(MIN_EVENTS, MAX_EVENTS, len(self.coming))
        p = min(MIN_PRIORITIES, MAX_PRIORITIES, len(self.priorities))
        e_cap, p_cap = min(MAX_EVENTS, len(self.coming)), min(MAX_PRIORITIES, len(self.priorities))
        grew = True
        while grew:
            grew = False
            for grow_events in (True, False):
                ne, np_ = (e + 1, p) if grow_events else (e, p + 1)
                if ne > e_cap or np_ > p_cap:
                    continue
                if height(self.events(ne) + self.priorities_part(np_), self.width) <= room:
                    e, p, grew = ne, np_, True
        return self.events(e), self.priorities_part(p)


def _published_upcoming(nb: Neighbourhood) -> list[Occurrence]:
    published = Event.objects.filter(neighbourhood=nb, status=EventStatus.PUBLISHED)
    return upcoming(published, limit=EVENTS_LISTED_ONLINE, days=EVENTS_AHEAD_DAYS)


def _story(nb: Neighbourhood, width: float, room: float) -> list[Flowable]:
    st = _styles(BASE)
    force = nb.force
    contact = " | ".join(
        x for x in (f"Email {nb.email}" if nb.email else "", f"Telephone {force.telephone}") if x
    )
    head: list[Flowable] = [
        _band(
            f"{nb.name} Safer Neighbourhood Team",
            "Your local police team: here to listen and help",
            st,
            width,
        ),
        Spacer(1, 6),
    ]
    foot: list[Flowable] = [
        Spacer(1, 8),
        _signup_block(nb, st, width),
        Spacer(1, 4),
        _p(contact, st["bold"]),
        _p(f"Online: {_site(nb.get_absolute_url())}", st["body"]),
        _p("In an emergency always call 999. This poster is not for reporting crime.", st["small"]),
    ]
    lists = _Lists(
        coming=_published_upcoming(nb),
        priorities=list(Priority.objects.filter(neighbourhood=nb, is_published=True, closed_on__isnull=True)),
        events_url=_site(reverse("engagement:events", args=[nb.slug])),
        priorities_url=_site(reverse("engagement:priorities", args=[nb.slug])),
        st=st,
        width=width,
    )
    fixed = height(head + foot, width)
    # The team comes first: the most readable grid that leaves room for the minimum of each list.
    least = lists.events(min(MIN_EVENTS, len(lists.coming))) + lists.priorities_part(
        min(MIN_PRIORITIES, len(lists.priorities))
    )
    team = team_for(nb)
    team_part: list[Flowable] = []
    if team:
        budget = room - fixed - height(least, width)
        for layout in team_layouts(team, width):
            team_part = [_p("Meet your team", st["h2"]), team_grid(team, layout, width, st)]
            if height(team_part, width) <= budget:
                break
    events_part, priorities_part = lists.fill(room - fixed - height(team_part, width))
    return head + team_part + events_part + priorities_part + foot


def poster_pdf(nb: Neighbourhood) -> bytes:
    """An A4 poster: the whole team with photos and contacts, the next dates, current priorities."""
    title = f"{nb.name} Safer Neighbourhood Team"
    buffer = io.BytesIO()
    doc = _doc(buffer, title, MARGIN)
    # The frame pads its sides as well as its top and bottom: measure what it really holds.
    width, room = doc.width - FRAME_PADDING, doc.height - FRAME_PADDING - SLACK
    doc.build(_story(nb, width, room))
    if doc.page > 1:
        # Only if a measurement above fell short: the same content, shrunk onto the one page.
        buffer = io.BytesIO()
        doc = _doc(buffer, title, MARGIN)
        doc.build([KeepInFrame(width, room, _story(nb, width, room), mode="shrink")])
    return buffer.getvalue()
