from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "sunshine.participation"
    label = "participation"
    verbose_name = "互动参与（点题公开、回音壁）"
