"""`sunshine documents_sweep`: complete the documents whose .docx task was lost (cron, without Celery beat)."""

from django.core.management.base import BaseCommand

from sunshine.documents.services import complete_pending


class Command(BaseCommand):
    help = "补全生成失败或任务丢失的文书文件（无 Celery beat 时由 cron 每 10 分钟运行）"

    def handle(self, *args, **options):
        done = complete_pending()
        self.stdout.write(f"已补全文书 {done} 件")
