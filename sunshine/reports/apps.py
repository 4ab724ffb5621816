from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports (统计报表): reads only kernel tables and the apps' statistics providers, never a domain's models."""

    name = "sunshine.reports"
    label = "reports"
    verbose_name = "统计报表"
