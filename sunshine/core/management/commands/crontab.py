"""Print the crontab lines that run the periodic jobs without Redis (`sunshine crontab`), from the apps' manifests.

With Redis, `sunshine worker` runs the same jobs through Celery beat (settings.CELERY_BEAT_SCHEDULE, built from the
same manifests)."""

from django.core.management.base import BaseCommand

from sunshine.core.manifest import cron_lines, merged


class Command(BaseCommand):
    help = "输出无 Redis 时用 cron 运行定时任务的 crontab 行（来自各模块清单）"

    def add_arguments(self, parser):
        parser.add_argument("--program", default="sunshine", help="命令的完整路径，默认 sunshine")

    def handle(self, *args, **options):
        for line in cron_lines(merged("jobs"), program=options["program"]):
            self.stdout.write(line)
