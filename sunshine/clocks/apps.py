from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "sunshine.clocks"
    label = "clocks"
    verbose_name = "办理时限"

    def ready(self) -> None:
        # a holiday edit (admin, import, any save/delete of the override table) recomputes the affected clocks in
        # the editing transaction; the calendar app sends the signal and does not know the clocks exist
        from sunshine.workcalendar.signals import calendar_days_changed

        from .services import on_calendar_days_changed

        calendar_days_changed.connect(on_calendar_days_changed, dispatch_uid="clocks.recompute_on_calendar_change")
