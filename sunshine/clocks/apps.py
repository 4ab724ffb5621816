from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "sunshine.clocks"
    label = "clocks"
    verbose_name = "办理时限"
