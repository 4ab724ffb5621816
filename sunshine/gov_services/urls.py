"""Pages of government services, mounted at /zw/ (政务服务)."""

from django.urls import path

from . import views, views_oversight

app_name = "gov_services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("done/", views.done, name="done"),
    path("realname/", views.realname_verify, name="realname"),
    path("track/", views.track, name="track"),
    path("track/<str:tracking_code>/", views.track_detail, name="track-detail"),
    path("track/<str:tracking_code>/upload/<str:kind>/", views.track_upload, name="track-upload"),
    path("track/<str:tracking_code>/letters/<int:document_id>/<str:fmt>/", views.track_letter, name="track-letter"),
    path("decisions/", views_oversight.decisions, name="decisions"),
    path("staff/supervision/", views_oversight.supervision, name="staff-supervision"),
    path("staff/desk/", views.staff_desk, name="staff-desk"),
    path("staff/window/", views.staff_window, name="staff-window"),
    path("staff/cases/<int:pk>/", views.staff_case, name="staff-case"),
    path("staff/cases/<int:pk>/<str:action>/", views.staff_action, name="staff-action"),
    path("staff/tasks/", views.staff_tasks, name="staff-tasks"),
    path("staff/tasks/<int:pk>/", views.staff_task, name="staff-task"),
    path("staff/tasks/<int:pk>/<str:action>/", views.staff_task_action, name="staff-task-action"),
    path("staff/agent/", views.staff_agent, name="staff-agent"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("items/<str:code>/apply/", views.apply, name="apply"),
]
