"""The hotline's knowledge base and the operator's call screen in a real browser (issue #10):

- 住建局's clerk writes a knowledge-base entry and submits it; the office head publishes it; a citizen finds it on
  the public page /rx/kb/;
- the call-centre system pushes a call (signed CTI webhook) to the demo operator's seat 8001; the call screen
  picks it up (htmx polling, no inline script), the number fills in, the caller's history shows; the text typed
  brings duplicate suggestions and knowledge-base answers beside the form; the operator answers the consultation
  from the entry and the ticket is closed on the spot, recording the entry.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from sunshine.hotline.gateways import sign

pytestmark = pytest.mark.browser


def _push_call(live_url: str, caller: str) -> None:
    body = json.dumps({"call_id": f"b-{secrets.token_hex(4)}", "seat": "8001", "caller": caller}).encode()
    ts = str(int(time.time()))
    request = urllib.request.Request(live_url + "/rx/hooks/cti/", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Hotline-Timestamp": ts,
        "X-Hotline-Signature": sign("demo-cti-secret", ts, body)})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def test_kb_entry_reviewed_published_and_found_by_citizens(browser, live_url, login):
    suffix = secrets.token_hex(2)
    question = f"燃气表不走字怎么办{suffix}"
    contexts = [browser.new_context(locale="zh-CN") for _ in range(3)]
    clerk, head, citizen = (c.new_page() for c in contexts)
    try:
        login(clerk, live_url, "clerk2")
        clerk.goto(live_url + "/rx/staff/kb/")
        clerk.get_by_role("link", name="新建条目").click()
        clerk.get_by_label("问题").fill(question)
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.locator("main")).to_contain_text("请填写解答")  # nothing typed is lost
        assert clerk.get_by_label("问题").input_value() == question
        clerk.get_by_label("解答").fill("请拨打燃气公司客服电话报修，工作人员上门检查燃气表，不收上门费。")
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.locator("#kb-status")).to_have_text("草稿")
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.locator("#kb-status")).to_have_text("待审核")
        expect(clerk.get_by_role("button", name="审核发布")).to_have_count(0)  # no review of one's own entry
        entry_url = clerk.url

        login(head, live_url, "officehead")
        head.goto(entry_url)
        head.get_by_role("button", name="审核发布").click()
        expect(head.locator("#kb-status")).to_have_text("已发布")

        citizen.goto(live_url + "/rx/kb/")
        citizen.get_by_role("searchbox", name="检索").fill(f"不走字怎么办{suffix}")
        citizen.get_by_role("button", name="检索").click()
        expect(citizen.locator("#kb-count")).to_contain_text("共找到 1 条")
        citizen.get_by_role("link", name=question).click()
        expect(citizen.locator("#kb-answer")).to_contain_text("不收上门费")
    finally:
        for c in contexts:
            c.close()


def test_call_screen_picks_up_the_call_and_closes_a_consultation_from_the_kb(page, live_url, login):
    refused: list[str] = []  # the polling and the panels run under the CSP (no inline script or style)
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    login(page, live_url, "hotline")
    page.goto(live_url + "/rx/staff/call/")
    expect(page.get_by_role("heading", name="来电受理")).to_be_visible()
    _push_call(live_url, "13971110012")  # a demo caller whose street-light complaint is still open
    page.locator("#take-call").click(timeout=20_000)  # appears with the next poll
    assert page.get_by_label("来电号码 / 联系电话").input_value() == "13971110012"
    expect(page.locator("#caller-history")).to_contain_text("路灯白天亮晚上不亮")
    # typing the text brings the duplicate suggestions and the knowledge base (htmx, no page reload)
    page.get_by_label("标题").fill("路灯不亮")
    page.get_by_label("诉求内容").fill("随州大道那一段的路灯还是白天亮着晚上不亮，上次反映后还没修好，浪费电。")
    expect(page.locator("#duplicate-panel")).to_contain_text("同一来电人")
    # the first refresh with a text also loads the department suggester into the server process (scikit-learn):
    # seconds on a busy machine
    expect(page.locator("#duplicate-panel")).to_contain_text("内容相似", timeout=30_000)
    expect(page.locator("#department-suggestions")).to_contain_text("推荐承办部门")
    expect(page.locator("#kb-panel")).to_contain_text("路灯不亮找谁修")
    # a consultation answered from the knowledge base: closed on the spot
    page.get_by_label("检索知识库").fill("公租房")
    hit = page.locator(".kb-hit").filter(has_text="公租房怎么申请")
    expect(hit).to_be_visible()
    page.get_by_label("诉求类型").select_option(label="咨询")
    page.get_by_label("标题").fill("公租房申请条件")
    page.get_by_label("诉求内容").fill("我在县城打工，想问一下公租房怎么申请，需要什么条件？")
    hit.get_by_role("button", name="解答并直接办结").click()
    expect(page.locator("#ticket-status")).to_have_text("已办结")
    expect(page.locator("#kb-answer")).to_contain_text("公租房怎么申请")
    expect(page.get_by_role("status")).to_contain_text("已用知识库解答并直接办结")
    assert refused == []


def test_departments_have_no_call_screen(page, live_url, login):
    login(page, live_url, "clerk2")
    response = page.goto(live_url + "/rx/staff/call/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("仅限热线办话务员")
