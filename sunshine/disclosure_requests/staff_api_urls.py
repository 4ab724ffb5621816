"""The staff API of disclosure requests, mounted at /api/v1/staff/disclosure-requests/ (see `staff_api`). One URL
per registered staff action (generated from `staff_actions.ACTION_FORMS`), then the generic one (unknown → 404)."""

from django.urls import path

from . import staff_api
from .staff_actions import ACTION_FORMS

ACTION_NAME = "api-staff-disclosure-request-action"

urlpatterns = [
    path("", staff_api.StaffRequestCreate.as_view(), name="api-staff-disclosure-requests"),
    path("<int:pk>", staff_api.StaffRequestDetail.as_view(), name="api-staff-disclosure-request"),
    *[path(f"<int:pk>/actions/{action}", staff_api.action_view(action).as_view(), name=ACTION_NAME)
      for action in ACTION_FORMS],
    path("<int:pk>/actions/<slug:action>", staff_api.StaffRequestAction.as_view(), name=ACTION_NAME),
]
