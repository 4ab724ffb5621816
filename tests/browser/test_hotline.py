"""The hotline end to end in a real browser (issue #10's story, as far as built): a citizen writes to the 县长信箱 →
the operator sees the dispatch catalogue's suggestion and dispatches to the wrong department (发改局) → 发改局
returns it within the window → the office reassigns it to 住建局 with 县政府办 assisting → 住建局 signs, contacts
the citizen and replies → the office approves; callback: unsatisfied → reopened → replied → approved → callback:
satisfied → closed → the letter appears on the 县长信箱 page with the writer's name and phone masked.
"""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = "13912345678"


def test_letter_dispatched_returned_reassigned_replied_reopened_and_published(browser, live_url, login):
    suffix = secrets.token_hex(3)
    title = f"神农社区门口路灯不亮{suffix}"
    content = f"我叫欧阳明，电话{PHONE}。厉山镇神农社区门口的路灯坏了十多天，晚上出行很不安全，请尽快维修。"
    contexts = [browser.new_context(locale="zh-CN") for _ in range(4)]
    for context in contexts:
        context.set_default_timeout(20_000)
    citizen, office, fgj, zjj = (context.new_page() for context in contexts)
    try:
        # 1. the citizen writes to the 县长信箱; a complaint without a phone number is refused, nothing typed is lost
        citizen.goto(live_url + "/rx/")
        citizen.get_by_role("link", name="县长信箱", exact=True).click()
        expect(citizen.get_by_role("heading", name="县长信箱", exact=True)).to_be_visible()
        citizen.get_by_role("link", name="我要写信").first.click()
        citizen.get_by_label("诉求类型").select_option(label="投诉")
        citizen.get_by_label("标题").fill(title)
        citizen.get_by_label("诉求内容").fill(content)
        citizen.get_by_role("textbox", name="姓名").fill("欧阳明")
        citizen.get_by_label("同意在信箱页面公开").check()
        citizen.get_by_role("button", name="提交").click()
        expect(citizen.locator("main")).to_contain_text("投诉须留下联系电话")
        assert citizen.get_by_label("标题").input_value() == title
        citizen.get_by_label("手机号码").fill(PHONE)
        citizen.get_by_role("button", name="提交").click()
        expect(citizen.get_by_role("heading", name="来信已受理")).to_be_visible()
        code = citizen.locator("#tracking-code").inner_text()
        assert code.startswith("RX")

        # 2. the operator: the catalogue suggests 住建局; she dispatches to 发改局 (wrong)
        login(office, live_url, "hotline")
        office.goto(live_url + "/rx/staff/")
        office.get_by_role("link", name=title).click()
        expect(office.locator("#catalogue-matches")).to_contain_text("城市路灯维修 → 随县住房和城乡建设局")
        dispatch = office.locator("#section-dispatch")
        expect(dispatch.get_by_label("主办部门").locator("option:checked")).to_have_text("随县住房和城乡建设局")
        dispatch.get_by_label("主办部门").select_option(label="随县发展和改革局")
        dispatch.get_by_role("button", name="派单").click()
        expect(office.locator("#ticket-status")).to_have_text("待签收")
        case_url = office.url

        # 3. 发改局 returns it with a reason (within 2 working days)
        login(fgj, live_url, "clerk")
        fgj.goto(live_url + "/rx/staff/department/")
        fgj.get_by_role("link", name=title).click()
        fgj.locator("#section-return").get_by_label("理由").fill("路灯维修属住建局职责，请改派。")
        fgj.locator("#section-return").get_by_role("button", name="退单").click()
        expect(fgj.locator("#ticket-status")).to_have_text("退单待审")

        # 4. the office reassigns to 住建局 with 县政府办 assisting; 发改局 no longer sees it
        office.goto(case_url)
        reassign = office.locator("#section-reassign")
        reassign.get_by_label("改派至").select_option(label="随县住房和城乡建设局")
        reassign.get_by_label("协办部门（可多选）").select_option(label="随县人民政府办公室")
        reassign.get_by_role("button", name="改派").click()
        expect(office.locator("#lead-department")).to_have_text("随县住房和城乡建设局")
        expect(office.locator("#assignments")).to_contain_text("退单理由成立")
        expect(office.locator("#assignments")).to_contain_text("协办")
        assert fgj.goto(case_url).status == 404

        # 5. 住建局 signs, contacts the citizen first, replies
        login(zjj, live_url, "clerk2")
        zjj.goto(case_url)
        zjj.locator("#section-sign_for").get_by_role("button", name="签收").click()
        expect(zjj.locator("#ticket-status")).to_have_text("办理中")
        zjj.locator("#section-contact").get_by_label("联系情况").fill("已电话联系欧阳先生，约定现场查看。")
        zjj.locator("#section-contact").get_by_role("button", name="先行联系").click()
        expect(zjj.locator("main")).to_contain_text("已登记先行联系")
        zjj.locator("#section-reply").get_by_label("答复内容").fill("已更换灯泡，路灯恢复照明。")
        zjj.locator("#section-reply").get_by_role("button", name="答复").click()
        expect(zjj.locator("#ticket-status")).to_have_text("答复待审")

        # 6. the office approves; callback: unsatisfied → reopened once
        office.goto(case_url)
        office.locator("#section-approve_reply").get_by_role("button", name="审核通过").click()
        expect(office.locator("#ticket-status")).to_have_text("待回访")
        callback = office.locator("#section-callback")
        callback.get_by_label("未解决", exact=True).check()
        callback.get_by_label("不满意", exact=True).check()
        callback.get_by_label("回访记录").fill("群众反映第二天又不亮了。")
        callback.get_by_role("button", name="回访").click()
        expect(office.locator("#callbacks")).to_contain_text("不满意")
        office.locator("#section-reopen").get_by_label("理由").fill("回访不满意：路灯仍不亮。")
        office.locator("#section-reopen").get_by_role("button", name="重办").click()
        expect(office.locator("#ticket-status")).to_have_text("办理中")

        # 7. 住建局 replies again; approved; callback satisfied → closed
        zjj.goto(case_url)
        zjj.locator("#section-reply").get_by_label("答复内容").fill("已更换老化线路，连续三晚巡查均正常照明。")
        zjj.locator("#section-reply").get_by_label("问题已解决").check()
        zjj.locator("#section-reply").get_by_role("button", name="答复").click()
        expect(zjj.locator("#ticket-status")).to_have_text("答复待审")
        office.goto(case_url)
        office.locator("#section-approve_reply").get_by_role("button", name="审核通过").click()
        callback = office.locator("#section-callback")
        callback.get_by_label("已解决", exact=True).check()
        callback.get_by_label("满意", exact=True).check()
        callback.get_by_role("button", name="回访").click()
        expect(office.locator("#ticket-status")).to_have_text("已办结")

        # 8. the citizen's tracking page shows the replies; the mailbox page shows the letter, masked
        citizen.goto(f"{live_url}/rx/track/{code}/")
        expect(citizen.locator("#status")).to_have_text("已办结")
        expect(citizen.locator("main")).to_contain_text("已更换老化线路")
        citizen.goto(live_url + "/rx/xzxx/")
        letter = citizen.locator(f"#letter-{code}")
        expect(letter).to_contain_text("已更换老化线路，连续三晚巡查均正常照明。")
        expect(letter).to_contain_text("欧**")
        expect(letter).to_contain_text("139****5678")
        expect(letter).not_to_contain_text("欧阳明")
        expect(letter).not_to_contain_text(PHONE)
    finally:
        for context in contexts:
            context.close()
