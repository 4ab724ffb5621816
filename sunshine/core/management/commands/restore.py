"""`sunshine restore FILE --yes`: replace the database and write back the stored files of a `sunshine backup`
archive, then check the audit hash chain (sunshine/core/backup.py). Stop serve and worker first."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sunshine.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "从 sunshine backup 的备份文件恢复数据库和已存文件（覆盖当前数据；先停止 serve 和 worker）"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库")

    def handle(self, *args, archive, yes, **options):
        path = Path(archive)
        try:
            manifest = read_manifest(path)
            if not yes:
                raise CommandError(f"恢复将覆盖当前数据库（备份时间 {manifest['created_at']}，{manifest['files']} 个"
                                   "文件）。确认后加 --yes 再运行。")
            result = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"恢复完成 restored: {result['files']} 个文件；审计日志 {result['audit_events']} 条，"
                          f"链尾 {result['audit_head']}")
        if not result["audit_ok"]:
            raise CommandError("恢复后的审计日志哈希链不完整：请运行 sunshine audit verify 查看。")
        expected = result["manifest"].get("audit_head", "")
        if expected and expected != result["audit_head"]:
            raise CommandError(f"恢复后的审计日志链尾 {result['audit_head']} 与备份时的 {expected} 不一致。")
