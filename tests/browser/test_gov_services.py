"""Government services in a real browser (issue #9, as far as built): a citizen finds 营业执照核发 in the catalogue,
reads the guide and applies online with a scan (a wrong figure is refused, nothing typed is lost) → the central
desk (集中受理台) dispatches the case to the window → the window (市场监管局, 1号窗口) accepts it → the citizen's
tracking page shows 审查中 and the 受理通知书."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_citizen_applies_online_desk_dispatches_window_accepts(browser, live_url, login):
    contexts = [browser.new_context(locale="zh-CN") for _ in range(3)]
    for context in contexts:
        context.set_default_timeout(20_000)
    citizen, desk, window = (context.new_page() for context in contexts)
    try:
        # 1. the catalogue, search and the guide with its materials checklist
        login(citizen, live_url, "13800138000")
        citizen.goto(live_url + "/zw/")
        citizen.get_by_role("searchbox", name="搜索事项").fill("营业执照")
        citizen.get_by_role("button", name="搜索").click()
        expect(citizen.locator("#item-count")).to_have_text("共 1 个事项")
        citizen.get_by_role("link", name="营业执照核发（公司设立登记）").click()
        expect(citizen.locator("#materials")).to_contain_text("公司章程")
        expect(citizen.locator("#statutory-limit")).to_contain_text("3个工作日")

        # 2. the online application: the item's form declared as data, a scan uploaded
        citizen.get_by_role("link", name="网上申请").click()
        citizen.get_by_label("证件号码").fill("11010519491231002X")
        citizen.get_by_label("手机号码").fill("13800138000")
        citizen.get_by_label("企业名称").fill("随县炎帝茶业有限公司")
        citizen.get_by_label("企业类型").select_option("有限责任公司")
        citizen.get_by_label("注册资本（万元）").fill("五十")
        citizen.locator("#id_f_address").fill("随县厉山镇炎帝大道8号")
        citizen.get_by_label("公司章程（原件，1份）").set_input_files(
            {"name": "章程.txt", "mimeType": "text/plain", "buffer": "随县炎帝茶业有限公司章程".encode()})
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen.locator("main")).to_contain_text("“注册资本（万元）”应为整数。")
        assert citizen.get_by_label("企业名称").input_value() == "随县炎帝茶业有限公司"
        citizen.get_by_label("注册资本（万元）").fill("50")
        citizen.get_by_label("公司章程（原件，1份）").set_input_files(
            {"name": "章程.txt", "mimeType": "text/plain", "buffer": "随县炎帝茶业有限公司章程".encode()})
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen.get_by_role("heading", name="申请已提交")).to_be_visible()
        code = citizen.locator("#tracking-code").inner_text()
        assert code.startswith("ZW")

        # 3. the central desk dispatches it to the item's window
        login(desk, live_url, "desk")
        desk.goto(live_url + "/zw/staff/desk/")
        row = desk.locator("#applications tr", has_text=code)
        expect(row).to_contain_text("已登记")
        row.get_by_role("link").click()
        expect(desk.locator("#case-status")).to_have_text("已登记")
        expect(desk.locator("#case-materials")).to_contain_text("章程.txt")
        desk.locator("#section-dispatch").get_by_role("button", name="分送窗口").click()
        expect(desk.locator("#case-status")).to_have_text("待受理")

        # 4. the window accepts; the limits start today
        login(window, live_url, "window")
        window.goto(live_url + "/zw/staff/window/")
        window.locator("#applications tr", has_text=code).get_by_role("link").click()
        expect(window.locator("#case-status")).to_have_text("待受理")
        window.locator("#section-accept").get_by_role("button", name="受理").click()
        expect(window.locator("#case-status")).to_have_text("审查中")
        expect(window.locator("#accepted-on")).to_be_visible()
        expect(window.locator("#case-letters")).to_contain_text("受理通知书")

        # 5. the citizen sees it accepted, with the letter
        citizen.goto(live_url + f"/zw/track/{code}/")
        expect(citizen.locator("#app-status")).to_have_text("审查中")
        expect(citizen.locator("#letters")).to_contain_text("受理通知书")
    finally:
        for context in contexts:
            context.close()
