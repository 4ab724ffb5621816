from django.urls import path

from . import api

urlpatterns = [
    path("", api.DisclosureRequestListCreate.as_view(), name="api-disclosure-requests"),
    path("staff/<int:pk>", api.StaffRequestDetail.as_view(), name="api-disclosure-request-staff"),
    path("staff/<int:pk>/<slug:action>", api.StaffRequestAction.as_view(), name="api-disclosure-request-staff-action"),
    path("<str:tracking_code>", api.DisclosureRequestTrack.as_view(), name="api-disclosure-request"),
    path("<str:tracking_code>/documents/<int:document_id>", api.DisclosureRequestDocument.as_view(),
         name="api-disclosure-request-document"),
    path("<str:tracking_code>/files/<int:file_id>", api.DisclosureRequestFile.as_view(),
         name="api-disclosure-request-file"),
]
