"""Government services API, mounted at /api/v1/services/."""

from django.urls import path

from .api import ApplicationSubmitAPIView, ApplicationTrackAPIView, ItemDetailAPIView, ItemListAPIView

urlpatterns = [
    path("items/", ItemListAPIView.as_view(), name="api-services-items"),
    path("items/<str:code>", ItemDetailAPIView.as_view(), name="api-services-item"),
    path("applications/", ApplicationSubmitAPIView.as_view(), name="api-services-submit"),
    path("applications/<str:tracking_code>", ApplicationTrackAPIView.as_view(), name="api-services-track"),
]
