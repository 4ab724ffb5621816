"""`manage.py import publications FILE [--as published|draft]`: bulk import (批量导入) with a progress bar.

Other kinds of import can be added as further subcommands.
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "批量导入数据：import publications FILE（JSONL 或 XLSX，按索引号幂等）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        pubs = sub.add_parser("publications", help="主动公开信息（JSONL 或 XLSX，列见 docs/publications.md）")
        pubs.add_argument("file")
        pubs.add_argument("--as", dest="mode", choices=["published", "draft"], default="published",
                          help="published：作为已发布的历史信息导入（记入备案）；draft：作为草稿进入审查流程")
        pubs.add_argument("--user", default="", help="操作人用户名（须有批量导入权限；默认为“系统”）")
        pubs.add_argument("--batch-size", type=int, default=1000)
        pubs.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["kind"] != "publications":
            raise CommandError("未知的导入类型")
        from pathlib import Path

        from sunshine.accounts.models import User
        from sunshine.accounts.scoping import has_capability
        from sunshine.publications.importer import import_publications

        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        if path.suffix.lower() not in (".jsonl", ".ndjson", ".json", ".xlsx"):
            raise CommandError("只支持 .jsonl 和 .xlsx 文件")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户不存在：{options['user']}")
            if not has_capability(actor, "publications.import_publications"):
                raise CommandError("该用户没有批量导入主动公开信息的权限")
        report = import_publications(path, mode=options["mode"], actor=actor, batch_size=options["batch_size"],
                                     progress=not options["no_progress"])
        for number, message in report.errors:
            self.stderr.write(f"第 {number} 行：{message}")
        self.stdout.write(f"共 {report.rows} 行：新增 {report.created}，更新 {report.updated}，"
                          f"未变化跳过 {report.skipped}，出错 {len(report.errors)}（导入批次 {report.run_id}）")
