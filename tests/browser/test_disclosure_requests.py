"""Issue 4, "Done when": one disclosure request end to end in a real browser against a real server.

citizen applies → clerk asks for a supplement → citizen supplements on the tracking page (new 20-working-day
limit from that day) → a third party is consulted (clock paused) → the head of the disclosure office approves an
extension → the clerk drafts a partial disclosure with the released part attached, which waits for sign-off (签发)
(issue 12: the citizen sees nothing released yet) → the department's reviewer finds it on the workbench and signs
it off → the citizen downloads the released file and the reply letter from the tracking page → the request table
counts it under （二）部分公开 in the natural-person column.

Also: 200-style concurrency in miniature — the same Idempotency-Key sent at once from several threads against
the real server stores one request with one receipt letter (its .docx built after commit), tracked with the secret
in the X-Verification-Secret header (`?secret=` is refused).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESIDENT_ID = "11010519491231002X"


def _local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _partial_cell(page, live_url: str, year: int) -> int:
    page.goto(f"{live_url}/ysq/staff/report/?year={year}&department=fgj")
    return int(page.locator('tr[data-row="partially_disclosed"] td').first.inner_text().strip())


def _open_action(page, action: str):
    form = page.locator(f"#action-{action}")
    form.locator("xpath=ancestor::details[1]/summary").click()
    return form


def test_disclosure_request_end_to_end(browser, live_url, login):
    from sunshine.workcalendar.calc import WorkCalendar

    today = _local_today()
    calendar = WorkCalendar()
    citizen = browser.new_context(locale="zh-CN")
    clerk = browser.new_context(locale="zh-CN")
    head = browser.new_context(locale="zh-CN")
    reviewer = browser.new_context(locale="zh-CN")
    for context in (citizen, clerk, head, reviewer):
        context.set_default_timeout(20_000)
    cp, kp, hp, rp = citizen.new_page(), clerk.new_page(), head.new_page(), reviewer.new_page()
    try:
        login(hp, live_url, "officehead")
        before = _partial_cell(hp, live_url, today.year)

        # 1. the citizen applies (name and phone prefilled from the account)
        login(cp, live_url, "13800138000")
        cp.goto(f"{live_url}/ysq/apply/")
        assert cp.get_by_label("申请人姓名/名称").input_value() == "张三"
        cp.get_by_label("受理机关").select_option("fgj")
        cp.get_by_label("申请人类型").select_option("natural_person")
        cp.get_by_label("证件号码").fill(RESIDENT_ID)
        cp.get_by_label("通信地址").fill("随县厉山镇神农大道1号")
        cp.get_by_label("所需政府信息的名称、文号或特征描述").fill("请公开某某路改造工程的立项批复")
        cp.get_by_role("button", name="提交申请").click()
        code = cp.locator("#tracking-code").inner_text().strip()
        assert code.startswith(f"YSQ{today.year}-") or code.startswith(f"YSQ{today.year + 1}-")
        assert cp.locator("#verification-secret").inner_text().strip()
        # the receipt's .docx is built after commit (in-process without Redis): ready by the time the page shows
        cp.get_by_role("link", name="查看办理进度").click()
        expect(cp.locator("#documents a", has_text="政府信息公开申请接收回执")).to_have_count(1)
        expect(cp.locator("#documents")).not_to_contain_text("生成中")

        # 2. the clerk of fgj asks for a supplement
        login(kp, live_url, "clerk")
        kp.goto(f"{live_url}/ysq/staff/?q={code}")
        kp.get_by_role("link", name=code).click()
        case_url = kp.url.split("#")[0]
        form = _open_action(kp, "request_supplement")
        form.get_by_label("需要补正的事项（逐项列明）").fill("请写明批复的文号或年份")
        form.get_by_label("补正期限（工作日）").fill("10")
        form.get_by_role("button").click()
        expect(kp.locator("#case-status")).to_have_text("待补正")

        # 3. the citizen supplements on the tracking page: the reply limit restarts from that day
        cp.goto(f"{live_url}/ysq/track/{code}/")
        expect(cp.locator("#supplement")).to_contain_text("请写明批复的文号或年份")
        cp.get_by_label("补正内容").fill("随发改审批〔2025〕18号")
        cp.get_by_role("button", name="提交补正").click()
        expect(cp.locator("#status-label")).to_have_text("办理中")
        received = max(today, calendar.next_working_day(today))  # online on a holiday: received the next working day
        restarted_due = calendar.add_working_days(max(today, received), 20).date
        due_text = f"{restarted_due:%Y年}{restarted_due.month}月{restarted_due.day}日"
        expect(cp.locator("#reply-due")).to_contain_text(due_text)

        # 4. a third party is consulted: the reply clock is paused
        kp.goto(case_url)
        form = _open_action(kp, "start_consultation")
        form.get_by_label("对象类型").select_option("third_party")
        form.get_by_label("被征求意见方").fill("随县某建筑公司")
        form.get_by_role("button").click()
        expect(kp.locator("#case-status")).to_have_text("征求意见中")
        expect(kp.locator("#clocks")).to_contain_text("已暂停")

        # 5. the head of the disclosure office approves an extension (the clerk cannot)
        hp.goto(case_url)
        form = _open_action(hp, "approve_extension")
        form.get_by_label("延长工作日数").fill("20")
        form.get_by_label("延期理由").fill("需调取历史档案")
        form.get_by_role("button").click()
        expect(hp.locator("main")).to_contain_text("延期")
        expect(hp.locator("main")).to_contain_text("20 个工作日")
        kp.goto(case_url)
        expect(kp.locator("#action-approve_extension")).to_have_count(0)

        # the third party answers; the clock resumes
        answer = kp.locator("form[id^=action-answer-]")
        answer.locator("select[name=answer]").select_option("objection")
        answer.get_by_role("button").click()
        expect(kp.locator("#case-status")).to_have_text("办理中")

        # 6. the clerk drafts a partial disclosure with the released part attached: it waits for sign-off
        expect(kp.locator("#action-reply")).to_have_count(0)  # no direct reply: every reply is signed off
        form = _open_action(kp, "draft_reply")
        form.get_by_label("答复结果").select_option("partially_disclosed")
        form.get_by_label("答复内容（理由、依据、获取方式）").fill("现提供可以公开的部分")
        form.get_by_label("不予公开部分的理由（部分公开时填写）").fill("涉及第三方商业秘密（条例第十五条）")
        form.get_by_label("提供的信息（附件，可多选）").set_input_files(
            files=[{"name": "公开部分.txt", "mimeType": "text/plain", "buffer": "立项批复（公开部分）".encode()}])
        form.get_by_role("button", name="拟定答复（报签发）").click()
        expect(kp.locator("#case-status")).to_have_text("待签发")
        expect(kp.locator("#draft-outcome")).to_have_text("部分公开")
        expect(kp.locator("#case-outcome")).to_have_count(0)
        expect(kp.locator("#action-sign_off")).to_have_count(0)  # the clerk cannot sign off
        # the reply clock keeps running while the draft waits
        expect(kp.locator("#reply-clock")).not_to_contain_text("已暂停")
        # nothing is released to the citizen yet
        cp.goto(f"{live_url}/ysq/track/{code}/")
        expect(cp.locator("#status-label")).to_have_text("待签发")
        expect(cp.locator("#released-files")).to_have_count(0)

        # 6b. the department's reviewer finds it on the workbench and signs it off
        login(rp, live_url, "reviewer")
        rp.goto(f"{live_url}/workbench/")
        rp.get_by_role("link", name=f"待签发：{code} 部分公开").click()
        expect(rp.locator("#draft")).to_contain_text("公开部分.txt")
        form = _open_action(rp, "sign_off")
        form.get_by_label("签发意见（选填）").fill("同意")
        form.get_by_role("button", name="签发").click()
        expect(rp.locator("#case-outcome")).to_have_text("部分公开")
        expect(rp.locator("#signed-off")).to_contain_text("刘审核")
        # staff open every document of the case: the released file, and the printable delivery list
        expect(rp.locator("#documents a", has_text="公开部分.txt")).to_have_count(1)
        rp.goto(f"{case_url}print/")
        expect(rp.locator("#print-released")).to_contain_text("公开部分.txt")

        # 7. the citizen downloads the released file and the reply letter from the tracking page
        cp.goto(f"{live_url}/ysq/track/{code}/")
        expect(cp.locator("#outcome")).to_contain_text("部分公开")
        released = cp.locator("#released-files a", has_text="公开部分.txt")
        expect(released).to_have_count(1)
        with cp.expect_download() as download_info:
            released.click()
        download = download_info.value
        assert download.suggested_filename == "公开部分.txt"
        assert download.path().read_text(encoding="utf-8") == "立项批复（公开部分）"
        link = cp.locator("#documents a", has_text="答复书").first
        with cp.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".docx")
        assert download.path().stat().st_size > 1000

        # 8. the request table counts it under （二）部分公开, natural-person column
        assert _partial_cell(hp, live_url, today.year) == before + 1
    finally:
        citizen.close()
        clerk.close()
        head.close()
        reviewer.close()


def test_same_idempotency_key_concurrently_stores_one(live_url):
    body = json.dumps({"applicant_name": "并发测试", "applicant_type": "natural_person", "id_number": RESIDENT_ID,
                       "phone": "13900000001", "address": "随县", "description": "并发提交同一份申请的测试",
                       "form": "electronic", "delivery": "online"}).encode()
    results, barrier = [], threading.Barrier(6)

    def post():
        request = urllib.request.Request(f"{live_url}/api/v1/disclosure-requests/", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Idempotency-Key": "e2e-race"})
        barrier.wait()
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
            results.append((response.status, answer["tracking_code"], answer["verification_secret"]))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 6
    assert sorted(status for status, _, _ in results) == [200] * 5 + [201]
    assert len({code for _, code, _ in results}) == 1

    # one receipt letter, its .docx attached after the winner's commit; the secret travels in a header only
    _, code, secret = results[0]
    track = urllib.request.Request(f"{live_url}/api/v1/disclosure-requests/{code}",
                                   headers={"X-Verification-Secret": secret})
    with urllib.request.urlopen(track, timeout=30) as response:
        documents = json.loads(response.read())["documents"]
    assert [(d["kind"], d["ready"]) for d in documents] == [("receipt", True)]
    letter = urllib.request.Request(f"{live_url}{documents[0]['download_url']}",
                                    headers={"X-Verification-Secret": secret})
    with urllib.request.urlopen(letter, timeout=30) as response:
        assert response.read(2) == b"PK"  # a .docx is a zip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{live_url}/api/v1/disclosure-requests/{code}?secret={secret}", timeout=30)
    assert refused.value.code == 400
    assert "X-Verification-Secret" in json.loads(refused.value.read())["detail"]
