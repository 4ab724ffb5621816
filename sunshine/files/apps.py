from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "sunshine.files"
    label = "files"
    verbose_name = "附件"
