"""/engagement/: public pages first, then the staff back office under staff/. Fixed prefixes come
before the `<neighbourhood slug>/...` patterns."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.engagement.views import patrols, public, staff, staff_surveys

app_name = "engagement"
urlpatterns: list[URLPattern | URLResolver] = [
    path("stations/", public.stations, name="stations"),
    path("stations.json", public.stations_json, name="stations-json"),
    path("stations/<slug:slug>/", public.station, name="station"),
    path("events/<int:pk>/", public.event, name="event"),
    path("areas/<slug:slug>/events.ics", public.area_ics, name="area-ics"),
    path("surveys/<slug:slug>/", public.survey, name="survey"),
    path("surveys/<slug:slug>/thanks/", public.survey_thanks, name="survey-thanks"),
    path("surveys/<slug:slug>/results/", public.survey_results, name="survey-results"),
    path("councils/<int:pk>/", public.council, name="council"),
    # Staff.
    path("staff/", staff.home, name="staff-home"),
    path("staff/patrols/", patrols.patrols, name="staff-patrols"),
    path("staff/patrols/log/", patrols.patrol_log, name="staff-patrol-log"),
    path("staff/teams/<slug:slug>/social-posts/", patrols.social_posts, name="staff-social-posts"),
    path("staff/events/", staff.event_list, name="staff-events"),
    path("staff/events/<int:pk>/", staff.event_detail, name="staff-event"),
    path("staff/events/<int:pk>/publish/", staff.event_publish, name="staff-event-publish"),
    path("staff/events/<int:pk>/cancel/", staff.event_cancel, name="staff-event-cancel"),
    path("staff/events/<int:pk>/outcome/", staff.event_outcome, name="staff-event-outcome"),
    path("staff/stations/<int:pk>/", staff.station_status, name="staff-station"),
    path("staff/councils/", staff.council_list, name="staff-councils"),
    path("staff/councils/<int:pk>/", staff.council_detail, name="staff-council"),
    path("staff/councils/<int:pk>/update.pdf", staff.council_update_pdf, name="staff-council-update-pdf"),
    path("staff/councils/<int:pk>/send-update/", staff.council_update_send, name="staff-council-update-send"),
    path("staff/concerns/", staff.concern_list, name="staff-concerns"),
    path("staff/surveys/", staff_surveys.survey_list, name="staff-surveys"),
    path("staff/surveys/<int:pk>/", staff_surveys.survey_results, name="staff-survey"),
    path("staff/priorities/", staff.priority_list, name="staff-priorities"),
    path("staff/priorities/<int:pk>/publish/", staff.priority_publish, name="staff-priority-publish"),
    path("staff/priorities/<int:pk>/review/", staff.priority_review, name="staff-priority-review"),
    path("staff/correspondence/", staff.correspondence_list, name="staff-correspondence"),
    path("staff/correspondence/<int:pk>/", staff.correspondence_item, name="staff-correspondence-item"),
    path("staff/teams/<slug:slug>/events/new/", staff.event_new, name="staff-event-new"),
    path("staff/teams/<slug:slug>/events/<int:pk>/edit/", staff.event_new, name="staff-event-edit"),
    path("staff/teams/<slug:slug>/concerns/new/", staff.concern_new, name="staff-concern-new"),
    path("staff/teams/<slug:slug>/surveys/new/", staff_surveys.survey_new, name="staff-survey-new"),
    path("staff/teams/<slug:slug>/priorities/new/", staff.priority_form, name="staff-priority-new"),
    path("staff/teams/<slug:slug>/priorities/<int:pk>/", staff.priority_form, name="staff-priority-edit"),
    path(
        "staff/teams/<slug:slug>/correspondence/new/",
        staff.correspondence_new,
        name="staff-correspondence-new",
    ),
    # A neighbourhood's public pages.
    path("<slug:slug>/events/", public.events, name="events"),
    path("<slug:slug>/events.ics", public.neighbourhood_ics, name="neighbourhood-ics"),
    path("<slug:slug>/priorities/", public.priorities, name="priorities"),
    path("<slug:slug>/concerns/", public.concerns, name="concerns"),
    path("<slug:slug>/surveys/", public.surveys, name="surveys"),
    path("<slug:slug>/poster.pdf", public.poster, name="poster"),
]
