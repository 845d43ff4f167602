"""The victim information leaflet as a PDF (ReportLab): standard, easy-read and large-print.

What it holds follows the police "Information for Victims of Crime" leaflet and the Victims' Code
(wave2-domain §2.1, §2.4): the crime reference, the officer dealing with the case (name, collar
number, email, mobile), what happens next, the rights in plain English, and local services. The
wording is trauma-informed: it does not blame, it says the victim may choose and change their
mind, and it never names the victim (a leaflet can be found by the person who harmed them)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from safer.victims.records import Leaflet

SIZES = {"standard": 11, "easy_read": 14, "large_print": 18}

WHAT_NEXT = [
    "We will tell you about important steps in the investigation, such as an arrest, a charge or a "
    "decision to stop investigating, within 5 working days, or 1 working day if you have Enhanced Rights.",
    "We agree with you how and how often we update you. You can change this at any time.",
    "We pass your details to the victim service so they can offer support, unless you ask us not to. "
    "For some crimes we ask you first.",
    "You can make a Victim Personal Statement to say how the crime has affected you.",
]
WHAT_NEXT_EASY = [
    "We will tell you what happens with your case.",
    "You choose how we contact you.",
    "You can ask for help from the victim service.",
    "You can tell the court how the crime made you feel.",
]
RIGHTS = [
    "To understand and be understood, with an interpreter if you need one.",
    "To have the crime recorded without unjustified delay.",
    "To be given information when you report the crime, like this leaflet.",
    "To be referred to services that support victims, and to have your needs assessed.",
    "To be told about compensation.",
    "To be told about the investigation and any prosecution.",
    "To make a Victim Personal Statement.",
    "To be told about the trial and your role as a witness.",
    "To be told about the outcome of the case and any appeal.",
    "To have your expenses paid and property returned.",
    "To be told about the offender after they are convicted.",
    "To complain if you do not get these rights.",
]
RIGHTS_EASY = [
    "Help to understand, and an interpreter.",
    "Your report written down quickly.",
    "Information when you report.",
    "Support from a victim service.",
    "Information about money you can claim.",
    "News about your case.",
    "To say how the crime affected you.",
    "Help if you go to court.",
    "To know what the court decided.",
    "Money back for travel to court, and your things returned.",
    "News about the offender.",
    "To complain.",
]


def _styles(variant: str) -> dict[str, ParagraphStyle]:
    size = SIZES.get(variant, 11)
    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=size, leading=size * 1.4, spaceAfter=size * 0.5
    )
    return {
        "body": body,
        "h1": ParagraphStyle(
            "h1", parent=body, fontName="Helvetica-Bold", fontSize=size + 8, leading=(size + 8) * 1.3
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=size + 3,
            leading=(size + 3) * 1.3,
            spaceBefore=size,
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _bullets(lines: list[str], style: ParagraphStyle) -> ListFlowable:
    return ListFlowable([ListItem(_p(line, style)) for line in lines], bulletType="bullet", leftIndent=12)


def leaflet_pdf(leaflet: Leaflet) -> bytes:
    easy = leaflet.variant == Leaflet.Variant.EASY_READ
    s = _styles(leaflet.variant)
    service = settings.VICTIMS_SUPPORT_SERVICE
    story = [
        _p("Information for victims of crime", s["h1"]),
        _p(
            "What happened to you was not your fault. We are here to help."
            if easy
            else "We are sorry this has happened to you. What happened was not your fault. This leaflet "
            "tells you who is dealing with your case, what happens next and what you are entitled to.",
            s["body"],
        ),
        _p("Your crime reference", s["h2"]),
        _p(f"Crime reference: {leaflet.crime_reference}", s["body"]),
        _p("The officer dealing with your case", s["h2"]),
        _p(f"Officer: {leaflet.officer_name}", s["body"]),
        _p(f"Collar number: {leaflet.collar_number}", s["body"]),
        _p(f"Email: {leaflet.officer_email}", s["body"]),
        _p(f"Mobile: {leaflet.officer_mobile}", s["body"]),
        _p("What happens next", s["h2"]),
        _bullets(WHAT_NEXT_EASY if easy else WHAT_NEXT, s["body"]),
        _p("Your rights" if easy else "Your rights under the Victims' Code", s["h2"]),
        _bullets(RIGHTS_EASY if easy else RIGHTS, s["body"]),
        _p("Local services" if not easy else "People who can help", s["h2"]),
        _p(f"{service['name']}: telephone {service['telephone']}, {service['website']}", s["body"]),
        _p(
            "You can get support even if you do not want to talk to the police, and whether or not "
            "the crime was reported.",
            s["body"],
        ),
        Spacer(1, 4 * mm),
        _p("In an emergency call 999. If you cannot speak, call 999 and press 55 when asked.", s["body"]),
        _p("To speak to the police about your case, contact the officer above or call 101.", s["body"]),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Information for victims of crime",
        author=str(settings.FORCE_ID),
        lang="en-GB",
    )
    doc.build(story)
    return buffer.getvalue()
