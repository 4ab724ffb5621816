"""Pages of government services, mounted at /zw/ (政务服务)."""

from django.urls import path

from . import guide_views, views, views_oversight

app_name = "gov_services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("done/", views.done, name="done"),
    path("realname/", views.realname_verify, name="realname"),
    path("themes/<str:code>/", views.theme_items, name="theme"),
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
    path("staff/guides/", guide_views.guide_list, name="staff-guides"),
    path("staff/guides/new/", guide_views.guide_new, name="staff-guide-new"),
    path("staff/guides/export.xlsx", guide_views.guide_export, name="staff-guides-export"),
    path("staff/guides/import/", guide_views.guide_import, name="staff-guides-import"),
    path("staff/guides/items/<str:code>/draft/", guide_views.guide_draft, name="staff-guide-draft"),
    path("staff/guides/<int:pk>/", guide_views.guide_edit, name="staff-guide"),
    path("staff/guides/<int:pk>/<str:action>/", guide_views.guide_action, name="staff-guide-action"),
    path("staff/guides/<int:pk>/materials/<int:material_id>/<str:kind>/", guide_views.material_file,
         name="staff-guide-material-file"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("items/<str:code>/apply/", views.apply, name="apply"),
    path("items/<str:code>/materials/<int:material_id>/<str:kind>/", views.material_file, name="material-file"),
]
