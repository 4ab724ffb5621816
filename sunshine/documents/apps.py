from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sunshine.documents"
    label = "documents"
    verbose_name = "文书"
