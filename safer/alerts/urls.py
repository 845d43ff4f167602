from __future__ import annotations

from django.urls import path

from safer.alerts import join, receipts, staff_views, views

app_name = "alerts"
urlpatterns = [
    path("", views.start, name="start"),
    path("join/", join.email, name="join"),
    path("join/postcode/", join.postcode, name="join-postcode"),
    path("join/check-your-answers/", join.check, name="join-check"),
    path("sign-up/", views.signup, name="sign-up"),
    path("sign-up/check-your-email/", views.check_email, name="check-email"),
    path("sign-up/check-your-phone/", views.check_phone, name="check-phone"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("manage/", views.request_link, name="request-link"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/places/add/", views.manage_place_add, name="place-add"),
    path("manage/<str:token>/places/<int:place_id>/remove/", views.manage_place_remove, name="place-remove"),
    path("manage/<str:token>/groups/<int:group_id>/", views.manage_group, name="group"),
    path("manage/<str:token>/export.json", views.export, name="export"),
    path("manage/<str:token>/delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("neighbourhoods/<slug:slug>/", views.archive, name="archive"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("receipts/notify/", receipts.notify_receipt, name="receipt-notify"),
    path("receipts/twilio/", receipts.twilio_receipt, name="receipt-twilio"),
    path("inbound/notify/", receipts.notify_inbound, name="inbound-notify"),
    path("inbound/twilio/", receipts.twilio_inbound, name="inbound-twilio"),
    path("staff/", staff_views.message_list, name="staff-list"),
    path("staff/new/", staff_views.compose, name="compose"),
    path("staff/outbox/", staff_views.outbox, name="outbox"),
    path("staff/messages/<int:pk>/", staff_views.message_detail, name="staff-message"),
    path("staff/messages/<int:pk>/edit/", staff_views.compose, name="edit"),
    path("staff/messages/<int:pk>/send/", staff_views.send, name="send"),
    path("staff/messages/<int:pk>/approve/", staff_views.approve, name="approve"),
    path("staff/messages/<int:pk>/reject/", staff_views.reject, name="reject"),
    path("staff/messages/<int:pk>/cancel/", staff_views.cancel, name="cancel"),
    path("staff/messages/<int:pk>/progress.json", staff_views.progress, name="progress"),
]
