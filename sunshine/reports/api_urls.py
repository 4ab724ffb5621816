"""Report endpoints, mounted at /api/v1/reports/."""

from django.urls import path

from .views import ProactiveDisclosureTableAPIView, RequestTableAPIView, ReviewLitigationTableAPIView

urlpatterns = [
    path("proactive-disclosure-table", ProactiveDisclosureTableAPIView.as_view(),
         name="api-report-proactive-disclosure-table"),
    path("request-table", RequestTableAPIView.as_view(), name="api-report-request-table"),
    path("review-litigation-table", ReviewLitigationTableAPIView.as_view(), name="api-report-review-litigation-table"),
]
