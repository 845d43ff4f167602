"""Community records in the back office. Readings and letters are read-only here: the audited pages
and actions are their only writers (a reading is kept by the id made where it was written)."""

from __future__ import annotations

from django.contrib import admin

from safer.community.models import (
    Letter,
    LetterBatch,
    Reading,
    SchemeCoordinator,
    SchemeRequest,
    Site,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchVolunteer,
    WatchScheme,
)


class CoordinatorInline(admin.TabularInline[SchemeCoordinator, WatchScheme]):
    model = SchemeCoordinator
    extra = 0
    raw_id_fields = ["user"]


@admin.register(WatchScheme)
class WatchSchemeAdmin(admin.ModelAdmin[WatchScheme]):
    list_display = ["name", "type", "neighbourhood", "status", "started_on", "is_demo"]
    list_filter = ["type", "status", "is_demo"]
    search_fields = ["name"]
    raw_id_fields = ["group", "neighbourhood", "parish"]
    inlines = [CoordinatorInline]


@admin.register(SchemeRequest)
class SchemeRequestAdmin(admin.ModelAdmin[SchemeRequest]):
    list_display = ["name", "type", "neighbourhood", "status", "created_at"]
    list_filter = ["status", "type"]
    raw_id_fields = ["neighbourhood", "decided_by", "scheme"]


class VolunteerInline(admin.TabularInline[SpeedWatchVolunteer, SpeedWatchGroup]):
    model = SpeedWatchVolunteer
    extra = 0
    raw_id_fields = ["user"]


@admin.register(SpeedWatchGroup)
class SpeedWatchGroupAdmin(admin.ModelAdmin[SpeedWatchGroup]):
    list_display = ["name", "council_name", "neighbourhood", "status", "requested_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["name", "council_name"]
    raw_id_fields = ["neighbourhood", "parish"]
    inlines = [VolunteerInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["name", "group", "speed_limit", "status", "checked_at"]
    list_filter = ["status", "speed_limit"]
    raw_id_fields = ["group", "checked_by"]


@admin.register(SpeedWatchSession)
class SpeedWatchSessionAdmin(admin.ModelAdmin[SpeedWatchSession]):
    list_display = ["site", "date", "start", "end", "status", "vehicles_counted"]
    list_filter = ["status"]
    date_hierarchy = "date"
    raw_id_fields = ["site", "created_by", "volunteers"]


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def,override]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Reading)
class ReadingAdmin(ReadOnly):
    list_display = ["registration", "speed_mph", "seen_at", "session", "source"]
    list_filter = ["source"]
    search_fields = ["=registration"]
    raw_id_fields = ["session", "recorded_by"]


@admin.register(Letter)
class LetterAdmin(ReadOnly):
    list_display = ["reference", "registration", "level", "status", "batch", "visit_needed", "visited_on"]
    list_filter = ["status", "level", "visit_needed"]
    search_fields = ["=registration"]
    raw_id_fields = ["reading", "batch"]


@admin.register(LetterBatch)
class LetterBatchAdmin(ReadOnly):
    list_display = ["pk", "created_at", "created_by"]
