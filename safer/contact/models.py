"""Residents' messages to their neighbourhood team, the replies, and the reply deadline.

A message exists from the moment the form is sent, but the team sees it only once the resident has
confirmed their email address or mobile number (`confirmed_at`): the reply deadline runs from then.
Personal data (name, address, message and reply text) is erased after the retention period
(README.md, "Personal data"), leaving the reference, the team and the times that the charter
measure counts.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.lib import signing
from safer.places.models import Neighbourhood

# Letters and digits that cannot be mistaken for one another when read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SN-{chars[:4]}-{chars[4:]}"


def new_key() -> str:
    return signing.new_key()


class ReplyChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the resident to confirm"
    OPEN = "open", "Waiting for a reply"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn by the resident"


class ContactMessage(models.Model):
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="contact_messages"
    )
    reference = models.CharField(max_length=20, unique=True, default=new_reference)
    key = models.CharField(
        max_length=24,
        default=new_key,
        help_text="Part of the resident's signed links; changing it revokes them.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    name = models.CharField(max_length=100, blank=True)
    in_reply_to = models.ForeignKey(
        "alerts.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The alert this message answers, when the resident followed its reply link.",
    )
    channel = models.CharField(max_length=8, choices=ReplyChannel.choices)
    email = models.EmailField(blank=True)
    mobile = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +447700900123.")
    body = models.TextField(max_length=2000)
    emergency_warning_shown = models.BooleanField(
        default=False, help_text="The text looked like an emergency and the resident confirmed it is not."
    )
    code_hash = models.CharField(
        max_length=128, blank=True, help_text="Hash of the texted code; never the code."
    )
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the team received it: the deadline runs from here."
    )
    due_at = models.DateTimeField(null=True, blank=True)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the missed deadline was escalated to the team's sergeant."
    )
    erased_at = models.DateTimeField(null=True, blank=True, help_text="When personal data was erased.")

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["neighbourhood", "confirmed_at"], name="contact_msg_nb_received"),
            models.Index(
                fields=["due_at"],
                name="contact_msg_open_due",
                condition=models.Q(status="open", escalated_at=None),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def address(self) -> str:
        return self.email if self.channel == ReplyChannel.EMAIL else self.mobile

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == Status.OPEN and self.due_at is not None and self.due_at < now

    def answered_in_time(self) -> bool | None:
        """True or False once it can be judged; None while it is still within its deadline."""
        if self.first_replied_at is not None and self.due_at is not None:
            return self.first_replied_at <= self.due_at
        if self.is_overdue():
            return False
        return None


class SendStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class Reply(models.Model):
    """A reply from the team, sent through the channel the resident chose."""

    message = models.ForeignKey(ContactMessage, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    # What the reply told the resident, ticked by the writer: the charter's honesty measures count these.
    explains_delay = models.BooleanField(
        default=False, help_text="Says why the answer is late and when to expect a full reply."
    )
    offers_recourse = models.BooleanField(
        default=False,
        help_text="Tells the resident how to take it further if unhappy (the recourse process).",
    )
    send_status = models.CharField(max_length=8, choices=SendStatus.choices, default=SendStatus.QUEUED)
    error = models.CharField(max_length=200, blank=True, help_text="Error class or provider code only.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply #{self.pk} to {self.message_id}"


class FrontCounterTally(models.Model):
    """How many enquiries a team's front counter took on a day: with the messages sent online, the
    charter's measure of how much contact is digital."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    enquiries = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "date"], name="one_counter_tally_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.enquiries} front-counter enquiries on {self.date}"
