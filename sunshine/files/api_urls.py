from django.urls import path

from .api import UploadView

urlpatterns = [
    path("", UploadView.as_view(), name="files-api-upload"),
]
