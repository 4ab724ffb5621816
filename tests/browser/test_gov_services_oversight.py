"""Government services' oversight pages in a real browser, on the demo data: the public list of licensing grants
(行政许可法 §40: masked, searchable) and the supervisor's page of integrity flags (电子监察) with its filters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_public_reads_the_grants_masked_and_searches_them(page, live_url):
    page.goto(live_url + "/zw/")
    page.get_by_role("link", name="行政许可公示").click()
    table = page.locator("#decisions")
    expect(table).to_contain_text("随县神农农业科技有限公司")
    expect(table).to_contain_text("孙*")  # 孙丽's 公司变更登记, masked
    expect(table).not_to_contain_text("孙丽")
    expect(table).not_to_contain_text("吴敏")  # a refusal (不予许可) is not published
    page.get_by_role("searchbox", name="搜索").fill("不动产登记")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#decisions tbody tr")).to_have_count(2)
    expect(page.locator("#decisions")).to_contain_text("陈**")
    expect(page.locator("#decisions")).not_to_contain_text("陈志远")


def test_supervisor_filters_the_flags_and_opens_a_case(page, live_url, login):
    login(page, live_url, "supervisor")
    page.get_by_role("link", name="政务服务监察").first.click()
    # one per kind (oversight_demo), and the key project's three 审查 tasks overdue (parallel_demo, 环节超时)
    expect(page.locator("#flags tbody tr")).to_have_count(10)
    page.get_by_label("标记", exact=True).select_option("fee_outside_standard")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("#flags tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("不动产登记")
    rows.get_by_role("link").click()
    expect(page.locator("#case-facts")).to_contain_text("实收500.00元")
    expect(page.locator("#case-flags")).to_contain_text("收费不符合标准")
    expect(page.locator("section.action")).to_have_count(0)  # read-only: no action form
    page.go_back()
    page.get_by_label("标记", exact=True).select_option("")
    page.get_by_label("部门", exact=True).select_option(label="随县发展和改革局")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#flags")).to_contain_text("环节超时")
    expect(page.locator("#flags")).not_to_contain_text("不动产登记")
