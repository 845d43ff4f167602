from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.volunteers.views import advisory, cadets, custody, public, records, ride_alongs

app_name = "volunteers"
urlpatterns: list[URLPattern | URLResolver] = [
    # Public
    path("", public.volunteer, name="volunteer"),
    path("ride-along/", public.ride_along_start, name="ride-along"),
    path("ride-along/apply/check/", public.ride_along_check, name="ride-along-check"),
    path("ride-along/apply/not-eligible/", public.ride_along_not_eligible, name="ride-along-not-eligible"),
    path("ride-along/apply/sent/", public.ride_along_done, name="ride-along-done"),
    path("ride-along/apply/<slug:step>/", public.ride_along_step, name="ride-along-step"),
    # Staff
    path("staff/", records.home, name="staff-home"),
    path("staff/specials/", records.specials, name="specials"),
    path("staff/specials/add/", records.specials_add, name="specials-add"),
    path("staff/support/", records.support, name="support"),
    path("staff/support/add/", records.support_add, name="support-add"),
    path("staff/youth/", records.youth, name="youth"),
    path("staff/youth/add/", records.youth_add, name="youth-add"),
    path("staff/groups/", records.groups, name="groups"),
    path("staff/groups/add/", records.groups_add, name="groups-add"),
    path("staff/cadets/", cadets.units, name="cadets"),
    path("staff/cadets/new/", cadets.unit_add, name="cadet-unit-add"),
    path("staff/cadets/<int:pk>/", cadets.unit, name="cadet-unit"),
    path("staff/cadets/<int:pk>/add-cadet/", cadets.cadet_add, name="cadet-add"),
    path("staff/cadets/<int:pk>/sessions/add/", cadets.session_add, name="cadet-session-add"),
    path("staff/advisory-groups/", advisory.groups, name="advisory"),
    path("staff/advisory-groups/new/", advisory.group_add, name="advisory-add"),
    path("staff/advisory-groups/<int:pk>/", advisory.group, name="advisory-group"),
    path("staff/advisory-groups/<int:pk>/members/add/", advisory.member_add, name="advisory-member-add"),
    path("staff/advisory-groups/<int:pk>/meetings/add/", advisory.meeting_add, name="advisory-meeting-add"),
    path("staff/advisory-groups/<int:pk>/advice/add/", advisory.advice_add, name="advisory-advice-add"),
    path("staff/advisory-groups/<int:pk>/actions/add/", advisory.action_add, name="advisory-action-add"),
    path(
        "staff/advisory-groups/actions/<int:pk>/close/", advisory.action_close, name="advisory-action-close"
    ),
    path("staff/custody/", custody.home, name="custody"),
    path("staff/custody/suites/add/", custody.suite_add, name="custody-suite-add"),
    path("staff/custody/visitors/add/", custody.visitor_add, name="custody-visitor-add"),
    path("staff/custody/rota/add/", custody.rota_add, name="custody-rota-add"),
    path("staff/custody/visits/add/", custody.visit_add, name="custody-visit-add"),
    path("staff/custody/visits/<int:pk>/", custody.visit, name="custody-visit"),
    path("staff/ride-alongs/", ride_alongs.applications, name="ride-alongs"),
    path("staff/ride-alongs/<int:pk>/", ride_alongs.application, name="ride-along-detail"),
    path("staff/ride-alongs/<int:pk>/move/", ride_alongs.move, name="ride-along-move"),
]
