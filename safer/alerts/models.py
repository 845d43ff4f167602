"""Neighbourhood Matters alerts: subscribers, where and what they follow, messages and deliveries.

Preferences are bitmasks so that recipient resolution is one set-based SQL statement (fanout.py):
a subscriber's `channels` holds the channels that are confirmed and not switched off, and
`email_kinds`, `sms_kinds`, `voice_kinds` the kinds of message wanted on each. A delivery row is
both the queue and the record: unique per (message, subscriber, channel).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.lib import signing
from safer.places.models import Force, Neighbourhood, PolicingArea


class Kind(models.TextChoices):
    INFORMATION = "information", "Information and crime prevention"
    CRIME = "crime", "Crime alerts"
    APPEAL = "appeal", "Witness appeals"
    INCIDENT = "incident", "Ongoing incidents"
    EVENT = "event", "Events"
    SURVEY = "survey", "Surveys"
    WATCH = "watch", "Watch-scheme messages"


KIND_BITS: dict[str, int] = {kind: 1 << i for i, kind in enumerate(Kind.values)}
ALL_KINDS = sum(KIND_BITS.values())


def kinds_to_bits(kinds: list[str] | set[str] | tuple[str, ...]) -> int:
    return sum(KIND_BITS[k] for k in set(kinds))


def bits_to_kinds(bits: int) -> list[str]:
    return [k for k in Kind.values if bits & KIND_BITS[k]]


class Channel(models.IntegerChoices):
    """The values are bits, so a subscriber's channels fit in one integer."""

    EMAIL = 1, "Email"
    SMS = 2, "Text message"
    VOICE = 4, "Phone call"


CHANNEL_NAMES = {Channel.EMAIL: "email", Channel.SMS: "sms", Channel.VOICE: "voice"}


class Urgency(models.TextChoices):
    NORMAL = "normal", "Normal"
    URGENT = "urgent", "Urgent"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


def new_key() -> str:
    return signing.new_key()


class Subscriber(models.Model):
    """One registration. Nothing is sent to an address until it is confirmed."""

    key = models.CharField(
        max_length=24, default=new_key, help_text="Part of every signed link; changing it revokes them."
    )
    email = models.EmailField(blank=True)
    mobile = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +447700900123.")
    landline = models.CharField(max_length=20, blank=True, help_text="E.164.")
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    mobile_confirmed_at = models.DateTimeField(null=True, blank=True)
    landline_confirmed_at = models.DateTimeField(null=True, blank=True)
    channels = models.PositiveSmallIntegerField(
        default=0, help_text="Channel bits that are confirmed and not switched off (kept by refresh)."
    )
    switched_off = models.PositiveSmallIntegerField(
        default=0, help_text="Channel bits turned off: unsubscribe, STOP, or repeated permanent failures."
    )
    email_kinds = models.PositiveIntegerField(default=0)
    sms_kinds = models.PositiveIntegerField(default=0)
    voice_kinds = models.PositiveIntegerField(default=0)
    digest_kinds = models.PositiveIntegerField(default=0, help_text="Kinds emailed in a digest.")
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    quiet_start = models.TimeField(null=True, blank=True, help_text="No texts or calls from …")
    quiet_end = models.TimeField(null=True, blank=True, help_text="… until.")
    email_failures = models.PositiveSmallIntegerField(default=0)
    sms_failures = models.PositiveSmallIntegerField(default=0)
    voice_failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["email"], name="alerts_sub_email"),
            models.Index(fields=["mobile"], name="alerts_sub_mobile"),
        ]

    def __str__(self) -> str:
        return f"Subscriber #{self.pk}"

    def address_for(self, channel: int) -> str:
        if channel == Channel.EMAIL:
            return self.email
        if channel == Channel.SMS:
            return self.mobile
        return self.voice_number

    @property
    def voice_number(self) -> str:
        """Calls go to a confirmed landline if there is one, else to the confirmed mobile."""
        if self.landline and self.landline_confirmed_at:
            return self.landline
        return self.mobile if self.mobile_confirmed_at else ""

    def confirmed_bits(self) -> int:
        bits = 0
        if self.email and self.email_confirmed_at:
            bits |= Channel.EMAIL
        if self.mobile and self.mobile_confirmed_at:
            bits |= Channel.SMS
        if self.voice_number:
            bits |= Channel.VOICE
        return bits

    def refresh_channels(self) -> None:
        """Recompute `channels` from confirmations and switches (call before saving)."""
        self.channels = self.confirmed_bits() & ~self.switched_off

    def kinds_for(self, channel: int) -> int:
        return {
            Channel.EMAIL: self.email_kinds,
            Channel.SMS: self.sms_kinds,
            Channel.VOICE: self.voice_kinds,
        }[Channel(channel)]


class PlaceHow(models.TextChoices):
    POSTCODE = "postcode", "Postcode"
    LOCATION = "location", "Location"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood by name"
    RADIUS = "radius", "Radius around a point"


class AlertPlace(models.Model):
    """A place a subscriber follows. Each resolves to one or more neighbourhoods (Subscription rows);
    a point, where there is one, lets drawn circles and polygons find the subscriber."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="places")
    label = models.CharField(max_length=40, help_text="home, work or the neighbourhood's name")
    how = models.CharField(max_length=20, choices=PlaceHow.choices)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    radius_m = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="alerts_place_point")]

    def __str__(self) -> str:
        return self.label


class Subscription(models.Model):
    """Subscriber follows neighbourhood (through one of their places). Fan-out joins on this."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions", db_index=False
    )
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(AlertPlace, on_delete=models.CASCADE, related_name="subscriptions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "neighbourhood"], name="alerts_subscription_unique"),
        ]
        indexes = [
            models.Index(fields=["neighbourhood", "subscriber"], name="alerts_subscription_nb"),
            models.Index(fields=["subscriber"], name="alerts_subscription_sub"),
        ]

    def __str__(self) -> str:
        return f"Subscription #{self.pk}"


class ConsentEvent(models.Model):
    """The consent ledger: what a subscriber agreed to or withdrew, when and how. No addresses."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consent_events")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=60)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


class PhoneConfirmation(models.Model):
    """A code sent by text or read out in a call; only its hash is kept."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="phone_confirmations")
    field = models.CharField(max_length=10, help_text="mobile or landline")
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Code for {self.field}"


class Group(models.Model):
    """A group messages can be sent to, such as a Neighbourhood Watch scheme."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="alert_groups")
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    members = models.ManyToManyField(Subscriber, through="GroupMember", related_name="groups")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "subscriber"], name="alerts_group_member")]

    def __str__(self) -> str:
        return f"Member of group #{self.group_id}"


class Target(models.TextChoices):
    NEIGHBOURHOODS = "neighbourhoods", "Neighbourhoods"
    AREAS = "areas", "Local policing areas"
    FORCE = "force", "The whole force"
    CIRCLE = "circle", "A circle on the map"
    POLYGON = "polygon", "A shape on the map"
    GROUP = "group", "A group, such as a watch scheme"


class MessageStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting-approval", "Waiting for approval"
    REJECTED = "rejected", "Not approved"
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class Message(models.Model):
    """What staff write once; the force's record (kept after delivery rows are purged)."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    target = models.CharField(max_length=20, choices=Target.choices)
    target_areas = models.ManyToManyField(PolicingArea, blank=True, related_name="+")
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="alert_messages", help_text="The resolved target."
    )
    geometry_wkb = models.BinaryField(null=True, blank=True, help_text="Circle or polygon, WGS84.")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=500, blank=True)
    needs_approval = models.BooleanField(default=False)
    reach = models.JSONField(default=dict, blank=True, help_text="Recipients per channel at the preview.")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When fan-out queued the deliveries.")
    queued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("alerts:message", args=[self.pk])

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT

    @property
    def is_public(self) -> bool:
        """Group messages go to members only; everything else is on the public archive once sent."""
        return self.status in {MessageStatus.SENDING, MessageStatus.SENT} and self.target != Target.GROUP

    @property
    def geometry(self) -> Any:
        import shapely

        return shapely.from_wkb(bytes(self.geometry_wkb)) if self.geometry_wkb else None


class MessageTarget(models.Model):
    """Subscribers matched by a drawn circle or polygon (resolved with shapely, then joined in SQL)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+", db_index=False)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "subscriber"], name="alerts_messagetarget_unique")
        ]

    def __str__(self) -> str:
        return f"Target of message #{self.message_id}"


class Status(models.TextChoices):
    CREATED = "created", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent (waiting for receipt)"
    DELIVERED = "delivered", "Delivered"
    TEMPORARY_FAILURE = "temporary-failure", "Temporary failure (will retry)"
    PERMANENT_FAILURE = "permanent-failure", "Failed"
    CANCELLED = "cancelled", "Cancelled"


QUEUED_STATUSES = (Status.CREATED, Status.TEMPORARY_FAILURE)


class Delivery(models.Model):
    """One message to one subscriber on one channel: the queue row and the record.

    `to_address` is copied at fan-out so a worker needs no join; it is blanked after the retention
    period (and when the subscriber deletes their registration), leaving the counts.
    """

    # No database-level foreign keys: PostgreSQL checks deferred keys row by row at commit, which
    # about doubled the time to queue 617,000 rows (bench/RESULTS.md). Rows are only written by
    # fan-out (which selects existing subscribers for an existing message) and cleared through the
    # ORM, which still cascades and nulls these in Python.
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", db_index=False, db_constraint=False
    )
    subscriber = models.ForeignKey(
        Subscriber,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        db_constraint=False,
    )
    channel = models.PositiveSmallIntegerField(choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    digest = models.BooleanField(default=False, help_text="Held for the subscriber's email digest.")
    to_address = models.CharField(max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    provider_ref = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=200, blank=True, help_text="Error class or provider code only.")
    purged = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["message", "subscriber", "channel"], name="alerts_delivery_unique"
            ),
        ]
        indexes = [
            # The queue: small, because delivered rows leave it.
            models.Index(
                fields=["channel", "next_attempt_at"],
                name="alerts_delivery_queue",
                condition=models.Q(status__in=["created", "temporary-failure"]),
            ),
            models.Index(
                fields=["claimed_at"], name="alerts_delivery_lease", condition=models.Q(status="sending")
            ),
            models.Index(
                fields=["provider_ref"], name="alerts_delivery_ref", condition=~models.Q(provider_ref="")
            ),
        ]

    def __str__(self) -> str:
        return f"Delivery #{self.pk} ({self.get_channel_display()}, {self.status})"


class QueueSlice(models.Model):
    """A range of subscriber ids whose delivery rows for a large message are still to be written.

    A force-wide alert commits its slices in well under a second and starts sending; the task that
    fanned it out and every delivery worker then expand the slices, each in its own transaction,
    claimed with SKIP LOCKED, as GOV.UK Notify's job processing creates its notifications in batches.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="queue_slices")
    first_subscriber_id = models.BigIntegerField()
    end_subscriber_id = models.BigIntegerField(help_text="Exclusive.")
    created_at = models.DateTimeField()
    expanded_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["message"],
                name="alerts_queueslice_pending",
                condition=models.Q(expanded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        ids = f"{self.first_subscriber_id}–{self.end_subscriber_id}"
        return f"Slice of message #{self.message_id}: subscribers {ids}"


class OutboxMessage(models.Model):
    """What the demo's outbox channel 'sent': readable by staff in the back office."""

    channel = models.PositiveSmallIntegerField(choices=Channel.choices)
    delivery_id = models.BigIntegerField(null=True, blank=True)
    to_address = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


class OutgoingStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class OutgoingMessage(models.Model):
    """One transactional message from `send_now` (safer/lib/sending.py): stored so a provider
    outage delays it rather than losing it, and so its outcome is recorded. Its words and
    attachments (which may hold a code or a signed link) are blanked once it is sent or given up."""

    channel = models.PositiveSmallIntegerField(choices=Channel.choices)
    to_address = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, mimetype, content (base64)}]"
    )
    ref = models.CharField(max_length=80, blank=True, help_text="The owning row, e.g. contact.reply:12.")
    status = models.CharField(max_length=8, choices=OutgoingStatus.choices, default=OutgoingStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_ref = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=200, blank=True, help_text="Error class or provider code only.")

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="alerts_outgoing_due", condition=models.Q(status="queued")
            )
        ]

    def __str__(self) -> str:
        return f"Outgoing #{self.pk} ({self.get_channel_display()}, {self.status})"
