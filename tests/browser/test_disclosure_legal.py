"""Issue #8, "Done when": a refusal end to end in a real browser, with the legal steps of items 1–8 on the way.

An application for inspection (当场查阅) arrives online → the clerk asks for a supplement and records the
applicant's paper supplement (登记纸质补正) → a per-page fee is refused (inspection copies nothing) → a third party is
consulted by post and its signed-for day recorded (登记送达日期: its 15 working days start then) → it objects →
a disclosure is refused without the Art. 32 notice → the applicant is asked to state reasons (Art. 35) → the clerk
drafts a refusal (不予公开：保护第三方合法权益), the reviewer signs it off (签发) → the reply letter tells the
applicant to apply for administrative review first, naming the county government, and not to sue directly
(行政复议法 2023 art. 23).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESIDENT_ID = "11010519491231002X"


def _local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _open_action(page, action: str):
    form = page.locator(f"#action-{action}")
    form.locator("xpath=ancestor::details[1]/summary").click()
    return form


def _apply_online(live_url: str) -> str:
    body = json.dumps({"department": "fgj", "applicant_name": "刘复议", "applicant_type": "natural_person",
                       "id_number": RESIDENT_ID, "phone": "13900000002", "address": "随县厉山镇",
                       "description": "请提供某某商贸公司的招标投标文件", "form": "inspection",
                       "delivery": "pickup"}).encode()
    request = urllib.request.Request(f"{live_url}/api/v1/disclosure-requests/", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["tracking_code"]


def test_a_refusal_end_to_end_with_the_remedy_sentence(page, browser, live_url, login):
    today = _local_today()
    code = _apply_online(live_url)
    login(page, live_url, "clerk")
    page.goto(f"{live_url}/ysq/staff/?q={code}")
    page.get_by_role("link", name=code).click()
    case_url = page.url.split("#")[0]

    # supplement asked, then received on paper and recorded by the clerk (the default 经办人 role may)
    form = _open_action(page, "request_supplement")
    form.get_by_label("需要补正的事项（逐项列明）").fill("请写明招标项目名称")
    form.get_by_role("button").click()
    expect(page.locator("#case-status")).to_have_text("待补正")
    form = _open_action(page, "record_supplement")
    form.get_by_label("补正内容（纸质补正）").fill("随县城区道路改造工程招标项目")
    form.get_by_label("收到补正日期（邮寄为签收日期；留空为今天）").fill(today.isoformat())
    form.get_by_role("button").click()
    expect(page.locator("#case-status")).to_have_text("办理中")
    expect(page.locator("main")).to_contain_text("随县城区道路改造工程招标项目")

    # a per-page fee on a request for inspection is refused (109号 art. 5)
    form = _open_action(page, "issue_fee_notice")
    form.get_by_label("收费方式").select_option("per_page")
    form.get_by_label("页数（按量计收）").fill("150")
    form.get_by_role("button").click()
    expect(page.locator("main")).to_contain_text("当场查阅，不能按页收费")
    expect(page.locator("#case-status")).to_have_text("办理中")

    # the third party is consulted by post; its 15 working days start on the signed-for day
    page.goto(case_url)
    form = _open_action(page, "start_consultation")
    form.get_by_label("对象类型").select_option("third_party")
    form.get_by_label("被征求意见方").fill("随县某商贸公司")
    form.get_by_label("征求意见函送达方式").select_option("post")
    form.get_by_role("button").click()
    expect(page.locator("#case-status")).to_have_text("征求意见中")
    expect(page.locator("#consultations")).to_contain_text("送达日期待登记")
    delivery = page.locator("form[id^=action-record-delivery-]")
    delivery.get_by_label("签收日期").fill(today.isoformat())
    delivery.get_by_role("button").click()
    expect(page.locator("#consultations")).to_contain_text(f"{today:%Y-%m-%d} 送达")
    expect(page.locator("form[id^=action-record-delivery-]")).to_have_count(0)

    # it objects; a disclosure now needs the written notice first (Art. 32)
    answer = page.locator("form[id^=action-answer-]")
    answer.locator("select[name=answer]").select_option("objection")
    answer.get_by_role("button").click()
    expect(page.locator("#case-status")).to_have_text("办理中")
    expect(page.locator("form[id^=action-notify-third-party-]")).to_have_count(1)
    form = _open_action(page, "draft_reply")  # even a draft is checked by the reply's rules
    form.get_by_label("答复结果").select_option("disclosed")
    form.get_by_role("button", name="拟定答复（报签发）").click()
    expect(page.locator("main")).to_contain_text("应当在答复前将决定公开的内容和理由书面告知第三方")
    expect(page.locator("#case-status")).to_have_text("办理中")

    # Art. 35: asking for reasons opens the second half of the step (the reply clock keeps running)
    page.goto(case_url)
    form = _open_action(page, "ask_reasons")
    form.get_by_label("说明理由的期限（工作日）").fill("10")
    form.get_by_role("button").click()
    expect(page.locator("main")).to_contain_text("要求说明理由")
    expect(page.locator("#action-record_reasons")).to_have_count(1)
    expect(page.locator("#action-ask_reasons")).to_have_count(0)

    # the refusal: the clerk drafts it (拟定答复), it waits for sign-off (签发), no letter is issued yet
    expect(page.locator("#action-reply")).to_have_count(0)  # no direct reply: every reply is signed off
    form = _open_action(page, "draft_reply")
    form.get_by_label("答复结果").select_option("refused_third_party")
    form.get_by_label("答复内容（理由、依据、获取方式）").fill("该信息涉及第三方商业秘密，第三方不同意公开。")
    form.get_by_role("button", name="拟定答复（报签发）").click()
    expect(page.locator("#case-status")).to_have_text("待签发")
    expect(page.locator("#case-outcome")).to_have_count(0)
    expect(page.locator("#action-sign_off")).to_have_count(0)  # the clerk cannot sign off
    expect(page.locator("#documents a[aria-label='政府信息公开申请答复书（打印版）']")).to_have_count(0)

    # the department's reviewer signs it off in the browser; the reply letter is issued
    reviewer = browser.new_context(locale="zh-CN")
    reviewer.set_default_timeout(15_000)
    rp = reviewer.new_page()
    try:
        login(rp, live_url, "reviewer")
        rp.goto(case_url)
        form = _open_action(rp, "sign_off")
        form.get_by_label("签发意见（选填）").fill("同意")
        form.get_by_role("button", name="签发").click()
        expect(rp.locator("#case-outcome")).to_contain_text("保护第三方合法权益")
        expect(rp.locator("#signed-off")).to_contain_text("刘审核")
    finally:
        reviewer.close()

    # the letter: review first, naming the county government, no direct suit
    page.goto(case_url)
    expect(page.locator("#case-outcome")).to_contain_text("保护第三方合法权益")
    letter = page.locator("#documents a[aria-label='政府信息公开申请答复书（打印版）']")
    page.goto(live_url + letter.get_attribute("href"))
    remedy = page.locator("[data-remedy]")
    expect(remedy).to_have_attribute("data-remedy", "review_first")
    expect(remedy).to_contain_text("可以自收到本答复书之日起六十日内向随县人民政府申请行政复议")
    expect(remedy).to_contain_text("应当先申请行政复议，不能直接向人民法院提起行政诉讼")
    expect(remedy).not_to_contain_text("六个月内")
