from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.accounts.views import force_sign_in, signin, staff

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.home, name="home"),
    path("sign-in/", signin.sign_in, name="sign-in"),
    path("sign-in/force/", force_sign_in.start, name="force-sign-in"),
    path("sign-in/force/callback/", force_sign_in.callback, name="force-callback"),
    path("sign-in/force/refused/", force_sign_in.refused, name="force-refused"),
    path("sign-in/two-factor/", signin.two_factor, name="two-factor"),
    path("sign-in/set-up/", signin.set_up, name="set-up"),
    path("sign-in/set-up/<str:token>/", signin.enrol, name="enrol"),
    path("sign-out/", signin.sign_out, name="sign-out"),
    path("accounts/", staff.staff_list, name="staff-list"),
    path("accounts/<int:user_id>/", staff.staff_edit, name="staff-edit"),
    path("accounts/<int:user_id>/set-up-link/", staff.enrolment_link, name="enrolment-link"),
    path("audit/", staff.audit_log, name="audit"),
]
