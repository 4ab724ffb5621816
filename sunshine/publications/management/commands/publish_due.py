"""Publish the scheduled items whose time has come (定时发布). Run every minute by cron/Celery beat."""

from django.core.management.base import BaseCommand

from sunshine.publications.services import publish_due


class Command(BaseCommand):
    help = "发布已到定时发布时间的主动公开信息"

    def handle(self, *args, **options):
        published, errors = publish_due()
        for line in errors:
            self.stderr.write(f"未发布：{line}")
        self.stdout.write(f"已发布 {published} 条")
