"""What a public body must publish: the privacy notice and the accessibility statement.

The privacy notice is worked out from the platform itself: `HOLDINGS` says, for each kind of
personal data, whose it is, why it is held, on what lawful basis and for how long (read from the
retention settings as they are set in this deployment), and names the models that hold it; any
model with personal-data fields that no holding names is listed too, as "other records", so a new
table cannot be left out silently. Who the data is shared with comes from the configured email, text
and voice providers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _hours(n: int) -> str:
    return f"{n} hour" if n == 1 else f"{n} hours"


@dataclass(frozen=True)
class Holding:
    key: str
    whose: str
    what: str
    why: str
    basis: str
    kept: Callable[[], str]
    models: tuple[str, ...]


PUBLIC_TASK = "Public task: the police's duty to keep the peace and prevent crime (UK GDPR article 6(1)(e))"
CONSENT = "Consent: you asked for it, and you can withdraw at any time (UK GDPR article 6(1)(a))"

HOLDINGS: list[Holding] = [
    Holding(
        "alerts",
        "People who sign up to Neighbourhood Matters alerts",
        "Email address or mobile number, the places (postcode and its point) and kinds of message chosen, "
        "and when each address was confirmed.",
        "To send the alerts you asked for.",
        CONSENT,
        lambda: (
            "Until you unsubscribe or delete your registration from the manage page. A registration "
            f"never confirmed is deleted after {_days(settings.ALERTS_UNCONFIRMED_DAYS)}."
        ),
        ("alerts.Subscriber", "alerts.AlertPlace", "alerts.GroupMember"),
    ),
    Holding(
        "deliveries",
        "People who receive alerts and other messages from us",
        "The address each message was sent to, and whether it was delivered.",
        "To send each message, retry it if it fails and count what was delivered.",
        PUBLIC_TASK,
        lambda: (
            f"The address is removed {_days(settings.ALERTS_RETENTION_DAYS)} after sending; the count of "
            "deliveries is kept without it."
        ),
        ("alerts.Delivery", "alerts.OutboxMessage", "alerts.OutgoingMessage"),
    ),
    Holding(
        "contact",
        "Residents who write to their neighbourhood team",
        "Your message, your name if you give it, and the email address or mobile number for the reply; "
        "the team's reply.",
        "To answer you, and to check that every message is answered on time.",
        PUBLIC_TASK,
        lambda: (
            f"A message never confirmed is deleted after {_hours(settings.CONTACT_CONFIRM_HOURS)}. Your "
            f"name, address, message and the reply are erased {_days(settings.CONTACT_RETENTION_DAYS)} "
            "after we receive it; you can withdraw it and erase them sooner with the link in our emails."
        ),
        ("contact.ContactMessage", "contact.Reply"),
    ),
    Holding(
        "correspondence",
        "People who write to a team by letter or email, and parish council clerks",
        "The writer's name and where they are from, what they wrote about and the reply; a clerk's name, "
        "email address and telephone number.",
        "To reply on time and to send parish councils their quarterly updates.",
        PUBLIC_TASK,
        lambda: "While the team needs it to answer and report; staff delete it when it is no longer needed.",
        ("engagement.Correspondence", "engagement.ParishCouncil", "engagement.ParishUpdate"),
    ),
    Holding(
        "surveys",
        "People who answer a survey or raise a concern at an event",
        "Your answers. We do not ask for your name or contact details.",
        "To set and review neighbourhood priorities.",
        PUBLIC_TASK,
        lambda: "Answers are kept to report results over time; they do not identify you.",
        ("engagement.SurveyResponse", "engagement.Answer", "engagement.Concern"),
    ),
    Holding(
        "officers",
        "Police officers, PCSOs and staff in neighbourhood teams",
        "Name, rank, collar number, work email and mobile, photo and a short biography, and duty status.",
        "To tell residents who their team is and how to reach them.",
        PUBLIC_TASK,
        lambda: "While the person is in a team; removed when they leave it.",
        ("teams.Person", "teams.Membership"),
    ),
    Holding(
        "accounts",
        "Staff, partners, coordinators and volunteers who sign in",
        "Username, name and email address, role and the places you work on, your authenticator app's key, "
        "failed sign-in attempts, and a log of changes you make and protected records you read.",
        "To keep the back office secure and to account for every change to people's data.",
        PUBLIC_TASK,
        lambda: (
            f"Sessions end after {_hours(settings.STAFF_SESSION_HOURS)}. Failed sign-ins lock an account "
            f"for {round(float(settings.AXES_COOLOFF_TIME) * 60)} minutes. The audit log is never changed "
            "or deleted: it is kept as the force's record."
        ),
        ("auth.User", "accounts.StaffProfile", "accounts.AuditEvent", "accounts.EnrolmentToken"),
    ),
    Holding(
        "victims",
        "People who have been the victim of a crime more than once",
        "That a team contacted you about repeat victimisation, when, and what was offered.",
        "To make sure repeat victims are contacted and supported.",
        PUBLIC_TASK,
        lambda: "As long as the force's records management policy for victim contact allows.",
        ("victims.RepeatVictimContact",),
    ),
    Holding(
        "prevention",
        "Households near a crime who receive crime-prevention advice",
        "The postcodes visited or written to, and the advice given.",
        "To prevent further crime nearby (near-repeat prevention).",
        PUBLIC_TASK,
        lambda: "As long as the team needs it to review what worked.",
        ("problems.PreventionAction", "problems.PreventionVisit"),
    ),
]

# Field names that hold someone's contact details or identity.
PERSONAL_FIELDS = {
    "email",
    "mobile",
    "work_email",
    "work_mobile",
    "given_name",
    "family_name",
    "writer_name",
    "clerk_name",
    "clerk_email",
    "clerk_telephone",
    "to_address",
    "ip_address",
    "first_name",
    "last_name",
}
# Models whose such fields are the force's or a team's own published details, not a person's.
NOT_PERSONAL = {"places.Neighbourhood", "places.Force"}


def personal_models() -> list[type[models.Model]]:
    """Every model with a field that holds someone's contact details or name."""
    found = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        holds = {f.name for f in fields} & PERSONAL_FIELDS or any(
            isinstance(f, models.EmailField) for f in fields
        )
        if holds and model._meta.label not in NOT_PERSONAL:
            found.append(model)
    return found


def installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


def privacy_context() -> dict[str, Any]:
    declared = {label for h in HOLDINGS for label in h.models}
    holdings = [
        {"holding": h, "kept": h.kept()} for h in HOLDINGS if any(installed(label) for label in h.models)
    ]
    others = [
        {
            "name": str(m._meta.verbose_name_plural).capitalize(),
            "fields": sorted(
                str(f.verbose_name) for f in m._meta.concrete_fields if f.name in PERSONAL_FIELDS
            ),
        }
        for m in personal_models()
        if m._meta.label not in declared and m._meta.app_label not in {"axes"}
    ]
    return {"holdings": holdings, "other_records": others, "processors": processors()}


def processors() -> list[str]:
    """Who sends our messages, from the configured provider URLs."""
    names = {
        "notify": "GOV.UK Notify (Government Digital Service), which sends emails and texts for us",
        "twilio": "Twilio, which sends texts and makes voice calls for us",
        "smtp": "the force's email service",
        "smtps": "the force's email service",
    }
    found: list[str] = []
    for url in (settings.EMAIL_URL, settings.SMS_URL, settings.VOICE_URL):
        name = names.get(url.split(":", 1)[0].lower())
        if name and name not in found:
            found.append(name)
    return found


def axe_version() -> str:
    package = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "package.json"
    try:
        return str(json.loads(package.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return ""
