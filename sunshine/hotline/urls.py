"""Hotline pages, mounted at /rx/ (热线)."""

from django.urls import path

from . import call_views, report_views, views

app_name = "hotline"
urlpatterns = [
    path("", views.index, name="index"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/<str:tracking_code>/", views.track_detail, name="track-detail"),
    path("kb/", call_views.kb_public, name="kb"),
    path("kb/<int:pk>/", call_views.kb_public_entry, name="kb-entry"),
    path("hooks/cti/", call_views.cti_webhook, name="hook-cti"),
    path("hooks/sms/", call_views.sms_webhook, name="hook-sms"),
    path("staff/call/", call_views.intake, name="staff-call"),
    path("staff/call/latest/", call_views.latest_call, name="staff-call-latest"),
    path("staff/intake/<str:page>/", call_views.intake, name="staff-intake"),
    path("staff/intake/<str:page>/panels/", call_views.intake_panels, name="staff-intake-panels"),
    path("staff/tickets/<int:pk>/convert/disclosure/", call_views.convert_disclosure,
         name="staff-convert-disclosure"),
    path("staff/kb/", call_views.kb_staff_list, name="staff-kb"),
    path("staff/kb/new/", call_views.kb_staff_new, name="staff-kb-new"),
    path("staff/kb/<int:pk>/", call_views.kb_staff_entry, name="staff-kb-entry"),
    path("staff/kb/<int:pk>/<str:action>/", call_views.kb_staff_action, name="staff-kb-action"),
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
