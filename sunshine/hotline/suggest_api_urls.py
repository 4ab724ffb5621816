"""Hotline staff API of the department suggester, mounted at /api/v1/staff/hotline/."""

from django.urls import path

from .suggest_api import SuggestDepartmentAPIView

urlpatterns = [
    path("suggest-department", SuggestDepartmentAPIView.as_view(), name="api-hotline-suggest-department"),
]
