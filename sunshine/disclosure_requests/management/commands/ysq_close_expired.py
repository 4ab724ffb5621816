"""Close what the law closes by lapse of time (run daily, e.g. from cron or Celery beat):
consultations unanswered after 15 working days (silence), supplement periods and fee periods that ended.
Also completes letters whose .docx task was lost (`letters.complete_pending`)."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from sunshine.disclosure_requests.letters import complete_pending
from sunshine.disclosure_requests.sweeps import close_expired


class Command(BaseCommand):
    help = "依申请公开：登记逾期未答复的征求意见、关闭逾期未补正和逾期未缴费的申请，补齐未生成的文书"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期处理（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options.get("today") else None
        result = close_expired(today=today)
        letters = complete_pending()
        self.stdout.write(f"征求意见逾期 {result['consultations']} 件，逾期未补正 {result['supplements']} 件，"
                          f"逾期未缴费 {result['fees']} 件，补齐文书 {letters} 份")
