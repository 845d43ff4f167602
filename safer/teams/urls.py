from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from safer.teams import views

app_name = "teams"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.team_list, name="list"),
    path("training/import/", views.training_import, name="training-import"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/duty/", views.duty, name="duty"),
    path("people/<int:pk>/verified/", views.verify, name="verify"),
    path("<slug:slug>/", views.team, name="team"),
    path("<slug:slug>/details/", views.team_details, name="team-details"),
    path("<slug:slug>/add-member/", views.add_member, name="add-member"),
    path("<slug:slug>/members/<int:membership_id>/remove/", views.remove_member, name="remove-member"),
]
