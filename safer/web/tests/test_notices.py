"""The accessibility statement and the privacy notice, linked from every page's footer."""

from __future__ import annotations

import pytest
from django.test import Client

from safer.testing import create_force
from safer.web import notices

pytestmark = pytest.mark.django_db

PSBAR_HEADINGS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that's not within the scope of the accessibility regulations",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def test_the_accessibility_statement_follows_the_model_statement(settings) -> None:  # type: ignore[no-untyped-def]
    create_force(slug=settings.FORCE_ID, name="West Mercia Police")
    settings.ACCESSIBILITY_EMAIL = "accessibility@example.police.uk"
    settings.ACCESSIBILITY_STATEMENT_PREPARED = "2026-11-30"
    html = Client().get("/accessibility/").content.decode()
    positions = [html.index(heading) for heading in PSBAR_HEADINGS]
    assert positions == sorted(positions)
    assert "mailto:accessibility@example.police.uk" in html
    assert "prepared on 30 November 2026" in html
    assert "(No. 2) Accessibility Regulations 2018" in html


def test_the_privacy_notice_says_how_long_from_this_deployments_settings(settings) -> None:  # type: ignore[no-untyped-def]
    create_force(slug=settings.FORCE_ID)
    settings.CONTACT_RETENTION_DAYS = 200
    settings.ALERTS_RETENTION_DAYS = 3
    settings.ALERTS_UNCONFIRMED_DAYS = 1
    settings.SMS_URL = "notify://key@example"
    html = Client().get("/privacy/").content.decode()
    assert "erased 200 days after we receive it" in html
    assert "removed 3 days after sending" in html
    assert "never confirmed is deleted after 1 day." in html
    assert "GOV.UK Notify" in html


def test_every_holding_names_models_that_exist_and_every_personal_model_is_on_the_notice() -> None:
    for holding in notices.HOLDINGS:
        assert all(notices.installed(label) for label in holding.models), holding.key
    declared = {label for h in notices.HOLDINGS for label in h.models}
    context = notices.privacy_context()
    shown_as_other = {row["name"] for row in context["other_records"]}
    for model in notices.personal_models():
        label = model._meta.label
        assert (
            label in declared
            or str(model._meta.verbose_name_plural).capitalize() in shown_as_other
            or (model._meta.app_label == "axes")
        ), label
    assert {"contact.ContactMessage", "alerts.Subscriber", "teams.Person"} <= {
        m._meta.label for m in notices.personal_models()
    }


def test_a_new_table_with_personal_data_shows_as_other_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notices, "HOLDINGS", [h for h in notices.HOLDINGS if h.key != "contact"])
    names = {row["name"] for row in notices.privacy_context()["other_records"]}
    assert "Contact messages" in names


def test_every_page_footer_links_to_both(settings) -> None:  # type: ignore[no-untyped-def]
    create_force(slug=settings.FORCE_ID)
    for path in ("/", "/staff/sign-in/", "/accessibility/"):
        html = Client().get(path).content.decode()
        assert 'href="/accessibility/">Accessibility statement</a>' in html, path
        assert 'href="/privacy/">Privacy</a>' in html, path
