"""Government services end to end in a real browser (issue #9, "Done when"), with parallel approval (并联审批).

A citizen finds the combined matter 投资项目并联审批 in the catalogue (its guide: the component items of three
departments, the joint limits) and applies online with scans → the central desk dispatches it to 发改局's window,
puts the key project in the green channel and assigns an agent (代办员) → the window issues the one-time notice →
the citizen uploads the missing materials online → the window accepts (the limits start that day: 并联办理中, one
task in each department) → 发改局's task is paused by an expert review (专家评审, §45) → the parallel tasks of
自然资源局 and 生态环境分局 finish (each department sees only its own task: another's is a 404) → the expert review
ends, 发改局 decides and issues the certificate → the case is back at the desk, which confirms 办结 → the citizen
sees it done, each department's task done, the agent named, and downloads the 行政许可决定书.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ITEM = "投资项目并联审批（核准、用地预审与选址、环评）"


def _scan(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def _finish_task(page, *, certificate: str) -> None:
    """The department's own task: review, grant, certificate (its page is open)."""
    page.locator("#section-complete_review").get_by_role("button", name="审查完毕").click()
    expect(page.locator("#task-status")).to_have_text("待决定")
    decide = page.locator("#section-decide")
    decide.get_by_label("决定").select_option("granted")
    decide.get_by_role("button", name="作出决定").click()
    expect(page.locator("#task-status")).to_have_text("制证中")
    section = page.locator("#section-issue_certificate")
    section.get_by_label("证照编号").fill(certificate)
    section.get_by_role("button", name="制证").click()
    expect(page.locator("#task-status")).to_have_text("已办结")


def test_combined_case_end_to_end(browser, live_url, login):
    names = ("citizen", "desk", "fgj", "zr", "hb")
    contexts = {n: browser.new_context(locale="zh-CN") for n in names}
    for context in contexts.values():
        context.set_default_timeout(20_000)
    citizen, desk, fgj, zr, hb = (contexts[n].new_page() for n in names)
    try:
        # 1. the catalogue and the combined matter's guide
        login(citizen, live_url, "13800138000")
        citizen.goto(live_url + "/zw/")
        citizen.get_by_role("searchbox", name="搜索事项").fill("并联审批")
        citizen.get_by_role("button", name="搜索").click()
        expect(citizen.locator("#item-count")).to_have_text("共 1 个事项")
        expect(citizen.locator("main")).to_contain_text("联办")
        citizen.get_by_role("link", name=ITEM).click()
        components = citizen.locator("#components")
        for name, department in (("企业投资项目核准", "随县发展和改革局"),
                                 ("建设项目用地预审与选址意见书核发", "随县自然资源和规划局"),
                                 ("建设项目环境影响报告表审批", "随州市生态环境局随县分局")):
            expect(components.locator("tr", has_text=name)).to_contain_text(department)
        expect(citizen.locator("#statutory-limit")).to_contain_text("联合办理45个工作日")
        expect(citizen.locator("#promised-limit")).to_contain_text("15个工作日")
        expect(citizen.locator("#materials")).to_contain_text("勘测定界图")

        # 2. online application with one set of scans (two materials still missing)
        citizen.get_by_role("link", name="网上申请").click()
        citizen.get_by_label("证件号码").fill("11010519491231002X")
        citizen.get_by_label("手机号码").fill("13800138000")
        citizen.get_by_label("项目名称").fill("随县炎帝故里文旅综合体")
        citizen.get_by_label("建设地点").fill("随县厉山镇")
        citizen.get_by_label("总投资（万元）").fill("58000")
        citizen.get_by_label("项目申请报告（原件，2份）").set_input_files(_scan("申请报告.txt", "项目申请报告"))
        citizen.get_by_label("环境影响报告表（原件，1份）").set_input_files(_scan("环评报告表.txt", "环境影响报告表"))
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen.get_by_role("heading", name="申请已提交")).to_be_visible()
        code = citizen.locator("#tracking-code").inner_text()

        # 3. the central desk: dispatch, green channel, agent
        login(desk, live_url, "desk")
        desk.goto(live_url + "/zw/staff/desk/")
        desk.locator("#applications tr", has_text=code).get_by_role("link").click()
        case_path = desk.url.removeprefix(live_url)
        expect(desk.locator("#case-materials")).to_contain_text("环评报告表.txt")
        desk.locator("#section-dispatch").get_by_role("button", name="分送窗口").click()
        expect(desk.locator("#case-status")).to_have_text("待受理")
        green = desk.locator("#section-set_green_channel")
        green.get_by_label("列入绿色通道（重点项目）").check()
        green.get_by_role("button", name="绿色通道").click()
        expect(desk.locator("#green-channel")).to_be_visible()
        agent = desk.locator("#section-assign_agent")
        agent.get_by_label("代办员").select_option(label="何代办（政务服务局）")
        agent.get_by_role("button", name="指定代办员").click()
        expect(desk.locator("#case-agent")).to_have_text("何代办")

        # 4. 发改局's window: the one-time notice of every missing material
        login(fgj, live_url, "clerk")
        fgj.goto(live_url + "/zw/staff/window/")
        row = fgj.locator("#applications tr", has_text=code)
        expect(row).to_contain_text("绿色通道")
        row.get_by_role("link").click()
        notice = fgj.locator("#section-notify_missing")
        notice.get_by_label("需补正的全部材料（每行一项）").fill("建设项目用地预审与选址申请表\n勘测定界图")
        notice.get_by_role("button", name="一次性告知").click()
        expect(fgj.locator("#case-status")).to_have_text("待补正")
        expect(fgj.locator("#case-letters")).to_contain_text("一次性告知书")

        # 5. the citizen uploads the missing materials online
        citizen.goto(live_url + f"/zw/track/{code}/")
        expect(citizen.locator("#app-status")).to_have_text("待补正")
        upload = citizen.locator("#upload-missing")
        upload.get_by_label("建设项目用地预审与选址申请表").set_input_files(_scan("预审申请表.txt", "用地预审申请"))
        upload.get_by_label("勘测定界图").set_input_files(_scan("定界图.txt", "勘测定界图"))
        upload.get_by_role("button", name="提交补正材料").click()
        expect(citizen.locator("main")).to_contain_text("补正材料已提交")
        expect(citizen.locator("#app-status")).to_have_text("待受理")
        complete_on = citizen.locator("#materials-complete-on").inner_text()

        # 6. the window accepts: 并联办理中, a task in each department, the limits from the day of completion
        fgj.goto(live_url + case_path)
        expect(fgj.locator("#case-materials")).to_contain_text("定界图.txt")
        fgj.locator("#section-accept").get_by_role("button", name="受理").click()
        expect(fgj.locator("#case-status")).to_have_text("并联办理中")
        expect(fgj.locator("#parallel-tasks tbody tr")).to_have_count(3)
        expect(fgj.locator("#parallel-tasks")).not_to_contain_text("已办结")
        expect(fgj.locator("#case-letters")).to_contain_text("受理通知书")
        citizen.reload()
        expect(citizen.locator("#app-status")).to_have_text("并联办理中")
        expect(citizen.locator("#accepted-on")).to_have_text(complete_on)

        # 7. 发改局's own task: an expert review (§45) pauses it
        fgj.locator("#parallel-tasks").get_by_role("link", name="企业投资项目核准").click()
        own_task = fgj.url
        expect(fgj.locator("#task-status")).to_have_text("审查中")
        special = fgj.locator("#section-start_special")
        special.get_by_label("特别程序").select_option("专家评审")
        special.get_by_label("所需时间（工作日）").fill("10")
        special.get_by_role("button", name="启动特别程序").click()
        expect(fgj.locator("#task-status")).to_have_text("特别程序中（专家评审）")

        # 8. the parallel tasks of the two other departments; each sees only its own
        for page, user, item, certificate in ((zr, "zr_clerk", "建设项目用地预审与选址意见书核发", "用字第2026099号"),
                                              (hb, "hb_clerk", "建设项目环境影响报告表审批", "随环审〔2026〕88号")):
            login(page, live_url, user)
            page.goto(live_url + "/zw/staff/tasks/")
            row = page.locator("#tasks tr", has_text=code)
            expect(row).to_contain_text("绿色通道")
            row.get_by_role("link", name=item).click()
            _finish_task(page, certificate=certificate)
            assert page.goto(own_task).status == 404  # 发改局's task
            assert page.goto(live_url + case_path).status == 404  # the case of the lead department

        # 9. the expert review ends; 发改局 decides and issues the certificate; the case returns to the desk
        fgj.goto(own_task)
        fgj.locator("#section-end_special").get_by_role("button", name="特别程序结束").click()
        expect(fgj.locator("#task-status")).to_have_text("审查中")
        _finish_task(fgj, certificate="随发改核〔2026〕17号")
        fgj.goto(live_url + case_path)
        expect(fgj.locator("#case-status")).to_have_text("已返回受理台")

        # 10. the desk confirms completion (办结)
        desk.goto(live_url + "/zw/staff/desk/")
        desk.locator("#applications tr", has_text=code).get_by_role("link").click()
        desk.locator("#section-complete").get_by_role("button", name="办结").click()
        expect(desk.locator("#case-status")).to_have_text("已办结")

        # 11. the citizen sees it done, every department's task, the agent, and downloads the decision
        citizen.reload()
        expect(citizen.locator("#app-status")).to_have_text("已办结")
        expect(citizen.locator("#agent")).to_contain_text("何代办")
        expect(citizen.locator("#parallel-tasks .task-status")).to_have_text(["已办结", "已办结", "已办结"])
        letter = citizen.locator("#letters li", has_text="行政许可决定书").first
        href = letter.get_by_role("link", name="下载").get_attribute("href")
        response = citizen.request.get(live_url + href)
        assert response.status == 200 and response.body()[:2] == b"PK"  # a .docx
        assert re.search(r"\.docx", response.headers.get("content-disposition", ""))
    finally:
        for context in contexts.values():
            context.close()
