from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sunshine.cases"
    label = "cases"
    verbose_name = "案件流程"
