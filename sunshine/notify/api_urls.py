from django.urls import path

from .api import InboxView, MarkReadView

urlpatterns = [
    path("", InboxView.as_view(), name="notify-api-inbox"),
    path("<int:pk>/read", MarkReadView.as_view(), name="notify-api-mark-read"),
]
