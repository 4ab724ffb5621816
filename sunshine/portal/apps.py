from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sunshine.portal"
    label = "portal"
    verbose_name = "门户"
