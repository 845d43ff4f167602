"""The volunteers' records in the Django admin. Cadets and their attendance are not here: children's
records open only for their unit's leaders and the safeguarding lead, on the staff pages. Units
appear without their cadets."""

from __future__ import annotations

from django.contrib import admin

from safer.volunteers.models import (
    Advice,
    AdvisoryAction,
    AdvisoryGroup,
    AdvisoryMeeting,
    AdvisoryMember,
    CadetUnit,
    CustodySuite,
    CustodyVisit,
    CustodyVisitor,
    GroupContact,
    RideAlong,
    RotaSlot,
    SpecialDuty,
    SupportShift,
    YouthSession,
)


@admin.register(SpecialDuty)
class SpecialDutyAdmin(admin.ModelAdmin[SpecialDuty]):
    list_display = ["date", "person", "duty_type", "hours", "neighbourhood"]
    list_filter = ["duty_type"]
    list_select_related = ["person", "neighbourhood"]
    date_hierarchy = "date"
    raw_id_fields = ["person"]


@admin.register(SupportShift)
class SupportShiftAdmin(admin.ModelAdmin[SupportShift]):
    list_display = ["date", "person", "role", "hours", "neighbourhood"]
    list_filter = ["role"]
    list_select_related = ["person", "neighbourhood"]
    date_hierarchy = "date"
    raw_id_fields = ["person"]


@admin.register(CadetUnit)
class CadetUnitAdmin(admin.ModelAdmin[CadetUnit]):
    list_display = ["name", "kind", "neighbourhood"]
    list_filter = ["kind"]
    filter_horizontal = ["leaders"]
    exclude = ["recorded_by"]


class MemberInline(admin.TabularInline[AdvisoryMember, AdvisoryGroup]):
    model = AdvisoryMember
    extra = 0
    exclude = ["recorded_by"]


class ActionInline(admin.TabularInline[AdvisoryAction, AdvisoryGroup]):
    model = AdvisoryAction
    extra = 0
    exclude = ["recorded_by"]


@admin.register(AdvisoryGroup)
class AdvisoryGroupAdmin(admin.ModelAdmin[AdvisoryGroup]):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind", "area"]
    inlines = [MemberInline, ActionInline]
    exclude = ["recorded_by"]


@admin.register(AdvisoryMeeting)
class AdvisoryMeetingAdmin(admin.ModelAdmin[AdvisoryMeeting]):
    list_display = ["group", "date", "members_present"]
    date_hierarchy = "date"


@admin.register(Advice)
class AdviceAdmin(admin.ModelAdmin[Advice]):
    list_display = ["subject", "group", "kind", "requested_at", "given_at"]
    list_filter = ["kind"]


@admin.register(CustodySuite)
class CustodySuiteAdmin(admin.ModelAdmin[CustodySuite]):
    list_display = ["name", "area", "visits_per_week"]


@admin.register(CustodyVisitor)
class CustodyVisitorAdmin(admin.ModelAdmin[CustodyVisitor]):
    list_display = ["name", "area", "vetted_on", "active"]
    list_filter = ["active", "area"]


@admin.register(RotaSlot)
class RotaSlotAdmin(admin.ModelAdmin[RotaSlot]):
    list_display = ["week_starting", "suite", "first_visitor", "second_visitor"]
    date_hierarchy = "week_starting"


@admin.register(CustodyVisit)
class CustodyVisitAdmin(admin.ModelAdmin[CustodyVisit]):
    list_display = ["suite", "arrived_at", "detainees_seen", "responded_at"]
    date_hierarchy = "arrived_at"


@admin.register(RideAlong)
class RideAlongAdmin(admin.ModelAdmin[RideAlong]):
    list_display = ["reference", "area", "status", "applied_at", "completed_on"]
    list_filter = ["status", "area"]
    search_fields = ["=reference"]


@admin.register(YouthSession)
class YouthSessionAdmin(admin.ModelAdmin[YouthSession]):
    list_display = ["date", "organisation", "topic", "attendance", "neighbourhood"]
    list_filter = ["setting"]


@admin.register(GroupContact)
class GroupContactAdmin(admin.ModelAdmin[GroupContact]):
    list_display = ["date", "group_name", "kind", "neighbourhood"]
    list_filter = ["kind"]
