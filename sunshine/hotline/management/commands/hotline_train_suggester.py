"""Retrain the department suggester (部门推荐模型) on the dispatched history and the dispatch catalogue; run nightly
from cron or Celery beat (job `retrain-department-suggester`)."""

from django.core.management.base import BaseCommand, CommandError

from sunshine.hotline import suggester


class Command(BaseCommand):
    help = "12345热线：用已派单的历史工单和派单目录重新训练承办部门推荐模型"

    def add_arguments(self, parser):
        parser.add_argument("--min-history", type=int, default=suggester.MIN_HISTORY,
                            help=f"历史工单少于此数时只用派单目录训练（冷启动），默认 {suggester.MIN_HISTORY}")

    def handle(self, *args, **options):
        try:
            model = suggester.train(min_history=options["min_history"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"部门推荐模型已训练：{model.get_source_display()}，{model.history_size} 件历史工单，"
                          f"{model.samples} 个样本，{model.classes} 个部门，用时 {model.seconds} 秒")
