"""Load the demo data: every app manifest's `demo` function in INSTALLED_APPS order (orgs and accounts first), then
every `demo_after` function (demo data made from the other apps' demo data).

Idempotent: running it twice leaves one copy. Demo accounts exist only when this command creates them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from sunshine.core.manifest import hooks


class Command(BaseCommand):
    help = "载入演示数据（演示县、部门、窗口、各角色账户及各模块示例）"

    def handle(self, *args, **options):
        for label, load in hooks("demo") + hooks("demo_after"):
            with transaction.atomic():
                load(self.stdout)
            self.stdout.write(f"demo: {label} ok")
