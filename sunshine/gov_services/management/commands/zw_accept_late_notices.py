"""Accept, as of the receipt day, every application whose one-time notice was not given within 5 working days
(行政许可法 §32(4)); run daily from cron or Celery beat."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from sunshine.gov_services.services import accept_late_notices


class Command(BaseCommand):
    help = "政务服务：五日内未一次性告知的办件，自收到材料之日起视为受理"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期处理（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options.get("today") else None
        self.stdout.write(f"逾期未告知视为受理 {accept_late_notices(today=today)} 件")
