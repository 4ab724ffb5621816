"""Hotline pages, mounted at /rx/ (热线)."""

from django.urls import path

from . import report_views, views

app_name = "hotline"
urlpatterns = [
    path("", views.index, name="index"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/<str:tracking_code>/", views.track_detail, name="track-detail"),
    path("staff/", views.staff_office, name="staff-office"),
    path("staff/department/", views.staff_department, name="staff-department"),
    path("staff/tickets/<int:pk>/", views.staff_ticket, name="staff-ticket"),
    path("staff/tickets/<int:pk>/<str:action>/", views.staff_action, name="staff-action"),
    # indicators and briefs (考核指标、简报专报): the office and the supervisors
    path("staff/indicators/", report_views.indicators, name="staff-indicators"),
    path("staff/briefs/", report_views.briefs, name="staff-briefs"),
    path("staff/briefs/<int:pk>/", report_views.brief, name="staff-brief"),
    path("staff/briefs/<int:pk>/docx/", report_views.brief_docx, name="staff-brief-docx"),
    path("<slug:code>/", views.mailbox, name="mailbox"),
    path("<slug:code>/write/", views.write, name="write"),
    path("<slug:code>/m/", views.write, {"phone": True}, name="write-phone"),
]
