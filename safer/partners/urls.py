from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.partners.views import casereviews, public, staff

app_name = "partners"
urlpatterns: list[URLPattern | URLResolver] = [
    # Back office: partners, agreements, forums.
    path("partners/", staff.agencies, name="agencies"),
    path("partners/agencies/<int:pk>/", staff.agency, name="agency"),
    path("partners/agreements/", staff.agreements, name="agreements"),
    path("partners/agreements/<int:pk>/", staff.agreement, name="agreement"),
    path("partners/agreements/<int:pk>/review/", staff.review_agreement, name="agreement-review"),
    path("partners/forums/", staff.forums, name="forums"),
    path("partners/forums/<int:pk>/", staff.forum, name="forum"),
    path("partners/forums/<int:pk>/meetings/", staff.add_meeting, name="meeting-add"),
    path("partners/meetings/<int:pk>/", staff.meeting, name="meeting"),
    path("partners/meetings/<int:pk>/attendance/", staff.meeting_attendance, name="meeting-attendance"),
    path("partners/meetings/<int:pk>/actions/", staff.meeting_action, name="meeting-action"),
    path("partners/actions/<int:pk>/status/", staff.action_status, name="action-status"),
    path("partners/my-agency/", staff.my_agency, name="my-agency"),
    # Back office: ASB Case Reviews.
    path("partners/case-reviews/", casereviews.queue, name="case-reviews"),
    path("partners/case-reviews/<int:pk>/", casereviews.detail, name="case-review"),
    path(
        "partners/case-reviews/<int:pk>/acknowledge/", casereviews.acknowledge, name="case-review-acknowledge"
    ),
    path(
        "partners/case-reviews/<int:pk>/complaints/<int:complaint_pk>/",
        casereviews.complaint,
        name="case-review-complaint",
    ),
    path("partners/case-reviews/<int:pk>/decide/", casereviews.decide, name="case-review-decide"),
    path("partners/case-reviews/<int:pk>/review/", casereviews.review, name="case-review-review"),
    path("partners/case-reviews/<int:pk>/appeal/", casereviews.appeal, name="case-review-appeal"),
    path(
        "partners/case-reviews/<int:pk>/appeal-decision/",
        casereviews.appeal_decision,
        name="case-review-appeal-decision",
    ),
    # Public: the ASB Case Review.
    path("asb-case-review/", public.start, name="case-review-start"),
    path("asb-case-review/apply/who/", public.apply_who, name="apply-who"),
    path("asb-case-review/apply/victim/", public.apply_victim, name="apply-victim"),
    path("asb-case-review/apply/you/", public.apply_you, name="apply-you"),
    path("asb-case-review/apply/behaviour/", public.apply_behaviour, name="apply-behaviour"),
    path("asb-case-review/apply/reports/", public.apply_reports, name="apply-reports"),
    path("asb-case-review/apply/check/", public.apply_check, name="apply-check"),
    path("asb-case-review/apply/done/", public.apply_done, name="apply-done"),
    path("asb-case-review/figures/", public.figures, name="case-review-figures"),
]
