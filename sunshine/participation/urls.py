"""Participation pages, mounted at /hd/ (互动)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "participation"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="participation:echo-wall", permanent=False), name="index"),
    path("topics/new/", views.topic_new, name="topic-new"),
    path("topics/thanks/", views.topic_thanks, name="topic-thanks"),
    path("topics/track/", views.topic_track, name="topic-track"),
    path("echo-wall/", views.echo_wall, name="echo-wall"),
    path("staff/topics/", views.staff_list, name="staff-list"),
    path("staff/topics/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/topics/<int:pk>/forward/", views.staff_forward, name="staff-forward"),
    path("staff/topics/<int:pk>/answer/", views.staff_answer, name="staff-answer"),
    path("staff/topics/<int:pk>/sign-off/", views.staff_sign_off, name="staff-sign-off"),
    path("staff/topics/<int:pk>/return/", views.staff_return_draft, name="staff-return-draft"),
    path("staff/topics/<int:pk>/hide/", views.staff_hide, name="staff-hide"),
]
