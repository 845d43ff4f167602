"""Prevention and problem-solving records in the Django admin: shown read-only (the back
office's audited actions are the only writers)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safer.crime.admin import ReadOnlyAdmin
from safer.problems.models import (
    AnalysisRequest,
    Assessment,
    Plan,
    PlanLink,
    PlanShare,
    PreventionAction,
    PreventionVisit,
    Response,
    Review,
    SignOff,
    TimeEntry,
    WriteUp,
)


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


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin[Plan]):
    list_display = ["reference", "title", "neighbourhood", "stage", "review_due", "source", "created_at"]
    list_select_related = ["neighbourhood"]
    list_filter = ["stage", "source", "problem_type", "is_demo"]
    search_fields = ["=reference", "title"]
    date_hierarchy = "created_at"
    exclude = ["crimes", "incidents"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin[Response]):
    list_display = ["description", "plan", "owner_kind", "owner_agency", "due", "status", "legal_tool"]
    list_select_related = ["plan", "owner_agency"]
    list_filter = ["status", "owner_kind", "legal_tool"]
    search_fields = ["=plan__reference", "description"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin[Assessment]):
    list_display = ["plan", "target_before", "target_after", "wdq", "wdd", "wdd_se", "impact", "at"]
    list_select_related = ["plan"]
    list_filter = ["impact"]


@admin.register(AnalysisRequest)
class AnalysisRequestAdmin(ReadOnlyAdmin[AnalysisRequest]):
    list_display = ["question", "neighbourhood", "asked_at", "answered_at", "answered_by"]
    list_select_related = ["neighbourhood", "answered_by"]


@admin.register(PlanShare)
class PlanShareAdmin(ReadOnlyAdmin[PlanShare]):
    list_display = ["plan", "agency", "shared_by", "shared_at"]
    list_select_related = ["plan", "agency", "shared_by"]


for model in (PlanLink, SignOff, Review, TimeEntry, WriteUp):
    admin.site.register(model, ReadOnlyAdmin)
