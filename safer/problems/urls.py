from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.problems import partner_views, views, views_assessment, views_hub, views_plans

app_name = "problems"
urlpatterns: list[URLPattern | URLResolver] = [
    path("prevention/", views.prevention, name="prevention"),
    path("prevention/<int:pk>/", views.prevention_detail, name="prevention-detail"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/new/", views_plans.plan_start, name="plan-start"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/priorities/", views_plans.plan_link_priority, name="plan-priority-link"),
    path("plans/<int:pk>/priorities/remove/", views_plans.plan_unlink_priority, name="plan-priority-unlink"),
    path("plans/<int:pk>/submit/", views_plans.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/sign-off/", views_plans.plan_sign_off, name="plan-sign-off"),
    path("plans/<int:pk>/review/", views_plans.plan_review, name="plan-review"),
    path("plans/<int:pk>/time/", views_plans.plan_time, name="plan-time"),
    path("plans/<int:pk>/responses/", views_plans.plan_add_response, name="plan-response-add"),
    path("plans/<int:pk>/assess/", views_assessment.assess, name="assess"),
    path("plans/<int:pk>/write-up/", views_assessment.write_up, name="write-up"),
    path("plans/<int:pk>/write-up.txt", views_assessment.export, name="write-up-export"),
    path("plans/<int:pk>/publish/", views_assessment.publish, name="publish"),
    path("plans/<int:pk>/share/", views_plans.plan_share, name="plan-share"),
    path("responses/<int:pk>/", views_plans.response_detail, name="response"),
    path("partner/", partner_views.shared_plans, name="partner-plans"),
    path("partner/plans/<int:pk>/", partner_views.shared_plan, name="partner-plan"),
    path("partner/responses/<int:pk>/", partner_views.own_response, name="partner-response"),
    path("hub/", views_hub.hub_queue, name="hub"),
    path("hub/<int:pk>/triage/", views_hub.hub_triage, name="triage"),
    path("requests/", views_hub.requests, name="requests"),
    path("requests/<int:pk>/", views_hub.request_detail, name="request"),
    path("time/", views_hub.time_by_parish, name="time"),
]
