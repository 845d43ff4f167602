"""The back office's view of Neighbourhood Matters.

Residents' choices change only through their own pages (actions.py keeps the consent ledger), and
messages are composed, approved and sent on the staff pages (scope and approval), so most of this is
for looking, not editing. Two rules hold throughout:

- No list view shows an email address or phone number, and lists are searched by number only, so
  nobody can look a resident up by their address here. A record's own page shows its addresses to
  administrators (superusers and the administrator role), and to nobody else.
- Deliveries are the queue and the audit trail, the outbox is what the demo channel "sent", and the
  consent ledger is evidence: all three are read-only.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import Count, F, Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from safer.accounts.scopes import ADMINISTRATORS, has_role
from safer.alerts import actions
from safer.alerts.links import mask_links
from safer.alerts.models import (
    AlertPlace,
    Channel,
    ConsentEvent,
    Delivery,
    Group,
    GroupMember,
    Kind,
    Message,
    MessageStatus,
    OutboxMessage,
    Subscriber,
    Subscription,
    bits_to_kinds,
)
from safer.alerts.views import progress_counts
from safer.lib.params import whole_number

M = TypeVar("M", bound=Model)

ADDRESS_FIELDS = frozenset({"email", "mobile", "landline", "to_address"})


def sees_addresses(request: HttpRequest) -> bool:
    user = request.user
    return bool(getattr(user, "is_superuser", False)) or has_role(user, ADMINISTRATORS)


def number_in(search_term: str) -> int | None:
    """'1234' or '#1234' as a number; anything else (an address, a name, '²', a number no id column
    holds) is no number at all."""
    return whole_number(search_term.strip().lstrip("#"))


def channel_names(bits: int) -> str:
    return ", ".join(c.label for c in Channel if bits & c) or "none"


def kind_names(bits: int) -> str:
    return ", ".join(Kind(k).label for k in bits_to_kinds(bits)) or "none"


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ById(admin.ModelAdmin[Any]):
    """Search by the record's number only (an index lookup), never by text."""

    search_fields = ["=id"]
    search_help_text = "Search by number, for example 1234."
    search_number_field: ClassVar[str] = "pk"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if not search_term.strip():
            return queryset, False
        number = number_in(search_term)
        if number is None:
            return queryset.none(), False
        return queryset.filter(**{self.search_number_field: number}), False


class HidesAddresses(admin.ModelAdmin[Any]):
    """A record's page shows addresses to administrators only."""

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        return fields if sees_addresses(request) else [f for f in fields if f not in ADDRESS_FIELDS]


# --- subscribers -------------------------------------------------------------------------------


class ReceivesByFilter(admin.SimpleListFilter):
    title = "receives by"
    parameter_name = "receives"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(c.value), c.label) for c in Channel]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in {str(c.value) for c in Channel}:
            return queryset
        bit = int(self.value() or 0)
        return queryset.annotate(has_bit=F("channels").bitand(bit)).filter(has_bit=bit)


class ConsentInline(ReadOnlyInline):
    model = ConsentEvent
    fields = ["at", "action", "detail"]
    verbose_name_plural = "Consent ledger"


class PlaceInline(ReadOnlyInline):
    model = AlertPlace
    fields = ["label", "how", "postcode", "latitude", "longitude", "radius_m"]


@admin.register(Subscriber)
class SubscriberAdmin(ById):
    """Looked at, and erased on request; choices change only on the resident's own pages."""

    list_display = ["__str__", "receives", "switched_off_channels", "digest_frequency", "created_at"]
    list_filter = [ReceivesByFilter, "digest_frequency", "created_at"]
    ordering = ["-id"]
    show_full_result_count = False  # a force may have hundreds of thousands
    choices_fields = [
        "receives",
        "email_kind_names",
        "sms_kind_names",
        "voice_kind_names",
        "digest_kind_names",
        "digest_frequency",
        "quiet_start",
        "quiet_end",
    ]
    failure_fields = ["switched_off_channels", "email_failures", "sms_failures", "voice_failures"]
    address_fields = [
        "email",
        "email_confirmed_at",
        "mobile",
        "mobile_confirmed_at",
        "landline",
        "landline_confirmed_at",
    ]
    readonly_fields = ["created_at", *address_fields, *choices_fields, *failure_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # registering needs the resident's own confirmation

    def has_change_permission(self, request: HttpRequest, obj: Subscriber | None = None) -> bool:
        return False

    def get_fieldsets(self, request: HttpRequest, obj: Subscriber | None = None) -> Any:
        fieldsets: list[tuple[str | None, dict[str, Any]]] = [(None, {"fields": ["created_at"]})]
        if sees_addresses(request):
            fieldsets.append(("Addresses", {"fields": self.address_fields}))
        fieldsets.append(("What they receive", {"fields": self.choices_fields}))
        fieldsets.append(("Switched off and failures", {"fields": self.failure_fields}))
        return fieldsets

    def get_inlines(
        self, request: HttpRequest, obj: Subscriber | None
    ) -> list[type[InlineModelAdmin[Any, Any]]]:
        # Places are postcodes and points: personal, like the addresses.
        return [PlaceInline, ConsentInline] if sees_addresses(request) else [ConsentInline]

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # Erasure takes the subscriber's ledger and places with them by design, though neither can be
        # deleted on its own here; delivery rows stay, without the address.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request: HttpRequest, obj: Subscriber) -> None:
        actions.delete_registration(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        for subscriber in queryset:
            actions.delete_registration(subscriber)

    @admin.display(description="Receives by")
    def receives(self, obj: Subscriber) -> str:
        return channel_names(obj.channels)

    @admin.display(description="Switched off")
    def switched_off_channels(self, obj: Subscriber) -> str:
        return channel_names(obj.switched_off)

    @admin.display(description="By email")
    def email_kind_names(self, obj: Subscriber) -> str:
        return kind_names(obj.email_kinds)

    @admin.display(description="By text")
    def sms_kind_names(self, obj: Subscriber) -> str:
        return kind_names(obj.sms_kinds)

    @admin.display(description="By phone call")
    def voice_kind_names(self, obj: Subscriber) -> str:
        return kind_names(obj.voice_kinds)

    @admin.display(description="Emailed in a digest")
    def digest_kind_names(self, obj: Subscriber) -> str:
        return kind_names(obj.digest_kinds)


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin[Subscription]):
    """Resolved from a subscriber's places (actions.add_place); change the place, not this."""

    list_display = ["__str__", "subscriber_number", "neighbourhood", "place_how"]
    list_select_related = ["neighbourhood", "place"]
    ordering = ["-id"]
    search_fields = ["=subscriber__id"]
    search_help_text = "Search by subscriber number, or a neighbourhood's name or code."
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Subscription], search_term: str
    ) -> tuple[QuerySet[Subscription], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        number = number_in(term)
        if number is not None:
            return queryset.filter(subscriber_id=number), False
        return queryset.filter(neighbourhood__name__icontains=term) | queryset.filter(
            neighbourhood__code__iexact=term
        ), False

    @admin.display(description="Subscriber", ordering="subscriber_id")
    def subscriber_number(self, obj: Subscription) -> str:
        return f"#{obj.subscriber_id}"

    @admin.display(description="Place")
    def place_how(self, obj: Subscription) -> str:
        return f"{obj.place.label} ({obj.place.get_how_display().lower()})"


@admin.register(ConsentEvent)
class ConsentEventAdmin(ById, ReadOnlyAdmin[ConsentEvent]):
    """The consent ledger: evidence of what each subscriber agreed to, so nobody edits it."""

    list_display = ["at", "subscriber_number", "action", "detail"]
    list_filter = ["action"]
    date_hierarchy = "at"
    ordering = ["-at", "-id"]
    search_help_text = "Search by subscriber number, for example 1234."
    search_number_field = "subscriber_id"
    show_full_result_count = False

    @admin.display(description="Subscriber", ordering="subscriber_id")
    def subscriber_number(self, obj: ConsentEvent) -> str:
        return f"#{obj.subscriber_id}"


# --- groups -----------------------------------------------------------------------------------


class GroupMemberInline(admin.TabularInline[GroupMember, Group]):
    model = GroupMember
    extra = 0
    raw_id_fields = ["subscriber"]  # the picker lists subscribers by number, never by address
    verbose_name_plural = "Members"


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin[Group]):
    """Watch schemes and other groups a message can be sent to."""

    list_display = ["name", "neighbourhood", "member_count"]
    list_select_related = ["neighbourhood"]
    search_fields = ["name", "neighbourhood__name"]
    autocomplete_fields = ["neighbourhood"]
    inlines = [GroupMemberInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(n_members=Count("members"))

    @admin.display(description="Members", ordering="n_members")
    def member_count(self, obj: Group) -> int:
        return int(getattr(obj, "n_members", 0))


# --- messages and deliveries -------------------------------------------------------------------


def reach_on(obj: Message, channel: int) -> int:
    return int({int(k): v for k, v in (obj.reach or {}).items()}.get(channel, 0))


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    """Composing, approving and sending happen on the staff pages (scope, reach, approval). Here a
    draft's wording can be corrected; once a message has left the draft stage nothing changes."""

    list_display = [
        "title",
        "kind",
        "urgency",
        "status",
        "target",
        "reach_email",
        "reach_sms",
        "reach_voice",
        "queued",
        "created_at",
    ]
    list_filter = ["status", "kind", "urgency", "target", "force"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    fieldsets = [
        ("Message", {"fields": ["title", "body", "kind", "urgency"]}),
        (
            "Target",
            {"fields": ["force", "target", "target_area_names", "neighbourhood_names", "group", "shape"]},
        ),
        (
            "Approval",
            {
                "fields": [
                    "status",
                    "author",
                    "needs_approval",
                    "approved_by",
                    "approved_at",
                    "rejection_reason",
                    "scheduled_for",
                    "created_at",
                    "sent_at",
                ]
            },
        ),
        ("Reach and delivery", {"fields": ["reach_email", "reach_sms", "reach_voice", "queued", "progress"]}),
    ]
    workflow_fields = [
        "kind",
        "urgency",
        "force",
        "target",
        "target_area_names",
        "neighbourhood_names",
        "group",
        "shape",
        "status",
        "author",
        "needs_approval",
        "approved_by",
        "approved_at",
        "rejection_reason",
        "scheduled_for",
        "created_at",
        "sent_at",
        "reach_email",
        "reach_sms",
        "reach_voice",
        "queued",
        "progress",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        # Only an unsent draft may go: anything submitted is the force's record.
        return (
            obj is not None
            and obj.status == MessageStatus.DRAFT
            and super().has_delete_permission(request, obj)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Message | None = None) -> Any:
        if obj is not None and obj.status == MessageStatus.DRAFT:
            return self.workflow_fields
        return ["title", "body", *self.workflow_fields]

    @admin.display(description="Email reach")
    def reach_email(self, obj: Message) -> int:
        return reach_on(obj, Channel.EMAIL)

    @admin.display(description="Text reach")
    def reach_sms(self, obj: Message) -> int:
        return reach_on(obj, Channel.SMS)

    @admin.display(description="Call reach")
    def reach_voice(self, obj: Message) -> int:
        return reach_on(obj, Channel.VOICE)

    @admin.display(description="Local policing areas")
    def target_area_names(self, obj: Message) -> str:
        return ", ".join(a.name for a in obj.target_areas.order_by("name")) or "-"

    @admin.display(description="Neighbourhoods")
    def neighbourhood_names(self, obj: Message) -> str:
        # A force-wide message holds every neighbourhood: name a few and count the rest.
        count = obj.neighbourhoods.count()
        names = [n.name for n in obj.neighbourhoods.order_by("name")[:10]]
        more = f" and {count - len(names)} more" if count > len(names) else ""
        return (", ".join(names) + more) or "-"

    @admin.display(description="Drawn shape")
    def shape(self, obj: Message) -> str:
        geometry = obj.geometry
        return "-" if geometry is None else str(geometry.geom_type)

    @admin.display(description="Deliveries")
    def progress(self, obj: Message) -> str:
        counts = progress_counts(obj.pk)
        url = reverse("admin:alerts_delivery_changelist") + "?" + urlencode({"message__id__exact": obj.pk})
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        return format_html('{} (<a href="{}">see the deliveries</a>)', summary, url)


@admin.register(Delivery)
class DeliveryAdmin(ById, HidesAddresses, ReadOnlyAdmin[Delivery]):
    """The queue and the audit trail: the worker alone writes these rows."""

    list_display = [
        "__str__",
        "message",
        "subscriber_number",
        "channel",
        "status",
        "digest",
        "attempts",
        "created_at",
        "sent_at",
        "delivered_at",
        "error",
    ]
    list_filter = ["status", "channel"]
    show_facets = admin.ShowFacets.ALWAYS  # each status and channel with its count
    list_select_related = ["message"]
    ordering = ["-id"]
    show_full_result_count = False  # a message to a whole force queues a million rows

    @admin.display(description="Subscriber", ordering="subscriber_id")
    def subscriber_number(self, obj: Delivery) -> str:
        return f"#{obj.subscriber_id}" if obj.subscriber_id else "(deleted)"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(HidesAddresses, ReadOnlyAdmin[OutboxMessage]):
    """What the demo's outbox channel 'sent', exactly as it would have gone."""

    list_display = ["__str__", "channel", "subject", "delivery_id", "created_at"]
    list_filter = ["channel"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    # Body and headers hold signed links: shown with the token masked, never usable from here.
    fields = ["channel", "delivery_id", "to_address", "subject", "shown_body", "shown_headers", "created_at"]
    readonly_fields = ["shown_body", "shown_headers"]

    @admin.display(description="body")
    def shown_body(self, obj: OutboxMessage) -> str:
        return mask_links(obj.body)

    @admin.display(description="headers")
    def shown_headers(self, obj: OutboxMessage) -> str:
        return "\n".join(f"{name}: {mask_links(str(value))}" for name, value in obj.headers.items())
