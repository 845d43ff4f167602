"""Agencies, agreements, partner accounts, forums and ASB Case Review settings in the Django admin
(administrators only). Agreement data items are chosen from the documented vocabulary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from safer.accounts import scopes
from safer.partners.models import (
    DATA_ITEMS,
    Agency,
    AgencyContact,
    AgreementReview,
    CaseReviewApplication,
    CaseReviewComplaint,
    CaseReviewRecommendation,
    CaseReviewSettings,
    Forum,
    ForumAction,
    ForumMeeting,
    MeetingAttendance,
    PartnerAccount,
    SharingAgreement,
    Site,
)


class AgencyContactInline(admin.TabularInline[AgencyContact, Agency]):
    model = AgencyContact
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active", "areas"]
    search_fields = ["name"]
    filter_horizontal = ["areas"]
    inlines = [AgencyContactInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["name", "area", "police_based", "opened_on", "closed_on"]
    list_filter = ["area", "police_based"]
    search_fields = ["name", "postcode"]
    filter_horizontal = ["agencies"]


class SharingAgreementForm(forms.ModelForm[SharingAgreement]):
    data_items = forms.MultipleChoiceField(
        choices=list(DATA_ITEMS.items()), widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = SharingAgreement
        fields = [
            "reference",
            "title",
            "version",
            "parties",
            "purpose",
            "legal_basis",
            "legal_basis_detail",
            "data_items",
            "retention",
            "status",
            "start_date",
            "review_date",
            "end_date",
            "owner",
            "signed_copy_location",
        ]


class AgreementReviewInline(admin.TabularInline[AgreementReview, SharingAgreement]):
    model = AgreementReview
    extra = 0
    readonly_fields = ["reviewed_on", "was_due", "next_review_date", "reviewed_by", "notes"]
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # reviews are recorded on the agreement's page, which moves the review date


@admin.register(SharingAgreement)
class SharingAgreementAdmin(admin.ModelAdmin[SharingAgreement]):
    form = SharingAgreementForm
    list_display = ["reference", "title", "status", "legal_basis", "start_date", "review_date", "end_date"]
    list_filter = ["status", "legal_basis"]
    search_fields = ["reference", "title"]
    filter_horizontal = ["parties"]
    inlines = [AgreementReviewInline]


class PartnerAccountForm(forms.ModelForm[PartnerAccount]):
    class Meta:
        model = PartnerAccount
        fields = ["user", "agency", "job_title"]

    def clean_user(self) -> Any:
        user = self.cleaned_data["user"]
        if not scopes.has_role(user, scopes.PARTNERS):
            raise ValidationError(
                "Give this account the partner agency worker role (in Staff profiles) first."
            )
        return user


@admin.register(PartnerAccount)
class PartnerAccountAdmin(admin.ModelAdmin[PartnerAccount]):
    form = PartnerAccountForm
    list_display = ["user", "agency", "job_title", "created_at"]
    list_filter = ["agency"]
    search_fields = ["user__username", "agency__name"]
    raw_id_fields = ["user"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin[Forum]):
    list_display = ["name", "kind", "area", "active"]
    list_filter = ["kind", "area", "active"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


class AttendanceInline(admin.TabularInline[MeetingAttendance, ForumMeeting]):
    model = MeetingAttendance
    extra = 0


class ActionInline(admin.TabularInline[ForumAction, ForumMeeting]):
    model = ForumAction
    extra = 0


@admin.register(ForumMeeting)
class ForumMeetingAdmin(admin.ModelAdmin[ForumMeeting]):
    list_display = ["forum", "held_on", "venue"]
    list_filter = ["forum"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, ActionInline]


@admin.register(CaseReviewSettings)
class CaseReviewSettingsAdmin(admin.ModelAdmin[CaseReviewSettings]):
    list_display = [
        "area",
        "threshold",
        "window_months",
        "acknowledge_working_days",
        "decide_working_days",
        "review_days",
        "appeal_working_days",
    ]


class ComplaintInline(admin.TabularInline[CaseReviewComplaint, CaseReviewApplication]):
    model = CaseReviewComplaint
    extra = 0


class RecommendationInline(admin.TabularInline[CaseReviewRecommendation, CaseReviewApplication]):
    model = CaseReviewRecommendation
    extra = 0


@admin.register(CaseReviewApplication)
class CaseReviewApplicationAdmin(admin.ModelAdmin[CaseReviewApplication]):
    list_display = ["reference", "area", "received_at", "stage", "threshold_met"]
    list_filter = ["stage", "area"]
    search_fields = ["=reference"]
    date_hierarchy = "received_at"
    inlines = [ComplaintInline, RecommendationInline]
