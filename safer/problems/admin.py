"""Prevention records in the Django admin: shown read-only (the back office's audited actions are
the only writers)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safer.crime.admin import ReadOnlyAdmin
from safer.problems.models import PreventionAction, PreventionVisit


class PreventionVisitInline(admin.TabularInline[PreventionVisit, PreventionAction]):
    model = PreventionVisit
    extra = 0
    can_delete = False
    fields = ["target", "households", "delivered", "visited_on", "visited_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PreventionAction)
class PreventionActionAdmin(ReadOnlyAdmin[PreventionAction]):
    list_display = ["trigger", "status", "radius_m", "window_days", "visit_by", "created_by", "created_at"]
    list_select_related = ["trigger", "created_by"]
    list_filter = ["status"]
    search_fields = ["=trigger__reference"]
    date_hierarchy = "created_at"
    inlines = [PreventionVisitInline]


@admin.register(PreventionVisit)
class PreventionVisitAdmin(ReadOnlyAdmin[PreventionVisit]):
    list_display = ["target", "action", "households", "delivered", "visited_on", "visited_by"]
    list_select_related = ["action__trigger", "visited_by"]
    list_filter = ["delivered"]
    search_fields = ["^target"]
    date_hierarchy = "visited_on"
