from django.urls import path

from .api import ScanView

urlpatterns = [
    path("scan", ScanView.as_view(), name="privacy-api-scan"),
]
