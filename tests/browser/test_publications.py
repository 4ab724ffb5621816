"""Proactive disclosure end to end in Chromium: draft with personal data → findings → masked publication →
a citizen finds it by a two-character query and sees only masked values → withdrawal notice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESIDENT_ID = "421321198503120033"
MOBILE = "13871234567"
MASKED_ID = "421321********0033"
MASKED_MOBILE = "138****4567"
WORD = "鹊桥"  # a two-character query that only this item contains


def _switch_user(page, login, live_url, username):
    page.context.clear_cookies()
    login(page, live_url, username)


def test_clerk_to_citizen_with_masking_and_withdrawal(page, live_url, login):
    # 1. the clerk (发改局) drafts an item with an ID and a mobile number in the body and the attachment
    login(page, live_url, "clerk")
    page.goto(f"{live_url}/gk/staff/new/")
    page.get_by_label("标题").fill(f"{WORD}片区临时救助对象公示")
    page.get_by_label("主题分类").select_option(label="社会保障")
    page.get_by_label("体裁分类").select_option(label="通知公告")
    page.get_by_label("正文").fill(f"救助对象刘某，身份证号 {RESIDENT_ID}，联系电话 {MOBILE}，救助金额 2000 元。")
    page.get_by_label(re.compile("附件")).set_input_files(
        {"name": "救助名单.txt", "mimeType": "text/plain",
         "buffer": f"刘某 {RESIDENT_ID} {MOBILE}".encode()})
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    detail_url = page.url
    page.get_by_role("button", name="提交审查").click()
    # 2. submission shows the findings
    page.get_by_text("尚有 4 处未处理").wait_for()
    findings = page.locator("table.findings")
    expect(findings.get_by_text(MASKED_ID)).to_have_count(2)
    expect(findings.get_by_text(MASKED_MOBILE)).to_have_count(2)
    expect(page.get_by_role("button", name="保密审查通过")).to_have_count(0)  # a clerk cannot review

    # 3. the reviewer masks every finding, replaces the attachment with a redacted copy, reviews and publishes
    _switch_user(page, login, live_url, "reviewer")
    page.goto(detail_url)
    for _ in range(4):
        form = page.locator("form[action*='/findings/']").first  # unresolved findings are listed first
        form.get_by_label("遮盖").check()
        with page.expect_navigation():
            form.get_by_role("button", name="确定").click()
    expect(page.get_by_text("全部已处理")).to_have_count(1)
    page.get_by_label("上传遮盖后的替换文件").set_input_files(
        {"name": "救助名单（遮盖）.txt", "mimeType": "text/plain",
         "buffer": f"刘某 {MASKED_ID} {MASKED_MOBILE}".encode()})
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_text("已上传遮盖后的替换文件").wait_for()
    page.get_by_role("button", name="保密审查通过").click()
    page.get_by_role("button", name="规范性审核通过").click()
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("已发布。").wait_for()

    # 4. a citizen (anonymous) finds it with a two-character query and sees only masked values
    page.context.clear_cookies()
    page.goto(f"{live_url}/gk/")
    page.get_by_label("检索政府信息").fill(WORD)
    page.get_by_role("button", name="检索").click()
    page.get_by_role("link", name=re.compile(f"{WORD}片区临时救助对象公示")).click()
    page.get_by_role("heading", name=f"{WORD}片区临时救助对象公示").wait_for()
    html = page.content()
    assert MASKED_ID in html and MASKED_MOBILE in html
    assert RESIDENT_ID not in html and MOBILE not in html
    item_url = page.url
    download = page.request.get(live_url + page.get_by_role("link", name="救助名单（遮盖）.txt").get_attribute("href"))
    assert download.ok and RESIDENT_ID not in download.text() and MASKED_ID in download.text()
    expect(page.get_by_role("link", name="救助名单.txt", exact=True)).to_have_count(0)

    # 5. the disclosure office withdraws it; its URL shows the notice
    _switch_user(page, login, live_url, "officehead")
    page.goto(detail_url)
    page.get_by_label("撤回原因").fill("公示期已满")
    page.get_by_role("button", name="撤回", exact=True).click()
    page.get_by_text("已撤回").first.wait_for()
    page.context.clear_cookies()
    page.goto(item_url)
    notice = page.get_by_role("alert")
    assert re.search(r"该信息已于\d{4}年\d{1,2}月\d{1,2}日撤回，原因：公示期已满", notice.inner_text())
    assert MASKED_ID not in page.content()
