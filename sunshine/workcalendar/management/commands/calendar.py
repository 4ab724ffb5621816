"""`manage.py calendar import FILE` (also `sunshine calendar import FILE`): load one year's holiday schedule."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sunshine.core.errors import DomainError


class Command(BaseCommand):
    help = "工作日历：导入年度节假日安排（JSON 或 CSV），或查看已覆盖的年度"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入一个年度的节假日与调休上班日（替换该年度已有的调整）")
        imp.add_argument("file", help="JSON 或 CSV 文件（格式见 docs/calendar.md）")
        imp.add_argument("--year", type=int, default=None, help="年度（CSV 可省略，按文件中的日期确定）")
        imp.add_argument("--source", default="", help="来源说明，例如国务院办公厅通知的文号")
        sub.add_parser("status", help="列出各年度的覆盖情况")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self._import(options)
        return self._status()

    def _import(self, options):
        from sunshine.workcalendar.importer import calendar_import_year, parse_file

        try:
            schedule = parse_file(options["file"], year=options["year"])
            result = calendar_import_year(schedule=schedule, source=options["source"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(
            f"已导入 {result.year} 年：节假日 {result.holidays} 天，调休上班日 {result.makeup_workdays} 天"
            f"（替换原有调整 {result.replaced} 条），重新计算期限 {result.recomputed} 个。"))

    def _status(self):
        from sunshine.workcalendar.calc import package_schedule
        from sunshine.workcalendar.models import CalendarYear

        _, package_years = package_schedule()
        self.stdout.write(f"chinese-calendar 覆盖：{min(package_years)}–{max(package_years)} 年")
        for row in CalendarYear.objects.all():
            self.stdout.write(f"已导入：{row.year} 年（{row.source or '未注明来源'}，{row.loaded_at:%Y-%m-%d %H:%M}）")
        self.stdout.write("其他年度：暂按周末及《全国年节及纪念日放假办法》规定的法定节假日计算（暂定），不含调休。")
