"""The catalogue as an Excel workbook (事项目录 .xlsx): `zw_catalogue export FILE [--department CODE]`,
`zw_catalogue import FILE --user USERNAME` (drafts, all or nothing; every row's error in Chinese)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sunshine.gov_services import catalogue_xlsx


class Command(BaseCommand):
    help = "政务服务事项目录的Excel导出（export）和导入（import，生成待审核的草稿）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file")
        parser.add_argument("--department", help="导出：只导出该部门（部门编码）的事项")
        parser.add_argument("--user", help="导入：以该工作人员的名义起草（须有起草办事指南的权限）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if options["action"] == "export":
            department = None
            if options.get("department"):
                from sunshine.orgs.models import Department

                department = Department.objects.filter(code=options["department"]).first()
                if department is None:
                    raise CommandError(f"没有编码为“{options['department']}”的部门。")
            items = catalogue_xlsx.exportable_items(department)
            path.write_bytes(catalogue_xlsx.export_workbook(items))
            self.stdout.write(f"已导出{items.count()}个事项到 {path}")
            return
        from sunshine.accounts.models import User

        user = User.objects.filter(username=options.get("user") or "", kind="staff", is_active=True).first()
        if user is None:
            raise CommandError("请用 --user 指定导入人（在职工作人员的用户名）。")
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        try:
            result = catalogue_xlsx.import_workbook(path.read_bytes(), actor=user)
        except catalogue_xlsx.CatalogueImportError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        self.stdout.write(result.summary)
