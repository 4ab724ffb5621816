from django.apps import AppConfig


class GovServicesConfig(AppConfig):
    name = "sunshine.gov_services"
    label = "gov_services"
    verbose_name = "政务服务"

    def ready(self):
        from . import letters

        letters.register_kinds()
