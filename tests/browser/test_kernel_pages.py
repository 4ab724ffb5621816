"""Kernel pages a person uses, in a real browser against a real server with the demo data.

The due-date calculator (with and without JavaScript), the clock list and one clock's explanation, the privacy
scan page, the notifications inbox, the request table (表三) with its .xlsx export, the API docs and schema, and
the Django admin.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESIDENT_ID = "11010519491231002X"  # body 11010519491231002 + stdnum check digit X


def _cn_date(value: str) -> str:
    """"2026-11-26" → "2026年11月26日" (the pages' long date format)."""
    d = dt.date.fromisoformat(value)
    return f"{d.year}年{d.month}月{d.day}日"


# --- 1. working-day calculator ----------------------------------------------------------------------------

def _calculate(page, live_url: str, start: str, days: str) -> None:
    page.goto(live_url + "/calendar/")
    expect(page.get_by_role("heading", name="办理期限计算器")).to_be_visible()
    page.get_by_label("起算日（收到申请之日）").fill(start)
    page.get_by_label("期限（工作日）").fill(days)
    page.get_by_role("button", name="计算").click()
    page.wait_for_load_state("domcontentloaded")


def test_calculator_counts_working_days_over_national_day(page, live_url):
    _calculate(page, live_url, "2026-09-24", "20")
    result = page.locator("#result")
    expect(result.get_by_role("heading", name="计算结果")).to_be_visible()
    # 2026-10-01..08 are holidays; the 20th working day after 24 September is Thursday 29 October
    expect(result).to_contain_text("自 2026年9月24日 起 20 个工作日")
    expect(page.locator(".due-date")).to_have_text("2026年10月29日（星期四）")
    # the inputs keep what was entered
    assert page.get_by_label("起算日（收到申请之日）").input_value() == "2026-09-24"
    assert page.get_by_label("期限（工作日）").input_value() == "20"


def test_calculator_bad_input_shows_a_chinese_error(page, live_url):
    _calculate(page, live_url, "2026-09-24", "-3")
    alert = page.locator(".form-errors[role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("工作日数不能为负数。")
    expect(page.locator("#result")).to_have_count(0)
    assert page.get_by_label("起算日（收到申请之日）").input_value() == "2026-09-24"

    _calculate(page, live_url, "", "20")
    expect(page.locator(".form-errors[role=alert]")).to_contain_text("请填写起算日。")
    expect(page.locator("#result")).to_have_count(0)

    # a date typed into the address bar by hand
    page.goto(live_url + "/calendar/?start=2026-02-30&working_days=20")
    expect(page.locator(".form-errors[role=alert]")).to_contain_text("起算日格式错误，应为 YYYY-MM-DD。")


def test_calculator_works_without_javascript(nojs_page, live_url):
    page = nojs_page
    _calculate(page, live_url, "2026-09-24", "20")
    assert page.url.endswith("/calendar/?start=2026-09-24&working_days=20")
    expect(page.locator(".due-date")).to_have_text("2026年10月29日（星期四）")
    _calculate(page, live_url, "2026-09-24", "1001")
    expect(page.locator(".form-errors[role=alert]")).to_contain_text("工作日数不能超过 1000。")


# --- 2. clocks ----------------------------------------------------------------------------------------------

def _clock_rows(page) -> list[dict]:
    rows = []
    for row in page.locator("main table tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        rows.append({"item": cells[0], "department": cells[1], "start": cells[2], "limit": cells[3],
                     "deadline": cells[4], "href": row.get_by_role("link").get_attribute("href")})
    return rows


def _totals(page) -> tuple[int, int]:
    lead = page.locator("main .lead").inner_text()
    match = re.search(r"红牌 (\d+) 个，黄牌 (\d+) 个", lead)
    assert match, lead
    return int(match.group(1)), int(match.group(2))


def test_clerk_sees_own_departments_clocks_with_markers_and_filters(page, live_url, login):
    login(page, live_url, "clerk")
    page.get_by_role("navigation").get_by_role("link", name="时限", exact=True).click()
    assert page.url == live_url + "/clocks/"
    expect(page.get_by_role("heading", name="办理时限", exact=True)).to_be_visible()
    rows = _clock_rows(page)
    assert rows, "the 发改局 has running demo clocks"
    assert {r["department"] for r in rows} == {"发改局"}
    assert any(r["item"] == "示例时限：发改局演示事项" for r in rows)
    assert not any("住建局" in r["item"] for r in rows)
    red, yellow = _totals(page)
    assert red + yellow >= 1, "the demo gives the 发改局 at least one clock in its warning period"
    assert sum("红牌 已超期" in r["deadline"] for r in rows) == red
    # red first, then yellow: the first page holds every red card and as many yellow ones as fit
    assert sum("黄牌 即将到期" in r["deadline"] for r in rows) == min(yellow, len(rows) - red)
    yellow_badges = page.locator("main .badge-warning", has_text="黄牌")
    if yellow:
        expect(yellow_badges.first).to_be_visible()

    filters = page.get_by_role("navigation", name="按预警筛选")
    filters.get_by_role("link", name="黄牌", exact=True).click()
    assert page.url == live_url + "/clocks/?level=yellow"
    assert filters.get_by_role("link", name="黄牌", exact=True).get_attribute("aria-current") == "page"
    yellow_rows = _clock_rows(page)
    assert len(yellow_rows) == yellow
    assert all("黄牌 即将到期" in r["deadline"] for r in yellow_rows)
    if not yellow:
        expect(page.get_by_text("没有符合条件的时限。")).to_be_visible()

    filters.get_by_role("link", name="红牌（已超期）").click()
    red_rows = _clock_rows(page)
    assert len(red_rows) == red
    assert all("红牌 已超期" in r["deadline"] for r in red_rows)

    filters.get_by_role("link", name="全部预警").click()
    assert len(_clock_rows(page)) == red + yellow

    filters.get_by_role("link", name="全部计时中").click()
    assert len(_clock_rows(page)) == len(rows)


def test_clock_explanation_page_shows_how_the_due_date_was_computed(page, live_url, login):
    from sunshine.workcalendar.calc import WorkCalendar

    login(page, live_url, "clerk")
    page.goto(live_url + "/clocks/")
    row = next(r for r in _clock_rows(page) if r["item"] == "示例时限：发改局演示事项")
    due = re.search(r"期限 (\d{4}-\d{2}-\d{2})", row["deadline"]).group(1)
    page.get_by_role("link", name="示例时限：发改局演示事项").click()
    assert re.fullmatch(re.escape(live_url) + r"/clocks/\d+/", page.url)
    expect(page.get_by_role("heading", name="示例时限：发改局演示事项", level=1)).to_be_visible()

    facts = dict(zip(page.locator("dl.facts dt").all_inner_texts(), page.locator("dl.facts dd").all_inner_texts(),
                     strict=True))
    assert facts["责任部门"] == "随县发展和改革局"
    assert facts["状态"] == "计时中"
    assert facts["起算日"] == f"{_cn_date(row['start'])}（当日不计入）"
    assert facts["期限"] == "20 个工作日"
    assert facts["截止日期"].startswith(_cn_date(due) + "（星期")
    # the due date is the 20th working day after the start (the start day itself not counted)
    assert WorkCalendar().add_working_days(dt.date.fromisoformat(row["start"]), 20).date.isoformat() == due

    expect(page.get_by_role("heading", name="计算过程")).to_be_visible()
    events = page.locator("main table tbody tr")
    expect(events).to_have_count(1)
    cells = events.first.locator("td").all_inner_texts()
    assert cells[:5] == ["开始计时", row["start"], "20", "—", due]
    assert cells[6] == "演示数据"


def test_supervisor_sees_clocks_of_several_departments(page, live_url, login):
    login(page, live_url, "supervisor")
    page.goto(live_url + "/clocks/")
    rows = _clock_rows(page)
    departments = {r["department"] for r in rows}
    assert {"发改局", "住建局"} <= departments
    assert len(departments) >= 3
    red, yellow = _totals(page)
    assert sum("红牌 已超期" in r["deadline"] for r in rows) == red
    # red first, then yellow: the first page holds every red card and as many yellow ones as fit
    assert sum("黄牌 即将到期" in r["deadline"] for r in rows) == min(yellow, len(rows) - red)
    # and may open another department's clock: the 住建局 sample (due in weeks) is on a later page, most urgent first
    sample = page.get_by_role("link", name="示例时限：住建局演示事项")
    while not sample.count():
        next_page = page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页")
        expect(next_page).to_be_visible()
        current = page.url
        next_page.click()
        expect(page).not_to_have_url(current)
    sample.click()
    expect(page.get_by_role("heading", name="示例时限：住建局演示事项", level=1)).to_be_visible()


# --- 3. privacy scan --------------------------------------------------------------------------------------

def test_privacy_scan_shows_only_masked_values(page, live_url, login):
    login(page, live_url, "clerk")
    page.get_by_role("navigation").get_by_role("link", name="扫描", exact=True).click()
    assert page.url == live_url + "/privacy/"
    expect(page.get_by_role("heading", name="敏感信息扫描")).to_be_visible()
    page.get_by_label("待扫描文本").fill(f"申请人李四，身份证号{RESIDENT_ID}，联系电话13812345678，住厉山镇。")
    page.get_by_role("button", name="扫描").click()
    result = page.locator("#scan-result")
    expect(result.get_by_role("heading", name="扫描结果")).to_be_visible()
    expect(result.get_by_role("status")).to_contain_text("共发现 2 处：居民身份证号码 1 处，手机号码 1 处。")
    masked_cells = result.locator("tbody td code").all_inner_texts()
    assert masked_cells == ["110105********002X", "138****5678"]
    highlighted = result.locator("pre.scan-text")
    assert highlighted.locator("mark.finding-resident_id").inner_text().startswith("110105********002X")
    assert highlighted.locator("mark.finding-mobile").inner_text().startswith("138****5678")
    expect(highlighted).to_contain_text("住厉山镇")
    html = page.content()
    assert RESIDENT_ID not in html and "13812345678" not in html
    assert RESIDENT_ID not in page.get_by_label("待扫描文本").input_value()

    # empty text: a Chinese error
    page.get_by_label("待扫描文本").fill("")
    page.get_by_role("button", name="扫描").click()
    expect(page.locator("#text-errors")).to_contain_text("请输入要扫描的文本。")


def test_privacy_scan_is_closed_to_citizens(page, live_url, login):
    login(page, live_url, "13800138000")
    response = page.goto(live_url + "/privacy/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(page.get_by_label("待扫描文本")).to_have_count(0)


# --- 4. notifications ---------------------------------------------------------------------------------------

def _header_unread(page) -> int:
    link = page.get_by_role("navigation").get_by_role("link", name=re.compile(r"^通知"))
    count = link.locator(".count")
    return int(count.inner_text()) if count.count() else 0


def _lead_unread(page) -> int:
    lead = page.locator("main .lead").inner_text()
    match = re.search(r"您有 (\d+) 条未读通知", lead)
    return int(match.group(1)) if match else 0


def _read_welcome_message(page, live_url: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=re.compile(r"^通知")).click()
    assert page.url == live_url + "/notifications/"
    expect(page.get_by_role("heading", name="站内通知")).to_be_visible()
    before = _header_unread(page)
    assert before >= 1 and _lead_unread(page) == before
    welcome = page.locator("#inbox li", has_text="欢迎使用阳光政务")
    expect(welcome.locator(".badge", has_text="未读")).to_be_visible()
    welcome.get_by_role("button", name="将“欢迎使用阳光政务”标为已读").click()
    assert page.url == live_url + "/notifications/"
    welcome = page.locator("#inbox li", has_text="欢迎使用阳光政务")
    expect(welcome.locator(".badge", has_text="已读")).to_be_visible()
    expect(welcome.get_by_role("button", name="标为已读")).to_have_count(0)
    assert _header_unread(page) == before - 1
    assert _lead_unread(page) == before - 1


def test_citizen_reads_the_welcome_message(page, live_url, login):
    login(page, live_url, "13800138000")
    _read_welcome_message(page, live_url)
    expect(page.locator("#inbox")).to_contain_text("您可以在“我的”中查看依申请公开的办理进度")
    # only the citizen's own messages: none of the clerk's
    expect(page.locator("#inbox")).not_to_contain_text("导航栏的数字是未读通知数")


def test_clerk_reads_the_welcome_message_then_all(page, live_url, login):
    login(page, live_url, "clerk")
    _read_welcome_message(page, live_url)
    expect(page.locator("#inbox")).to_contain_text("导航栏的数字是未读通知数")
    expect(page.locator("#inbox")).not_to_contain_text("您可以在“我的”中查看依申请公开的办理进度")
    remaining = _header_unread(page)
    if remaining:
        page.get_by_role("button", name="全部标为已读").click()
        expect(page.get_by_text(f"已将 {remaining} 条通知标为已读。")).to_be_visible()
    assert _header_unread(page) == 0
    expect(page.locator("main .lead")).to_have_text("没有未读通知。")


# --- 6. request table (表三) -----------------------------------------------------------------------------------

COLUMN_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _row_values(page, key: str) -> list[int]:
    return [int(v) for v in page.locator(f'tr[data-row="{key}"] td').all_inner_texts()]


def test_request_table_page_and_xlsx_export(page, live_url, login, tmp_path):
    from openpyxl import load_workbook

    login(page, live_url, "officehead")
    page.goto(live_url + "/ysq/staff/report/")
    expect(page.get_by_role("heading", name="年度报告表三：收到和处理政府信息公开申请情况")).to_be_visible()
    page.get_by_label("年度", exact=True).select_option("2025")
    page.get_by_label("部门", exact=True).select_option(label="全县（全部部门）")
    page.get_by_role("button", name="查看").click()
    assert "year=2025" in page.url
    expect(page.get_by_role("heading", name="全县（全部部门） 2025 年度")).to_be_visible()
    assert page.get_by_label("年度", exact=True).input_value() == "2025"

    header_rows = page.locator("table.report-table thead tr")
    assert header_rows.nth(0).locator("th").all_inner_texts()[1] == "申请人情况"
    assert header_rows.nth(1).locator("th").all_inner_texts() == ["自然人", "法人或其他组织", "总计"]
    assert header_rows.nth(2).locator("th").all_inner_texts() == COLUMN_LABELS[1:-1]
    columns = page.locator('tr[data-row="received"] td').evaluate_all("cells => cells.map(c => c.dataset.column)")
    assert columns[0] == "natural_person" and columns[-1] == "total" and len(columns) == len(COLUMN_LABELS)
    received = _row_values(page, "received")
    assert len(received) == 7
    assert received[-1] == sum(received[:-1]) > 0, "the demo has 2025 requests; 总计 is the sum of the columns"
    results_total = _row_values(page, "total")
    carried_in, carried_over = _row_values(page, "carried_in"), _row_values(page, "carried_over")
    for col in range(7):  # 一 + 二 = 三（七） + 四
        assert received[col] + carried_in[col] == results_total[col] + carried_over[col]

    checks = page.locator("section[aria-labelledby=checks-heading] li")
    assert checks.count() >= 4
    assert checks.filter(has_text="通过").count() >= 3
    expect(checks.first).to_contain_text("各列：一＋二＝（七）总计＋四")
    expect(checks.filter(has_text="未通过")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel（.xlsx）").click()
    download = download_info.value
    assert download.suggested_filename == "request-table-2025-county.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = load_workbook(saved)
    sheet = workbook["三、收到和处理政府信息公开申请情况"]
    assert "全县（全部部门）2025年度" in sheet["A1"].value
    values = {str(row[0]).strip(): list(row[3:10]) for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert values["一、本年新收政府信息公开申请数量"] == received
    assert values["四、结转下年度继续办理"] == carried_over
    assert "勾稽关系校验" in workbook.sheetnames


# --- 7. API docs and schema ------------------------------------------------------------------------------------

def test_api_schema_downloads_as_yaml_and_json(page, live_url):
    page.goto(live_url + "/")
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url; }", live_url + "/api/v1/schema/")
    download = download_info.value
    assert download.suggested_filename.endswith(".yaml"), download.suggested_filename
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("openapi: 3.")
    assert "title: 阳光政务 Sunshine API" in text
    assert "/api/v1/disclosure-requests/" in text

    response = page.goto(live_url + "/api/v1/schema/?format=json")
    assert response.status == 200
    body = response.json()
    assert body["info"]["title"] == "阳光政务 Sunshine API"
    assert "/api/v1/topics/" in "".join(body["paths"])


def test_api_docs_page_loads(page, live_url):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    response = page.goto(live_url + "/api/v1/docs/")
    assert response.status == 200
    assert page.title() == "阳光政务 Sunshine API"
    # The start-up script is a file of its own (no inline script under the Content-Security-Policy); it names the
    # schema.
    assert "/api/v1/schema/" in page.request.get(live_url + "/api/v1/docs/?script=").text()
    page.wait_for_load_state("load")
    page.locator(".swagger-ui .title").wait_for()
    expect(page.locator(".swagger-ui .title")).to_contain_text("阳光政务 Sunshine API")
    # Swagger UI is served by this site (drf-spectacular-sidecar): nothing loads from elsewhere.
    assert failed == []
    assert "cdn" not in page.content().lower()


# --- 8. admin -------------------------------------------------------------------------------------------------

def test_admin_login_shows_the_apps_in_chinese(page, live_url):
    page.goto(live_url + "/admin/")
    assert page.url.startswith(live_url + "/admin/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("sunshine-demo")
    page.get_by_role("button", name="登录").click()
    assert page.url == live_url + "/admin/"
    assert "阳光政务" in page.title()
    expect(page.locator("#site-name")).to_contain_text("阳光政务")
    app_names = page.locator("#content-main .module caption").all_inner_texts()
    # (the letter templates of 依申请公开 are the kernel's document templates, under 文书)
    for name in ["文书", "主动公开", "办理时限", "审计日志", "工作日历", "组织机构", "账户与角色", "通知"]:
        assert any(name in app for app in app_names), (name, app_names)
    assert not any(re.search(r"[A-Za-z]{4,}", app) for app in app_names), app_names
    page.get_by_role("link", name="部门", exact=True).click()
    assert page.url == live_url + "/admin/orgs/department/"
    page.locator("#searchbar").fill("发展和改革")
    page.get_by_role("button", name="搜索").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)  # waits for the search results page, not the list it replaces
    expect(rows.first.get_by_role("link", name="fgj")).to_be_visible()
    expect(rows.first).to_contain_text("随县发展和改革局")
