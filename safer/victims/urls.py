from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.victims import oversight_views, public_views, record_views, views

app_name = "victims"
urlpatterns: list[URLPattern | URLResolver] = [
    path("repeat-victims/", views.repeats, name="repeats"),
    # Victim records (issue 10): staff only, every read logged.
    path("", record_views.records, name="records"),
    path("due/", record_views.due, name="due"),
    path("new/", record_views.find_incident, name="find"),
    path("new/<int:incident>/", record_views.new, name="new"),
    path("<int:pk>/", record_views.detail, name="detail"),
    path("<int:pk>/contact/", record_views.contact, name="contact"),
    path("<int:pk>/assessment/", record_views.assess, name="assess"),
    path("<int:pk>/consent/", record_views.consent, name="consent"),
    path("<int:pk>/referral/", record_views.refer, name="refer"),
    path("<int:pk>/decision/", record_views.decision, name="decision"),
    path("<int:pk>/update/", record_views.update, name="update"),
    path("<int:pk>/met/", record_views.meet, name="meet"),
    path("<int:pk>/leaflet/", record_views.leaflet, name="leaflet"),
    path("<int:pk>/retention/", record_views.retention, name="retention"),
    path("referrals/<int:pk>/outcome/", record_views.outcome, name="outcome"),
    path("leaflets/<int:pk>.pdf", record_views.leaflet_file, name="leaflet-pdf"),
    path("purpose/", oversight_views.purpose, name="purpose"),
    path("processing-log/", oversight_views.processing_log, name="log"),
    # Public: support for victims in each area.
    path("support/", public_views.support_index, name="support-index"),
    path("support/<slug:slug>/", public_views.support, name="support"),
]
