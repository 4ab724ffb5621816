"""Send again what was lost: SMS and e-mail still queued long after their delivery was due (run every few
minutes from cron when there is no Redis; Celery beat runs the same with one). See notify.services.resend_stale."""

from django.core.management.base import BaseCommand

from sunshine.notify.services import resend_stale


class Command(BaseCommand):
    help = "通知：重新发送滞留在待发送状态的短信和邮件（发送任务丢失时的补救）"

    def handle(self, *args, **options):
        count = resend_stale()
        self.stdout.write(f"重新发送滞留通知 {count} 条")
