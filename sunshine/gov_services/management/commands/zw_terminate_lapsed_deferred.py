"""Terminate (终止办理) every case whose 容缺 materials did not arrive within the applicant's period
(docs/gov-services.md § 容缺); run daily from cron or Celery beat."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from sunshine.gov_services.deferred import terminate_lapsed_deferred


class Command(BaseCommand):
    help = "政务服务：容缺材料逾期未补交的办件终止办理"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期处理（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options.get("today") else None
        self.stdout.write(f"容缺逾期终止办理 {terminate_lapsed_deferred(today=today)} 件")
