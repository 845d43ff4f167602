"""Referral to support through the configured service's secure email (a real SMTP server), with
the checks against the known failures, the delivery and outcome recorded; the leaflet PDF with
every field, in its three formats, emailed or printed; each disclosure in the s62 log."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from safer.contact.tests.conftest import Sink, text_of
from safer.testing import create_neighbourhood
from safer.victims import actions
from safer.victims.leaflet_pdf import leaflet_pdf
from safer.victims.logs import ProcessingLog
from safer.victims.records import Referral
from safer.victims.tests.factories import incident, officer, victim

pytestmark = pytest.mark.django_db
SERVICE = "referrals@vals.example.cjsm.net"


@pytest.fixture
def service(settings: Any) -> str:
    settings.VICTIMS_SUPPORT_SERVICE = {**settings.VICTIMS_SUPPORT_SERVICE, "email": SERVICE}
    return SERVICE


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_referral_needs_explicit_consent_then_reaches_the_service_by_email(
    smtp_sink: Sink, run_on_commit: Any, service: str
) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb)], domestic_abuse=True, phone_unsafe=True, safe_phone="+447700900999")
    with pytest.raises(ValidationError, match="Explicit consent is needed first"):
        actions.refer(pc, v)
    assert not Referral.objects.exists()
    actions.record_consent(pc, v, "given")
    with run_on_commit(execute=True):
        referral = actions.refer(pc, v)
    [mail] = smtp_sink.to(service)
    body = text_of(mail)
    assert v.reference in body and v.crime_references() in body and "Consent given" in body
    assert "+447700900999" in body and "+447700900456" not in body  # the unsafe number never goes
    referral.refresh_from_db()
    assert referral.delivered_at is not None and not referral.send_failed
    assert v.entitlements.get(kind="referral").met_in_time()
    entry = ProcessingLog.objects.get(operation="disclosure", victim=v)
    assert entry.recipient == f"Victim Advice Line <{service}>" and "explicit consent" in entry.justification
    with pytest.raises(ValidationError, match="already referred"):
        actions.refer(pc, v)
    actions.record_referral_outcome(pc, referral, "contacted")
    referral.refresh_from_db()
    assert referral.outcome == "contacted" and referral.outcome_at is not None


def test_an_unsafe_number_without_a_safe_one_and_a_refusal_stop_the_referral(service: str) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    unsafe = victim(pc, [incident(nb, "burglary")], phone_unsafe=True, safe_contact_notes="Call via sister")
    with pytest.raises(ValidationError, match="marked unsafe"):
        actions.refer(pc, unsafe)
    declined = victim(pc, [incident(nb, "burglary")], consent="declined")
    with pytest.raises(ValidationError, match="asked not to be referred"):
        actions.refer(pc, declined)
    assert declined.entitlements.get(kind="referral").not_applicable
    assert not Referral.objects.exists()


def test_the_leaflet_has_every_field_in_each_format_and_emails_as_a_pdf(
    smtp_sink: Sink, run_on_commit: Any
) -> None:
    nb = create_neighbourhood()
    pc = officer(nb, given_name="Jo", family_name="Fictional", collar_number="PC 4321")
    v = victim(pc, [incident(nb, "burglary")])
    with run_on_commit(execute=True):
        emailed = actions.issue_leaflet(pc, v, "standard", "email")
    [mail] = smtp_sink.to("alex@example.org")
    [attachment] = list(mail.iter_attachments())
    text = pdf_text(attachment.get_content())
    person = pc.person  # type: ignore[attr-defined]
    for value in (v.crime_references(), "PC Jo Fictional", "PC 4321", person.work_email, person.work_mobile):
        assert value in text
    assert (
        "What happens next" in text and "Victim Personal Statement" in text and "Victim Advice Line" in text
    )
    assert "Alex Fictional" not in text  # the leaflet never names the victim
    assert emailed.is_complete and v.entitlements.get(kind="confirmation").met_at is not None
    for variant in ("easy_read", "large_print"):
        printed = actions.issue_leaflet(pc, v, variant, "print")
        assert "PC 4321" in pdf_text(leaflet_pdf(printed))
    assert ProcessingLog.objects.filter(operation="disclosure", victim=v).count() == 3


def test_a_leaflet_cannot_be_emailed_without_an_address_and_an_incomplete_one_is_marked() -> None:
    nb = create_neighbourhood()
    pc = officer(nb, work_mobile="")
    v = victim(pc, [incident(nb, "burglary")], email="", method="letter")
    with pytest.raises(ValidationError, match="no email address"):
        actions.issue_leaflet(pc, v, "standard", "email")
    assert not actions.issue_leaflet(pc, v, "standard", "print").is_complete
