"""The hotline's indicator and brief pages in a real browser: the office reads the indicators of the demo year by
department with their formulas and downloads the .xlsx; a department's clerk is refused; the supervisor compiles
this month's brief (简报), reads it and downloads its .docx; a 专报 without a matter is refused in Chinese."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_indicators_and_briefs(page, live_url, login):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the server's months
    month = f"{today:%Y-%m}"
    first = f"{today.year - 1}-{today.month:02d}"
    login(page, live_url, "hotline")
    page.goto(live_url + "/rx/staff/indicators/")
    expect(page.get_by_role("heading", name="热线考核指标", exact=True)).to_be_visible()
    page.get_by_label("起始月份").fill(first)
    page.get_by_label("截止月份").fill(month)
    page.get_by_label("统计维度").select_option(label="按承办部门")
    page.get_by_role("button", name="统计").click()
    table = page.locator("#indicators")
    expect(table).to_contain_text("随县住房和城乡建设局")
    for label in ("响应率", "签收及时率", "按时办结率", "解决率", "满意率", "退单率", "重复来电率", "直接办结率"):
        expect(table.get_by_role("columnheader", name=label)).to_be_visible()
    expect(page.locator("#indicator-total")).to_contain_text("合计")
    expect(page.locator("#formulas")).to_contain_text("回访结果为满意或基本满意的回访 ÷ 回访次数")
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    assert download.value.suggested_filename.endswith("-department.xlsx")

    page.get_by_label("统计维度").select_option(label="按乡镇（街道）")
    page.get_by_role("button", name="统计").click()
    expect(page.locator("#indicator-title")).to_contain_text("按乡镇（街道）")
    page.get_by_label("起始月份").fill(month)
    page.get_by_label("截止月份").fill(first)
    page.get_by_role("button", name="统计").click()
    expect(page.locator("main")).to_contain_text("截止月份不能早于起始月份")

    page.context.clear_cookies()
    login(page, live_url, "clerk")
    response = page.goto(live_url + "/rx/staff/briefs/")
    assert response.status == 403

    page.context.clear_cookies()
    login(page, live_url, "supervisor")
    page.goto(live_url + "/rx/staff/briefs/")
    form = page.locator("#brief-form")
    form.get_by_label("类型").select_option(label="专报（专项事项）")
    form.get_by_label("起始月份").fill(month)
    form.get_by_role("button", name="编制").click()
    expect(page.locator("main")).to_contain_text("专报请选择专项事项")
    form = page.locator("#brief-form")
    form.get_by_label("类型").select_option(label="简报（月度）")
    form.get_by_label("起始月份").fill(month)
    form.get_by_role("button", name="编制").click()
    expect(page.locator("#brief-title")).to_contain_text(f"（{today.year}年{today.month}月）")
    expect(page.locator("#brief-summary")).to_contain_text("12345热线共受理群众诉求")
    expect(page.locator("#brief-indicators")).to_contain_text("满意率")
    with page.expect_download() as download:
        page.locator("#brief-docx").click()
    assert download.value.suggested_filename.startswith(f"hotline-monthly-{today.year}-")
    page.get_by_role("link", name="返回简报、专报").click()
    expect(page.locator("#briefs")).to_contain_text("12345热线简报")
