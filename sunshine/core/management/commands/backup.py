"""`sunshine backup [--output FILE]`: the database and the stored files in one archive (sunshine/core/backup.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sunshine.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和已存文件（一个 tar 文件，二者一致）"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="", help="备份文件路径（默认 SUNSHINE_DATA_DIR/backups/…）")

    def handle(self, *args, output, **options):
        try:
            result = backup(output or None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"备份完成 backup written: {result.path}（{result.vendor}，{result.files} 个文件，"
                          f"{result.bytes} 字节）")
