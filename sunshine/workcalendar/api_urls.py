from django.urls import path

from .api import DueDateView

urlpatterns = [
    path("due-date", DueDateView.as_view(), name="calendar-due-date"),
]
