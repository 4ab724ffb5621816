"""Government services in a real browser: the citizen's online upload of missing materials (issue #9). A citizen
applies online → the desk dispatches → the window issues the one-time notice (一次性告知书) → the citizen finds the
case on 我的 (待补正), uploads each listed material on the tracking page (a missing one is refused in Chinese,
nothing lost) → the case is back at the window (待受理) with the scans → the window accepts: the limits count from
the day the materials were complete."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _scan(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def test_citizen_uploads_missing_materials_after_one_time_notice(browser, live_url, login):
    contexts = [browser.new_context(locale="zh-CN") for _ in range(3)]
    for context in contexts:
        context.set_default_timeout(20_000)
    citizen, desk, window = (context.new_page() for context in contexts)
    try:
        login(citizen, live_url, "13800138000")
        citizen.goto(live_url + "/zw/")
        citizen.get_by_role("searchbox", name="搜索事项").fill("营业执照")
        citizen.get_by_role("button", name="搜索").click()
        citizen.get_by_role("link", name="营业执照核发（公司设立登记）").click()
        citizen.get_by_role("link", name="网上申请").click()
        citizen.get_by_label("证件号码").fill("11010519491231002X")
        citizen.get_by_label("手机号码").fill("13800138000")
        citizen.get_by_label("企业名称").fill("随县补正测试有限公司")
        citizen.get_by_label("企业类型").select_option("有限责任公司")
        citizen.get_by_label("注册资本（万元）").fill("30")
        citizen.locator("#id_f_address").fill("随县厉山镇神农大道1号")
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen.get_by_role("heading", name="申请已提交")).to_be_visible()
        code = citizen.locator("#tracking-code").inner_text()

        login(desk, live_url, "desk")
        desk.goto(live_url + "/zw/staff/desk/")
        desk.locator("#applications tr", has_text=code).get_by_role("link").click()
        desk.locator("#section-dispatch").get_by_role("button", name="分送窗口").click()
        expect(desk.locator("#case-status")).to_have_text("待受理")

        login(window, live_url, "window")
        window.goto(live_url + "/zw/staff/window/")
        window.locator("#applications tr", has_text=code).get_by_role("link").click()
        case_url = window.url
        section = window.locator("#section-notify_missing")
        section.get_by_label("需补正的全部材料（每行一项）").fill("公司章程\n住所使用证明")
        section.get_by_role("button", name="一次性告知").click()
        expect(window.locator("#case-status")).to_have_text("待补正")

        # the citizen: 我的 lists the case waiting for materials; the tracking page has one upload per material
        citizen.goto(live_url + "/my/")
        expect(citizen.locator("main")).to_contain_text("待补正：请上传一次性告知书所列材料")
        citizen.get_by_role("link", name=code, exact=False).first.click()
        expect(citizen.locator("#app-status")).to_have_text("待补正")
        upload = citizen.locator("#upload-missing")
        expect(upload).to_contain_text("住所使用证明")
        upload.get_by_label("公司章程").set_input_files(_scan("章程.txt", "随县补正测试有限公司章程"))
        upload.get_by_role("button", name="提交补正材料").click()
        expect(citizen.locator("main")).to_contain_text("请上传“住所使用证明”。")
        expect(citizen.locator("#app-status")).to_have_text("待补正")
        upload = citizen.locator("#upload-missing")
        upload.get_by_label("公司章程").set_input_files(_scan("章程.txt", "随县补正测试有限公司章程"))
        upload.get_by_label("住所使用证明").set_input_files(_scan("租赁合同.txt", "房屋租赁合同"))
        upload.get_by_role("button", name="提交补正材料").click()
        expect(citizen.locator("main")).to_contain_text("补正材料已提交")
        expect(citizen.locator("#app-status")).to_have_text("待受理")
        expect(citizen.locator("#uploaded")).to_contain_text("租赁合同.txt")
        complete_on = citizen.locator("#materials-complete-on").inner_text()
        expect(citizen.locator("#upload-missing")).to_have_count(0)

        # the window sees the scans and accepts: the limits count from the day the materials were complete
        window.goto(case_url)
        expect(window.locator("#case-status")).to_have_text("待受理")
        expect(window.locator("#case-materials")).to_contain_text("租赁合同.txt")
        expect(window.locator("#case-materials")).to_contain_text("一次性告知后补正")
        window.locator("#section-accept").get_by_role("button", name="受理").click()
        expect(window.locator("#case-status")).to_have_text("审查中")
        citizen.reload()
        expect(citizen.locator("#app-status")).to_have_text("审查中")
        expect(citizen.locator("#accepted-on")).to_have_text(complete_on)
    finally:
        for context in contexts:
            context.close()
