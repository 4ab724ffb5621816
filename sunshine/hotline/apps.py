from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "sunshine.hotline"
    label = "hotline"
    verbose_name = "12345热线与书记县长信箱"

    def ready(self):
        from . import letters

        letters.register_kinds()
