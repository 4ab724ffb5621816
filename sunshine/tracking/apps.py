from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "sunshine.tracking"
    label = "tracking"
    verbose_name = "公开查询"
