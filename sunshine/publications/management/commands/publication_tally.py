"""Recompute the public tally of the catalogue (公开目录计数), or check it: `manage.py publication_tally [--check]`."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "重新计算政府信息公开目录的计数表（--check：只核对，不修改）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对计数表与目录是否一致，不一致时以非零状态退出")

    def handle(self, *args, check=False, **options):
        from sunshine.publications import pagecache, tally

        if check:
            wrong = tally.mismatches()
            if wrong:
                for key, (counted, real) in sorted(wrong.items(), key=str)[:50]:
                    self.stdout.write(f"{key}: 计数表 {counted}，实际 {real}")
                raise CommandError(f"计数表有 {len(wrong)} 处与目录不一致：请运行 publication_tally 重新计算。")
            self.stdout.write("计数表与目录一致。")
            return
        rows = tally.rebuild()
        pagecache.bump_version()
        self.stdout.write(f"计数表已重新计算：{rows} 行。")
