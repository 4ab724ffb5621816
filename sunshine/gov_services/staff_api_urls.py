"""The staff API of government services, mounted at /api/v1/staff/services/applications/ (see `staff_api`). One URL
per registered staff action (generated from `staff_actions.ACTION_FORMS`), then the generic one (unknown → 404)."""

from django.urls import path

from . import staff_api
from .staff_actions import ACTION_FORMS

urlpatterns = [
    path("", staff_api.StaffApplicationList.as_view(), name="api-staff-services-applications"),
    path("<int:pk>", staff_api.StaffApplicationDetail.as_view(), name="api-staff-services-application"),
    *[path(f"<int:pk>/actions/{action}", staff_api.action_view(action).as_view(), name=staff_api.ACTION_NAME)
      for action in ACTION_FORMS],
    path("<int:pk>/actions/<slug:action>", staff_api.StaffApplicationAction.as_view(), name=staff_api.ACTION_NAME),
]
