from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "sunshine.publications"
    label = "publications"
    verbose_name = "主动公开"
