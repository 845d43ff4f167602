from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.community.views import public, schemes, speedwatch, volunteer

app_name = "community"
urlpatterns: list[URLPattern | URLResolver] = [
    # Residents and parish councils
    path("schemes/", public.find, name="schemes"),
    path("schemes/start/", public.start, name="start"),
    path("schemes/<int:pk>/", public.scheme, name="scheme"),
    path("schemes/<int:pk>/check-your-email/", public.join_sent, name="join-sent"),
    path("schemes/join/<str:token>/", public.join_confirm, name="join-confirm"),
    path("speed-watch/", public.speed_watch_sites, name="csw"),
    path("speed-watch/ask/", public.speed_watch_request, name="csw-request"),
    path("speed-watch/sites/<int:pk>/", public.speed_watch_site, name="csw-site"),
    # Staff, coordinators and volunteers (password and code)
    path("staff/", schemes.home, name="staff-home"),
    path("staff/schemes/", schemes.scheme_list, name="staff-schemes"),
    path("staff/schemes/new/", schemes.scheme_new, name="scheme-new"),
    path("staff/schemes/<int:pk>/", schemes.staff_scheme, name="staff-scheme"),
    path("staff/schemes/<int:pk>/coordinators/", schemes.coordinator_add, name="coordinator-add"),
    path(
        "staff/schemes/<int:pk>/coordinators/<int:user_id>/remove/",
        schemes.coordinator_remove,
        name="coordinator-remove",
    ),
    path("staff/scheme-requests/<int:pk>/", schemes.scheme_request, name="scheme-request"),
    path("staff/my-schemes/", schemes.my_schemes, name="my-schemes"),
    path("staff/my-schemes/<int:pk>/", schemes.my_scheme, name="my-scheme"),
    path("staff/my-schemes/<int:pk>/message/", schemes.my_message, name="my-message"),
    path("staff/speed-watch/", speedwatch.groups, name="csw-groups"),
    path("staff/speed-watch/groups/<int:pk>/", speedwatch.group, name="csw-group"),
    path("staff/speed-watch/groups/<int:pk>/sites/new/", speedwatch.site_new, name="csw-site-new"),
    path("staff/speed-watch/groups/<int:pk>/volunteers/", speedwatch.volunteer_add, name="csw-volunteer-add"),
    path("staff/speed-watch/sites/<int:pk>/", speedwatch.site_stats_staff, name="csw-site-stats"),
    path("staff/speed-watch/sites/<int:pk>/check/", speedwatch.site_check, name="csw-site-check"),
    path("staff/speed-watch/sessions/<int:pk>/", speedwatch.session, name="csw-session"),
    path("staff/speed-watch/letters/", speedwatch.letters, name="csw-letters"),
    path("staff/speed-watch/letters/prepare/", speedwatch.letters_prepare, name="csw-letters-prepare"),
    path("staff/speed-watch/letters/keeper-requests.csv", speedwatch.dvla_export, name="csw-dvla"),
    path("staff/speed-watch/letters/keepers/", speedwatch.keepers_import, name="csw-keepers"),
    path("staff/speed-watch/letters/batches/", speedwatch.batch_make, name="csw-batch-make"),
    path("staff/speed-watch/letters/batches/<int:pk>.pdf", speedwatch.batch_pdf, name="csw-batch-pdf"),
    path("staff/speed-watch/volunteer/", volunteer.my_sessions, name="csw-my"),
    path("staff/speed-watch/volunteer/sites/<int:pk>/book/", volunteer.book, name="csw-book"),
    path("staff/speed-watch/volunteer/sessions/<int:pk>/join/", volunteer.join, name="csw-join"),
    path("staff/speed-watch/volunteer/sessions/<int:pk>/", volunteer.record, name="csw-record"),
    path("staff/speed-watch/volunteer/sessions/<int:pk>/readings/", volunteer.sync, name="csw-sync"),
    path("staff/speed-watch/volunteer/sessions/<int:pk>/finish/", volunteer.finish, name="csw-finish"),
]
