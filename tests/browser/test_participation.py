"""点题公开 end to end in a real browser: an anonymous citizen proposes a topic → the disclosure office forwards it
to 发改局 (the feedback clock starts) → the 发改局 clerk drafts the answer, which waits for sign-off (签发) and is
not on the echo wall yet → the 发改局 reviewer signs it off → the echo wall shows topic and answer with the name
and personal data masked, and links to the published item the answer names; the 住建局 clerk cannot open the topic.
The page after applying shows the verification secret once (a reload does not), and code + secret open the
tracking page.
"""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESIDENT_ID = "11010519491231002X"
PHONE = "13912345678"


def test_topic_proposed_forwarded_answered_and_shown_masked(browser, live_url, login):
    suffix = secrets.token_hex(3)
    title = f"县城公交线路调整方案{suffix}"
    content = (f"希望公开县城公交线路调整的方案和听证意见。我的电话{PHONE}，"
               f"身份证号{RESIDENT_ID}，如需核实请联系我。")
    answer = f"公交线路调整方案已于本月在县政府网站公开，听证意见汇总将随最终方案一并公布（{suffix}）。"
    contexts = [browser.new_context(locale="zh-CN") for _ in range(5)]
    for context in contexts:
        context.set_default_timeout(20_000)
    citizen, head, clerk, clerk2, reviewer = (context.new_page() for context in contexts)
    try:
        # 1. an anonymous citizen proposes a topic; a bad phone number is refused first, nothing typed is lost
        citizen.goto(live_url + "/hd/")
        assert citizen.url == live_url + "/hd/echo-wall/"
        citizen.get_by_role("link", name="我要点题").click()
        expect(citizen.get_by_role("heading", name="我要点题")).to_be_visible()
        citizen.get_by_label("姓名").fill("欧阳明")
        citizen.get_by_label("手机号码").fill("1391234")
        citizen.get_by_label("点题标题").fill(title)
        citizen.get_by_label("希望公开的内容").fill(content)
        citizen.get_by_role("button", name="提交点题").click()
        expect(citizen.locator("main")).to_contain_text("手机号码无效：请填写11位中国大陆手机号码。")
        assert citizen.get_by_label("点题标题").input_value() == title
        assert citizen.get_by_label("希望公开的内容").input_value() == content
        citizen.get_by_label("手机号码").fill(PHONE)
        citizen.get_by_role("button", name="提交点题").click()
        expect(citizen.get_by_role("heading", name="点题已提交")).to_be_visible()
        reference = citizen.locator("[role=status] strong").inner_text()
        assert re.fullmatch(r"DT\d{10}", reference)
        tracking_code = citizen.locator("#tracking-code").inner_text()
        secret = citizen.locator("#verification-secret").inner_text()
        assert re.fullmatch(r"DTQ\d{4}-[A-Z2-9]{8}", tracking_code)
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", secret)
        # shown once: a reload keeps the code, never the secret
        citizen.reload()
        expect(citizen.locator("#secret-shown")).to_contain_text("验证码已在提交后显示过一次，不再显示。")
        expect(citizen.locator("#tracking-code")).to_have_text(tracking_code)
        expect(citizen.locator("#verification-secret")).to_have_count(0)
        assert secret not in citizen.content()
        # code + secret open the tracking page; a wrong secret is "not found"
        citizen.goto(live_url + "/hd/topics/track/")
        citizen.get_by_label("查询码").fill(tracking_code)
        citizen.get_by_label("验证码").fill("AAAA-BBBB-CCCC")
        citizen.get_by_role("button", name="查询").click()
        expect(citizen.locator("main")).to_contain_text("未找到该点题：查询码或验证码不正确。")
        citizen.get_by_label("查询码").fill(tracking_code)
        citizen.get_by_label("验证码").fill(secret)
        citizen.get_by_role("button", name="查询").click()
        expect(citizen.locator("#topic-status")).to_have_text("待转办")
        expect(citizen.get_by_role("heading", name=title)).to_be_visible()
        # not on the echo wall before it is answered
        citizen.goto(live_url + "/hd/echo-wall/")
        expect(citizen.get_by_role("heading", name=title)).to_have_count(0)

        # 2. the head of the disclosure office forwards it to 发改局
        login(head, live_url, "officehead")
        head.get_by_role("navigation").get_by_role("link", name="点题公开").click()
        assert head.url == live_url + "/hd/staff/topics/"
        head.get_by_label("状态", exact=True).select_option(label="待转办")
        head.get_by_role("button", name="筛选").click()
        row = head.locator("tbody tr", has_text=reference)
        expect(row).to_contain_text("待转办")
        row.get_by_role("link", name=title).click()
        expect(head.get_by_role("heading", name=title, level=1)).to_be_visible()
        facts = head.locator("dl.facts").inner_text()
        assert "欧阳明" in facts and PHONE in facts and "尚未转办" in facts
        head.get_by_label("承办部门").select_option(label="随县发展和改革局")
        head.get_by_label("转办意见").fill("请于时限内反馈并在回音壁答复。")
        head.get_by_role("button", name="转办并开始计时").click()
        expect(head.get_by_text("已转办，反馈时限已开始计算。")).to_be_visible()
        facts = head.locator("dl.facts").inner_text()
        assert "随县发展和改革局" in facts and "请于时限内反馈并在回音壁答复。" in facts
        expect(head.locator("dl.facts .deadline-chip")).to_be_visible()
        due = re.search(r"期限 (\d{4}-\d{2}-\d{2})", head.locator("dl.facts .deadline-chip").inner_text()).group(1)
        head.get_by_role("link", name="计算说明").click()
        expect(head.get_by_role("heading", name=f"点题反馈：{title}", level=1)).to_be_visible()
        clock_facts = head.locator("dl.facts").inner_text()
        assert "随县发展和改革局" in clock_facts and "个工作日" in clock_facts
        first_event = head.locator("main table tbody tr").first.locator("td").all_inner_texts()
        assert first_event[0] == "开始计时" and first_event[4] == due and first_event[6] == "点题转办"
        head.go_back()
        topic_path = head.url.removeprefix(live_url)
        assert re.fullmatch(r"/hd/staff/topics/\d+/", topic_path)

        # 3. the 住建局 clerk cannot open it
        login(clerk2, live_url, "clerk2")
        response = clerk2.goto(live_url + topic_path)
        assert response.status == 404
        expect(clerk2.get_by_role("heading", name="页面不存在")).to_be_visible()
        assert title not in clerk2.content()
        clerk2.goto(live_url + "/hd/staff/topics/")
        expect(clerk2.get_by_text(reference)).to_have_count(0)

        # 4. the 发改局 clerk finds it in the list and answers
        login(clerk, live_url, "clerk")
        clerk.goto(live_url + "/hd/staff/topics/")
        row = clerk.locator("tbody tr", has_text=reference)
        expect(row).to_contain_text("随县发展和改革局")
        expect(row).to_contain_text(due)
        row.get_by_role("link", name=title).click()
        expect(clerk.get_by_role("heading", name="办理反馈")).to_be_visible()
        clerk.get_by_role("button", name="提交办理结果（报签发）").click()  # nothing chosen: Chinese errors
        expect(clerk.locator("main")).to_contain_text("请选择办理结果。")
        clerk.get_by_label("予以公开", exact=True).check()
        clerk.get_by_label("答复内容 / 不予公开理由").fill(answer)
        item_select = clerk.get_by_label("所公开的信息（可选）")
        expect(item_select.locator("option")).not_to_have_count(1)  # the department's published items
        item_select.select_option(index=1)
        item_label = item_select.locator("option:checked").inner_text()
        item_title = item_label.split(" ", 1)[1]
        clerk.get_by_role("button", name="提交办理结果（报签发）").click()
        expect(clerk.get_by_text("办理结果已拟定，待签发后告知点题人。")).to_be_visible()
        expect(clerk.locator("#draft-action")).to_have_text("予以公开")
        expect(clerk.locator("#draft-publication-item")).to_have_text(item_label)
        expect(clerk.get_by_role("heading", name="办理反馈")).to_have_count(0)
        expect(clerk.locator("#topic-sign-off")).to_have_count(0)  # the drafter does not sign off
        # not on the echo wall while it waits for sign-off
        citizen.goto(live_url + "/hd/echo-wall/")
        expect(citizen.get_by_role("heading", name=title)).to_have_count(0)

        # 4b. the 发改局 reviewer finds it on the workbench and signs it off
        login(reviewer, live_url, "reviewer")
        reviewer.goto(live_url + "/workbench/")
        reviewer.get_by_role("link", name="待我签发的点题答复").click()
        reviewer.locator("tbody tr", has_text=reference).get_by_role("link", name=title).click()
        reviewer.get_by_label("签发意见（选填）").fill("同意")
        reviewer.get_by_role("button", name="签发", exact=True).click()
        expect(reviewer.get_by_text("已签发，办理结果已告知点题人。")).to_be_visible()
        expect(reviewer.get_by_role("heading", name="答复", exact=True)).to_be_visible()
        expect(reviewer.locator("#publication-item")).to_contain_text(item_title)
        expect(reviewer.locator("#signed-off")).to_contain_text("刘审核")
        preview = reviewer.locator("section[aria-labelledby=wall-preview]").inner_text()
        assert "点题人：欧**" in preview and RESIDENT_ID not in preview

        # 5. the echo wall shows topic and answer, masked
        citizen.goto(live_url + "/hd/echo-wall/")
        entry = citizen.locator("article", has=citizen.get_by_role("heading", name=title))
        expect(entry).to_have_count(1)
        text = entry.inner_text()
        assert "点题人：欧**" in text and f"编号 {reference}" in text and "承办：随县发展和改革局" in text
        assert answer in text
        assert "110105********002X" in text and "139****5678" in text
        # the entry links to the published item it answered; the link opens its public page
        entry.get_by_role("link", name=item_title).click()
        expect(citizen.get_by_role("heading", name=item_title, level=1)).to_be_visible()
        assert "/gk/i/" in citizen.url
        citizen.goto(live_url + "/hd/echo-wall/")
        html = citizen.content()
        for raw in (RESIDENT_ID, PHONE, "欧阳明"):
            assert raw not in html
    finally:
        for context in contexts:
            context.close()


def test_topic_form_requires_its_fields_in_chinese(nojs_page, live_url):
    page = nojs_page
    page.goto(live_url + "/hd/topics/new/")
    page.get_by_label("姓名").fill("李四")
    page.get_by_role("button", name="提交点题").click()
    text = page.locator("main").inner_text()
    for message in ("请填写手机号码。", "请填写点题标题。", "请填写希望公开的内容。"):
        assert message in text
    assert page.get_by_label("姓名").input_value() == "李四"
