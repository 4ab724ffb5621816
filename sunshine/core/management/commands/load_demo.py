"""Load the demo data: every app's `demo.load(stdout)` in INSTALLED_APPS order (orgs and accounts first).

Idempotent: running it twice leaves one copy. Demo accounts exist only when this command creates them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from sunshine.core.plugins import app_modules


class Command(BaseCommand):
    help = "载入演示数据（演示县、部门、窗口、各角色账户及各模块示例）"

    def handle(self, *args, **options):
        for label, module in app_modules("demo"):
            with transaction.atomic():
                module.load(self.stdout)
            self.stdout.write(f"demo: {label} ok")
