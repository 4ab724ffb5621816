from django.urls import path

from .api import ClockListView, WarningCountsView

urlpatterns = [
    path("", ClockListView.as_view(), name="clocks-list"),
    path("warnings", WarningCountsView.as_view(), name="clocks-warnings"),
]
