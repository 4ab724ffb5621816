"""The catalogue side of government services in a real browser: a window clerk of 市场监管局 drafts a new version of
公司变更登记 while the published one stays public, edits a material row and adds one, submits it; the office head
returns nothing and approves it; the public guide shows the new material and the flow chart. A bad Excel file lists
its row errors and imports nothing. A person finds the town hall's 生育登记 through 个人办事 → 出生."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_clerk_drafts_head_approves_public_sees_new_version(browser, live_url, login):
    contexts = [browser.new_context(locale="zh-CN") for _ in range(3)]
    for context in contexts:
        context.set_default_timeout(20_000)
    clerk, head, public = (context.new_page() for context in contexts)
    try:
        login(clerk, live_url, "window")
        clerk.goto(live_url + "/zw/staff/guides/")
        clerk.get_by_label("事项名称或编码").fill("公司变更")
        clerk.get_by_role("button", name="筛选").click()
        row = clerk.locator("#guides tr", has_text="公司变更登记")
        expect(row).to_contain_text("第1版")
        row.get_by_role("button", name="起草新版本").click()
        expect(clerk.locator("#version-status")).to_have_text("草稿")
        # the published guide stays public meanwhile
        public.goto(live_url + "/zw/items/scjgj-002/")
        expect(public.locator("#materials")).not_to_contain_text("股东会决议")
        # edit: change the first material's name, add a material in the first empty row, promise 1 → 1 day kept
        clerk.locator("#id_m-1-name").fill("股东会决议或股东决定")
        clerk.locator("#id_m-3-name").fill("修改后的公司章程或章程修正案")
        clerk.locator("#id_m-3-form").select_option("原件")
        clerk.get_by_label("修订说明").fill("变更决议写明股东会决议；增加章程修正案")
        clerk.get_by_role("button", name="保存并提交审核").click()
        expect(clerk.locator("#version-status")).to_have_text("待审核")
        expect(clerk.get_by_role("button", name="审核发布")).to_have_count(0)

        login(head, live_url, "officehead")
        head.goto(live_url + "/zw/staff/guides/?state=submitted")
        head.locator("#guides tr", has_text="公司变更登记").get_by_role("link", name="第2版 待审核").click()
        expect(head.locator("#version-changes")).to_contain_text("申请材料")
        expect(head.locator("#view-materials")).to_contain_text("修改后的公司章程或章程修正案")
        head.get_by_role("button", name="审核发布").click()
        expect(head.locator("#version-status")).to_have_text("已发布")

        public.goto(live_url + "/zw/items/scjgj-002/")
        expect(public.locator("#materials")).to_contain_text("股东会决议或股东决定")
        expect(public.locator("#materials")).to_contain_text("修改后的公司章程或章程修正案")
        expect(public.get_by_role("img", name="公司变更登记权力运行流程图")).to_be_visible()
        expect(public.locator("#flowchart")).to_contain_text("集中受理台登记")
    finally:
        for context in contexts:
            context.close()


def test_bad_excel_lists_row_errors_and_person_finds_town_items(browser, live_url, login):
    from openpyxl import Workbook

    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        login(page, live_url, "window")
        page.goto(live_url + "/zw/staff/guides/")
        with page.expect_download() as download:
            page.locator("#export-link").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        wb = Workbook()
        ws = wb.active
        ws.title = "事项"
        from sunshine.gov_services.catalogue_xlsx import ITEM_COLUMNS, MATERIAL_COLUMNS

        ws.append([h for h, _k in ITEM_COLUMNS])
        values = {"code": "scjgj-099", "name": "测试事项", "item_type": "行政许可", "department": "scjgj",
                  "legal_basis": "《条例》", "on_the_spot": "否", "statutory_limit_days": 20, "promised_limit_days": 5}
        ws.append([values.get(k, "") for _h, k in ITEM_COLUMNS])
        materials = wb.create_sheet("申请材料")
        materials.append([h for h, _k in MATERIAL_COLUMNS])
        materials.append(["scjgj-099", 1, "申请书", "扫描件", 1, "是", "否", ""])
        out = io.BytesIO()
        wb.save(out)
        page.get_by_label("事项目录（.xlsx）").set_input_files(
            {"name": "目录.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "buffer": out.getvalue()})
        page.get_by_role("button", name="导入").click()
        expect(page.locator("#import-errors")).to_contain_text("第 2 行 申请材料：材料形式“扫描件”无效")
        expect(page.locator("#import-errors")).to_contain_text("未导入任何内容")

        page.goto(live_url + "/zw/")
        page.get_by_role("link", name="个人办事", exact=True).click()
        page.locator("#life-events").get_by_role("link", name="出生（34）").click()
        expect(page.get_by_role("heading", name="个人办事：出生")).to_be_visible()
        expect(page.locator("main")).to_contain_text("厉山镇人民政府")
        page.locator("section", has_text="厉山镇人民政府").get_by_role("link", name="生育登记").click()
        expect(page.locator("#statutory-limit")).to_have_text("当场办结")
        expect(page.locator("#flowchart")).to_contain_text("受理并当场办结")
        expect(page.locator("#flowchart")).not_to_contain_text("集中受理台")
    finally:
        context.close()
