"""Staff report pages, to be included at /ysq/staff/report/ (the lead wires it)."""

from django.urls import path

from .report_views import request_table_page

urlpatterns = [
    path("", request_table_page, name="report-request-table"),
]
