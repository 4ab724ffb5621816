from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "sunshine.notify"
    label = "notify"
    verbose_name = "通知"
