from django.urls import path

from . import api, staff_api

urlpatterns = [
    path("", api.DisclosureRequestListCreate.as_view(), name="api-disclosure-requests"),
    # deprecated aliases of /api/v1/staff/disclosure-requests/{id}[/actions/{action}] (staff_api), kept for clients
    path("staff/<int:pk>", staff_api.OldStaffRequestDetail.as_view(), name="api-disclosure-request-staff"),
    path("staff/<int:pk>/<slug:action>", staff_api.OldStaffRequestAction.as_view(),
         name="api-disclosure-request-staff-action"),
    path("<str:tracking_code>", api.DisclosureRequestTrack.as_view(), name="api-disclosure-request"),
    path("<str:tracking_code>/documents/<int:document_id>", api.DisclosureRequestDocument.as_view(),
         name="api-disclosure-request-document"),
    path("<str:tracking_code>/files/<int:file_id>", api.DisclosureRequestFile.as_view(),
         name="api-disclosure-request-file"),
]
