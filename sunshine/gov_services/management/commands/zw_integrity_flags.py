"""Electronic supervision flags (电子监察标记): running steps past their due date, open cases of cancelled items;
idempotent. Run hourly from cron or Celery beat."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from sunshine.gov_services.integrity import sweep_integrity


class Command(BaseCommand):
    help = "政务服务：电子监察标记（环节超时、已取消事项的办件）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期处理（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options.get("today") else None
        self.stdout.write(f"新增电子监察标记 {sweep_integrity(today=today)} 个")
