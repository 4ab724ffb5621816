from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "sunshine.workcalendar"
    label = "workcalendar"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (cache invalidation on override changes)
