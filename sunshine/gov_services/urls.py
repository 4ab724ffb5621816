"""Pages of government services, mounted at /zw/ (政务服务)."""

from django.urls import path

from . import views, views_oversight

app_name = "gov_services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/<str:tracking_code>/", views.track_detail, name="track-detail"),
    path("track/<str:tracking_code>/letters/<int:document_id>/<str:fmt>/", views.track_letter, name="track-letter"),
    path("decisions/", views_oversight.decisions, name="decisions"),
    path("staff/supervision/", views_oversight.supervision, name="staff-supervision"),
    path("staff/desk/", views.staff_desk, name="staff-desk"),
    path("staff/window/", views.staff_window, name="staff-window"),
    path("staff/cases/<int:pk>/", views.staff_case, name="staff-case"),
    path("staff/cases/<int:pk>/<str:action>/", views.staff_action, name="staff-action"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("items/<str:code>/apply/", views.apply, name="apply"),
]
