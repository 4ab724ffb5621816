"""Staff report pages, mounted at /ysq/staff/report/ (the URL the annual report's table 3 always had)."""

from django.urls import path

from .views import request_table_page

app_name = "reports"
urlpatterns = [
    path("", request_table_page, name="request-table"),
]
