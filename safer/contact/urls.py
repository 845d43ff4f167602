from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.contact import staff_views, views

app_name = "contact"
urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/", staff_views.inbox, name="inbox"),
    path("staff/<int:pk>/", staff_views.message_detail, name="message"),
    path("staff/<int:pk>/assign/", staff_views.assign, name="assign"),
    path("staff/<int:pk>/reply/", staff_views.reply, name="reply"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("code/<str:token>/", views.enter_code, name="code"),
    path("sent/<str:token>/", views.sent, name="sent"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("<slug:slug>/", views.contact_form, name="form"),
    path("<slug:slug>/check-email/", views.check_email, name="check-email"),
]
