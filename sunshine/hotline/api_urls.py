"""Hotline API, mounted at /api/v1/hotline/."""

from django.urls import path

from .api import TicketSubmitAPIView, TicketTrackAPIView

urlpatterns = [
    path("tickets/", TicketSubmitAPIView.as_view(), name="api-hotline-submit"),
    path("tickets/<str:tracking_code>", TicketTrackAPIView.as_view(), name="api-hotline-track"),
]
