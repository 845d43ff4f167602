"""Victim records (issue 10): the victim linked to incidents, the needs assessment, the consent
record, the Victims' Code entitlements as clocks, referrals and leaflets.

This is the most sensitive data the platform holds. Nothing here is read or written but through
`safer.victims.access` (who may read, the s62 log) and `safer.victims.actions` (who may write).
Imported by `models.py`, which is where Django finds these models.

Erasure at the end of retention (`retention.py`) blanks every personal field and unlinks the
incidents, but keeps the row and its clocks, referrals and leaflets without their words, so the
measures still count the victim.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.crime.models import Incident
from safer.places.models import Neighbourhood


class Victim(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "The victim themselves"
        GUARDIAN = "guardian", "A parent or guardian (victim under 18)"
        SPOKESPERSON = "spokesperson", "A nominated spokesperson (victim lacks capacity)"
        BEREAVED = "bereaved", "A bereaved close relative or family spokesperson"
        BUSINESS = "business", "A business, through a single named contact"

    class Method(models.TextChoices):
        PHONE = "phone", "Telephone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        VISIT = "visit", "Visit in person"

    class Consent(models.TextChoices):
        OPT_OUT = "opt_out", "Opt-out: referred unless the victim asks us not to"
        EXPLICIT = "explicit", "Explicit consent needed before any referral"

    class Group(models.TextChoices):
        GROUP_1 = "group-1", "MoPI group 1: certain public protection matters"
        GROUP_2 = "group-2", "MoPI group 2: other sexual, violent or serious offences"
        GROUP_3 = "group-3", "MoPI group 3: all other offences"
        GROUP_4 = "group-4", "MoPI group 4: undetected crime"

    incidents = models.ManyToManyField(Incident, related_name="victim_records", blank=True)
    # Kept after erasure: the scope of the record and what the measures group by.
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, on_delete=models.SET_NULL, related_name="victim_records"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(max_length=200, help_text="The person we contact.")
    acting_for = models.CharField(
        max_length=200,
        blank=True,
        help_text="The victim or business this person acts for, if not themselves.",
    )
    under_18 = models.BooleanField(default=False, help_text="The victim was under 18 at the time.")
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True, max_length=500)
    # The contact agreement (Right 6): victim-led method and frequency, and how to contact safely.
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.PHONE)
    update_every_days = models.PositiveSmallIntegerField(default=28)
    phone_unsafe = models.BooleanField(
        default=False, help_text="The victim's own number is not safe to call."
    )
    safe_phone = models.CharField(max_length=20, blank=True)
    safe_times = models.CharField(max_length=200, blank=True)
    no_messages = models.BooleanField(default=False, help_text="Do not leave messages.")
    no_letters = models.BooleanField(default=False, help_text="Do not write to the address.")
    safe_contact_notes = models.TextField(blank=True, max_length=1000)
    # Why explicit consent applies (sexual offence, domestic abuse, bereaved): set from the incident
    # and the officer's answers when the record is made, kept with the consent rule.
    domestic_abuse = models.BooleanField(default=False)
    sexual_offence = models.BooleanField(default=False)
    consent_model = models.CharField(max_length=10, choices=Consent.choices, default=Consent.OPT_OUT)
    consent_rule = models.CharField(max_length=200, blank=True)
    # Flags computed from incident data (rules.refresh_flags), kept so erased records still count.
    is_repeat = models.BooleanField(default=False)
    is_vulnerable = models.BooleanField(default=False)
    officer_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="victims_in_charge"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    retention_group = models.CharField(max_length=10, choices=Group.choices, default=Group.GROUP_3)
    review_on = models.DateField(help_text="Retention review date: erased on this day unless retained.")
    erased_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Fictional victim in the demo data set.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["review_on"], name="victim_review_on")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The record's own reference: no personal data, safe for logs and lists."""
        return f"V-{self.pk:06d}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def crime_references(self) -> str:
        return ", ".join(i.reference for i in self.incidents.all())

    def current_assessment(self) -> NeedsAssessment | None:
        return self.assessments.order_by("-assessed_at", "-pk").first()

    @property
    def is_enhanced(self) -> bool:
        current = self.current_assessment()
        return bool(current and current.categories)


class NeedsAssessment(models.Model):
    """One assessment (the first, or a reassessment when needs change): the history is every row."""

    class Category(models.TextChoices):
        MOST_SERIOUS = "most_serious", "Victim of the most serious crime"
        PERSISTENT = "persistent", "Persistently targeted"
        VULNERABLE = "vulnerable", "Vulnerable or intimidated"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="assessments")
    categories = models.JSONField(default=list, blank=True, help_text="Enhanced Rights categories.")
    needs = models.TextField(blank=True, max_length=2000, help_text="Needs found, in the victim's words.")
    interpreter = models.CharField(
        max_length=100, blank=True, help_text="Language, if an interpreter is needed."
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-pk"]

    def __str__(self) -> str:
        return f"Assessment {self.assessed_at:%Y-%m-%d}"

    def category_labels(self) -> list[str]:
        return [str(NeedsAssessment.Category(c).label) for c in self.categories]


class ConsentRecord(models.Model):
    """The victim's choice about referral to support, when and who recorded it (newest counts)."""

    class Choice(models.TextChoices):
        GIVEN = "given", "Consent given"
        DECLINED = "declined", "Declined: do not refer"
        NOT_OBJECTED = "not_objected", "Told of the referral and did not object"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="consents")
    model = models.CharField(max_length=10, choices=Victim.Consent.choices)
    rule = models.CharField(max_length=200, blank=True, help_text="Why explicit consent was needed.")
    choice = models.CharField(max_length=15, choices=Choice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} {self.recorded_at:%Y-%m-%d}"


class Entitlement(models.Model):
    """One Victims' Code entitlement the police owe, as a clock: due, then met (in time or late),
    missed, or not applicable (with the reason)."""

    class Kind(models.TextChoices):
        WRITTEN_CONFIRMATION = "confirmation", "Written confirmation with crime reference and officer contact"
        NEEDS_ASSESSMENT = "assessment", "Needs assessment"
        REFERRAL = "referral", "Referral to support"
        DECISION_UPDATE = "decision", "Update on a key investigation decision"
        SCHEDULED_UPDATE = "scheduled", "Update at the agreed frequency"
        VPS_OFFERED = "vps", "Victim Personal Statement offered"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="entitlements")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    trigger = models.CharField(
        max_length=200, blank=True, help_text="The key decision, for decision updates."
    )
    due_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    not_applicable = models.CharField(max_length=200, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["met_at", "due_at"], name="entitlement_open_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and not self.not_applicable

    def met_in_time(self) -> bool:
        return self.met_at is not None and self.met_at <= self.due_at

    def status(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.not_applicable:
            return "not applicable"
        if self.met_at is not None:
            return "met" if self.met_at <= self.due_at else "met late"
        if self.due_at < now:
            return "overdue"
        if timezone.localdate(self.due_at) == timezone.localdate(now):
            return "due today"
        return "due"


class Referral(models.Model):
    class Kind(models.TextChoices):
        VICTIM_SERVICE = "victim_service", "Victim service"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        EARLY_HELP = "early_help", "Early help"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for the service"
        ACCEPTED = "accepted", "Accepted"
        CONTACTED = "contacted", "Victim contacted"
        DECLINED = "declined", "Victim declined support"
        NO_CONTACT = "no_contact", "Could not contact"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VICTIM_SERVICE)
    service = models.CharField(max_length=200)
    sent_to = models.CharField(max_length=254, help_text="The service's secure address.")
    outgoing_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The stored message (send_now)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    send_failed = models.BooleanField(default=False)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} referral {self.created_at:%Y-%m-%d}"


class Leaflet(models.Model):
    """A victim information leaflet issued: the officer's details as printed, and how it went."""

    class Variant(models.TextChoices):
        STANDARD = "standard", "Standard"
        EASY_READ = "easy_read", "Easy read"
        LARGE_PRINT = "large_print", "Large print"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email to the victim"
        PRINT = "print", "Printed (handed over or posted)"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="leaflets")
    variant = models.CharField(max_length=15, choices=Variant.choices, default=Variant.STANDARD)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    crime_reference = models.CharField(max_length=200)
    officer_name = models.CharField(max_length=200, blank=True)
    collar_number = models.CharField(max_length=20, blank=True)
    officer_email = models.CharField(max_length=254, blank=True)
    officer_mobile = models.CharField(max_length=20, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_variant_display()} leaflet {self.issued_at:%Y-%m-%d}"

    @property
    def is_complete(self) -> bool:
        """Every officer field the charter promises is filled in."""
        return all([self.officer_name, self.collar_number, self.officer_email, self.officer_mobile])
