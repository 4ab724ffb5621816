"""Demo data for proactive disclosure (主动公开演示数据). Idempotent; runs after the orgs and accounts demo.

- ~300 historical published items (through the bulk importer, as an office would load its back catalogue), each
  by the department that handles its topic, in that topic's category and the genre its title says, with a body
  written for its title (`demo_catalogue`); some interpretations linked to their documents, a few withdrawn or
  superseded;
- the annual reports (政府信息公开工作年度报告) of the last full year, county-wide and per county department, whose
  table 3 figures are computed from the demo's own disclosure requests (`load_annual_reports`, run after every
  app's demo through the manifest's `demo_after`);
- village 村务/三资 tables (XLSX shown as HTML tables) published through the review chain;
- drafts in review at 发改局 with personal-data findings for the reviewer;
- a disclosure guide (公开指南) for every county department and every town; one-step review for towns
  and villages.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

DEMO_FILE = "demo-publications.jsonl"
DEMO_COUNT = 300

GUIDE_TEXT = {
    "classification": "本机关主动公开的政府信息按主题分为：法规规章和规范性文件、机构职能、规划计划、统计信息、"
                      "行政许可、行政处罚和行政强制、财政预决算、政府采购、重大建设项目、社会保障、应急管理等类别。",
    "arrangement": "政府信息按“索引号、名称、生成日期、发布机构、文号、主题分类、有效性”编排，索引号由机构代码、"
                   "年份和顺序号组成，例如 011370000/2026-00123。",
    "how_to_obtain": "（一）主动公开：通过本网站“政府信息公开”专栏、政府公报、县政务服务中心查阅点获取；"
                     "（二）依申请公开：公民、法人或者其他组织可通过本网站“依申请公开”栏目在线提交申请，"
                     "或到政府信息公开工作机构当面、信函提交申请。除特殊情况外，自收到申请之日起20个工作日内答复。",
    "other": "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
             "可以向随县人民政府办公室投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
}
GUIDES = {
    "zfb": ("随县人民政府办公室（县政务公开办）", "随县厉山镇神农大道1号县政府大楼3楼", "0722-4222001",
            "0722-4222002"),
    "fgj": ("随县发展和改革局办公室", "随县厉山镇炎帝大道18号", "0722-4222101", "0722-4222102"),
    "zjj": ("随县住房和城乡建设局办公室", "随县厉山镇神农大道66号", "0722-4222201", ""),
    "mzj": ("随县民政局办公室", "随县厉山镇烈山大道9号", "0722-4222301", ""),
    "town-421321100": ("厉山镇人民政府党政综合办公室", "随县厉山镇烈山大道120号", "0722-4222401", ""),
}

THREE_ASSETS_ROWS = [
    ("序号", "项目名称", "类别", "数量/面积", "金额（元）", "承包（经办）人", "备注"),
    (1, "村集体机动地发包", "资源", "86亩", 25800, "刘*", "2024—2028年"),
    (2, "村部办公楼维修", "资金", "1项", 48600, "陈*", "经村民代表大会通过"),
    (3, "光伏扶贫电站收益", "资产", "100千瓦", 81234.5, "村集体", "用于公益岗位"),
    (4, "山林承包", "资源", "320亩", 16000, "王*", "承包期10年"),
    (5, "一事一议道路硬化", "资金", "1.2公里", 356000, "村委会", "财政奖补"),
]


def _xlsx(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _guide_contact(department, n: int) -> tuple[str, str, str, str]:
    """(office, address, phone, fax) of a department without a hand-written entry in GUIDES."""
    if department.division.level == "town":
        town = department.name.removesuffix("人民政府")
        return (f"{town}人民政府党政综合办公室", f"随县{town}人民政府院内", f"0722-43{n:05d}", "")
    short = department.name.removeprefix("随县")
    return (f"{department.name}办公室", f"随县厉山镇（{short}办公楼）", f"0722-42{n:05d}", "")


def _guides(admin, stdout) -> None:
    """A disclosure guide for every county department and every town (Art. 12: each agency publishes its own)."""
    from sunshine.orgs.models import Department
    from sunshine.publications.models import DisclosureGuide
    from sunshine.publications.services import guide_save

    have = set(DisclosureGuide.objects.values_list("department_id", flat=True))
    made = 0
    for n, department in enumerate(Department.objects.select_related("division")
                                   .filter(is_active=True, division__level__in=["county", "town"])
                                   .order_by("division__level", "sort_order", "code"), start=1):
        if department.pk in have:
            continue
        office, address, phone, fax = GUIDES.get(department.code) or _guide_contact(department, 2000 + n * 11)
        guide_save(department=department, actor=admin, office_name=office, address=address, phone=phone, fax=fax,
                   hours="工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）", postal_code="441300",
                   website="http://www.suixian.gov.cn", email="zwgk@suixian.gov.cn", **GUIDE_TEXT)
        made += 1
    stdout.write(f"publications: 公开指南 {made} 份")


def _settings() -> None:
    from sunshine.orgs.models import Department
    from sunshine.publications.models import DisclosureSetting

    for department in Department.objects.select_related("division"):
        steps = 2 if department.division.level == "county" else 1
        DisclosureSetting.objects.get_or_create(department=department, defaults={
            "review_steps": steps, "index_prefix": department.credit_code or f"4213{department.pk:05d}"})


def _import(rows: list[dict], *, file_name: str, admin):
    from sunshine.publications.importer import import_publications

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / file_name
        path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
        return import_publications(path, mode="published", actor=admin)


def demo_years() -> tuple[int, int]:
    """(first, last) year of the back catalogue: the three full years before this one (2025 at most)."""
    end_year = min(2025, timezone.localdate().year - 1)
    return end_year - 2, end_year


def _historical(admin, stdout) -> None:
    from sunshine.orgs.models import Department
    from sunshine.publications.demo_catalogue import catalogue_rows
    from sunshine.publications.models import ImportRun

    if ImportRun.objects.filter(file_name=DEMO_FILE).exists():
        return
    departments = {d.code: (d.name, d.division.level)
                   for d in Department.objects.select_related("division").filter(is_active=True)}
    start_year, end_year = demo_years()
    rows = catalogue_rows(departments, n=DEMO_COUNT, seed=2026, start_year=start_year, end_year=end_year)
    report = _import(rows, file_name=DEMO_FILE, admin=admin)
    stdout.write(f"publications: 历史信息导入 {report.created} 条（错误 {len(report.errors)}）")


ANNUAL_FILE = "demo-annual-reports.jsonl"
ANNUAL_TITLE = "{name}{year}年政府信息公开工作年度报告"


def annual_report_table_text(table) -> str:
    """Table 3 as the item's table (tab-separated, header first): one row per line of the official table, one
    column per applicant type and the total, as `publications.tables` shows it."""
    header = ["项目", *(label for _code, label in table.columns)]
    lines = ["\t".join(header)]
    for row in table.rows:
        cells = [""] * (len(header) - 1) if row.kind == "heading" else [
            str(row.values[code]) for code, _label in table.columns]
        lines.append("\t".join([row.label, *cells]))
    return "\n".join(lines)


def annual_report_body(*, name: str, year: int, table) -> str:
    """The body of an annual report; section 三 sums up table 3 (the table itself is the item's table)."""
    v = table.value
    refused = v("refused") + v("unavailable") + v("not_processed") + v("other")
    return "\n".join([
        f"本报告根据《中华人民共和国政府信息公开条例》第五十条规定编制，所列数据统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，{name}坚持以公开为常态、不公开为例外，通过门户网站“政府信息公开”专栏主动公开政府信息，"
        "依法办理政府信息公开申请。",
        "二、主动公开政府信息情况",
        "主动公开的政府信息见本网站信息公开目录。",
        "三、收到和处理政府信息公开申请情况",
        (f"本年新收政府信息公开申请{v('received')}件，上年结转{v('carried_in')}件；本年度办结{v('total')}件，"
         f"其中予以公开{v('disclosed')}件，部分公开{v('partially_disclosed')}件，不予公开、无法提供、不予处理及其他处理"
         f"共{refused}件；结转下年度继续办理{v('carried_over')}件。详见下表。")
        if v("received") or v("carried_in") else "本年度未收到政府信息公开申请。详见下表。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
        "五、存在的主要问题及改进情况",
        "个别栏目信息更新不够及时。下一步将加强信息发布审核，按时更新各栏目内容。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ])


def load_annual_reports(stdout) -> None:
    """The last full year's annual reports, county-wide (by 县政府办公室) and per county department, table 3 computed
    by the disclosure-request statistics provider (the kernel's `core.statistics`): never made-up figures."""
    from sunshine.accounts.models import User
    from sunshine.core.statistics import provider
    from sunshine.orgs.models import Department
    from sunshine.publications.models import ImportRun, Publication

    admin = User.objects.filter(username="admin").first()
    if admin is None or ImportRun.objects.filter(file_name=ANNUAL_FILE).exists():
        return
    requests = provider("disclosure_requests")
    if requests is None:
        return
    _, year = demo_years()
    published = dt.datetime(year + 1, 1, 20, 10, 0, tzinfo=timezone.get_current_timezone())
    if published > timezone.now():
        return
    county = list(Department.objects.filter(is_active=True, division__level="county").order_by("sort_order", "code"))
    rows = []
    for department in county:
        # the county's own report (全县) is published by the county office; every other department reports alone
        whole = department.code == "zfb"
        name = "随县人民政府" if whole else department.name
        table = requests.annual_request_table(year=year, department_ids=None if whole else [department.pk])
        rows.append({
            "title": ANNUAL_TITLE.format(name=name, year=year), "document_number": "", "department": department.code,
            "category": "statistics", "genre": "annual_report", "created_on": f"{year + 1}-01-15",
            "published_at": published.isoformat(), "validity": "",
            "summary": f"{name}{year}年政府信息公开工作情况，包括收到和处理政府信息公开申请情况。",
            "body": annual_report_body(name=name, year=year, table=table),
        })
        rows[-1]["table_text"] = annual_report_table_text(table)
    report = _import([{k: v for k, v in row.items() if k != "table_text"} for row in rows], file_name=ANNUAL_FILE,
                     admin=admin)
    # the table 3 of each report as the item's table (the importer takes no tables; nothing here needs masking)
    titles = {row["title"]: row["table_text"] for row in rows}
    items = list(Publication.objects.filter(import_run__file_name=ANNUAL_FILE, title__in=titles).only("pk", "title"))
    for item in items:
        item.table_text = titles[item.title]
    Publication.objects.bulk_update(items, ["table_text"])
    stdout.write(f"publications: {year}年度政府信息公开工作年度报告 {report.created} 份（错误 {len(report.errors)}）")


def _link_interpretations() -> None:
    from sunshine.publications.models import Publication

    Through = Publication.interprets.through
    if Through.objects.exists():
        return
    interpretations = list(Publication.objects.filter(genre__code="interpretation", status="published")[:25])
    links = []
    for p in interpretations:
        # 《随县…实施办法》政策解读 explains the document that issued 《随县…实施办法》
        name = p.title.partition("》")[0] + "》" if p.title.startswith("《") else ""
        if not name:
            continue
        document = (Publication.objects.filter(genre__code="document", status="published", title__contains=name,
                                               published_at__lte=p.published_at)
                    .order_by("-published_at").first())
        if document is not None:
            links.append(Through(from_publication_id=p.pk, to_publication_id=document.pk))
    Through.objects.bulk_create(links, ignore_conflicts=True)


def _withdrawals(head) -> None:
    from sunshine.publications.models import Publication
    from sunshine.publications.services import publication_supersede, publication_withdraw

    if Publication.objects.filter(status__in=["withdrawn", "superseded"]).exists():
        return
    published = list(Publication.objects.filter(status="published", genre__code="notice").order_by("published_at")[:3])
    for p in published[:2]:
        publication_withdraw(publication=p, actor=head, reason="通知内容已调整，以最新通知为准。")
    documents = list(Publication.objects.filter(status="published", genre__code="document").order_by("published_at"))
    if len(documents) >= 4:
        old, new = documents[0], documents[-1]
        if old.department_id != new.department_id:
            new = next((d for d in reversed(documents) if d.department_id == old.department_id and d.pk != old.pk),
                       new)
        publication_supersede(publication=old, actor=head, replacement=new, reason="文件已修订，原文件同时废止。")


def _village_tables(admin) -> None:
    from sunshine.orgs.models import Department
    from sunshine.publications import services
    from sunshine.publications.models import Category, Genre, Publication

    villages = list(Department.objects.filter(division__level="village").order_by("code")[:3])
    category = Category.objects.get(code="village_affairs")
    genre = Genre.objects.get(code="three_assets")
    today = timezone.localdate()
    for village in villages:
        title = f"{village.short_name or village.name}{today.year}年第一季度“三资”管理情况公开表"
        if Publication.objects.filter(title=title).exists():
            continue
        p = services.publication_create_draft(
            actor=admin, department=village, title=title, category=category, genre=genre,
            created_on=today - dt.timedelta(days=3),
            summary="村集体资产、资金、资源管理情况，接受村民监督。",
            body=f"根据村务公开有关规定，现将{village.short_name or village.name}{today.year}年第一季度集体“三资”"
                 "管理情况公开如下，公开期为十五天。村民如有疑问，可向村务监督委员会反映。")
        upload = SimpleUploadedFile("三资公开表.xlsx", _xlsx(THREE_ASSETS_ROWS),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        services.publication_set_table(publication=p, actor=admin, uploaded_file=upload)
        services.publication_submit(publication=p, actor=admin)
        services.publication_approve(publication=p, actor=admin, comment="同意公开。")
        p.refresh_from_db()
        if p.status == "legality_review":
            services.publication_approve(publication=p, actor=admin, comment="符合规定。")
        services.publication_publish(publication=p, actor=admin)


def _drafts_with_findings(clerk, reviewer) -> None:
    from sunshine.publications import services
    from sunshine.publications.models import Category, Genre, Publication

    title = "关于2026年度城乡居民临时救助对象的公示"
    if clerk is None or Publication.objects.filter(title=title).exists():
        return
    notice = Genre.objects.get(code="notice")
    social = Category.objects.get(code="social_security")
    p = services.publication_create_draft(
        actor=clerk, title=title, category=social, genre=notice, created_on=timezone.localdate(),
        body="经个人申请、村（社区）评议、镇审核，拟对以下对象给予临时救助：\n"
             "1. 李某某，身份证号 421321198503120033，联系电话 13871234567，救助金额 2000 元；\n"
             "2. 周某某，身份证号 421321196208052147，救助金额 1500 元；\n"
             "3. 吴某某，身份证号 421321197711230416，救助金额 1000 元。\n"
             "公示期 7 天，如有异议请向县发展和改革局反映，电话 0722-4222101。")
    services.publication_submit(publication=p, actor=clerk)
    p2 = services.publication_create_draft(
        actor=clerk, title="随县2026年重点项目建设计划（征求意见稿）的起草说明",
        category=Category.objects.get(code="plans"), genre=Genre.objects.get(code="plan"),
        created_on=timezone.localdate(),
        body="为做好2026年重点项目谋划工作，县发展和改革局起草了重点项目建设计划。项目联系人：张工，"
             "手机 13912345678。计划共安排重点项目 86 个，总投资 312 亿元。")
    services.publication_submit(publication=p2, actor=clerk)
    for finding in p2.findings.filter(is_current=True):
        services.finding_resolve(finding=finding, actor=reviewer, resolution="mask")


def load(stdout) -> None:
    from sunshine.accounts.models import User

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        stdout.write("publications: 缺少演示账户 admin，跳过")
        return
    head = User.objects.filter(username="officehead").first() or admin
    _settings()
    _guides(admin, stdout)
    _historical(admin, stdout)
    _link_interpretations()
    _withdrawals(head)
    _village_tables(admin)
    _drafts_with_findings(User.objects.filter(username="clerk").first(),
                          User.objects.filter(username="reviewer").first() or admin)
    stdout.write("publications: ok")
