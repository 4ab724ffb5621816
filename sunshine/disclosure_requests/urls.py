from django.urls import path

from . import letter_views, review_case_views, views

app_name = "disclosure_requests"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply-done"),
    path("track/", views.track, name="track"),
    path("track/<str:tracking_code>/", views.track_detail, name="track-detail"),
    path("track/<str:tracking_code>/supplement/", views.track_supplement, name="track-supplement"),
    path("track/<str:tracking_code>/documents/<int:document_id>/", views.track_document, name="track-document"),
    path("track/<str:tracking_code>/documents/<int:document_id>/pdf/", letter_views.track_document_pdf,
         name="track-document-pdf"),
    path("track/<str:tracking_code>/files/<int:file_id>/", views.track_file, name="track-file"),
    path("mine/", views.mine, name="mine"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/new/", views.staff_new, name="staff-new"),
    path("staff/review-cases/", review_case_views.review_case_list, name="review-cases"),
    path("staff/review-cases/<int:pk>/", review_case_views.review_case_edit, name="review-case-edit"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/identity/", views.staff_identity, name="staff-identity"),
    path("staff/<int:pk>/files/<int:file_id>/", views.staff_file, name="staff-file"),
    path("staff/<int:pk>/print/", views.staff_print, name="staff-print"),
    path("staff/<int:pk>/<slug:action>/", views.staff_action, name="staff-action"),
]
