from django.apps import AppConfig


class CaseLinksConfig(AppConfig):
    name = "sunshine.caselinks"
    label = "caselinks"
    verbose_name = "案件关联"
