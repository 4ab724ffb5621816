"""Letters (依申请公开文书): every kind and every reply outcome renders, in HTML and .docx, with the law cited."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from sunshine.disclosure_requests import letters
from sunshine.disclosure_requests.outcomes import Outcome

D = dt.date
TODAY = D(2025, 3, 20)

# outcome → a sentence its reply letter must contain (the legal basis)
REPLY_BASIS = {
    Outcome.DISCLOSED: "第三十六条第（二）项",
    Outcome.ALREADY_PUBLISHED: "第三十六条第（一）项",
    Outcome.PARTIALLY_DISCLOSED: "第三十七条",
    Outcome.REFUSED_STATE_SECRET: "已依法确定为国家秘密。根据《中华人民共和国政府信息公开条例》第十四条",
    Outcome.REFUSED_LAW_FORBIDS: "法律、行政法规禁止公开",
    Outcome.REFUSED_SECURITY_STABILITY: "国家安全、公共安全、经济安全、社会稳定",
    Outcome.REFUSED_THIRD_PARTY: "第十五条和第三十六条第（三）项",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "第十六条第一款",
    Outcome.REFUSED_PROCESS_INFO: "过程性信息。根据《中华人民共和国政府信息公开条例》第十六条第二款",
    Outcome.REFUSED_ENFORCEMENT_FILE: "行政执法案卷信息。根据《中华人民共和国政府信息公开条例》第十六条第二款",
    Outcome.REFUSED_ADMIN_QUERY: "行政查询事项",
    Outcome.NOT_HELD: "第三十六条第（四）项",
    Outcome.NOT_THIS_AGENCY: "负责公开该政府信息的行政机关为：随县住房和城乡建设局",
    Outcome.NEEDS_PRODUCTION: "第三十八条",
    Outcome.UNCLEAR_AFTER_SUPPLEMENT: "补正后，申请内容仍不明确",
    Outcome.PETITION_COMPLAINT: "第三十九条第一款",
    Outcome.REPEATED: "第三十六条第（六）项",
    Outcome.PUBLICATION: "第三十九条第二款",
    Outcome.EXCESSIVE: "第三十五条",
    Outcome.CONFIRM_OR_REISSUE: "确认或者重新出具",
    Outcome.SUPPLEMENT_NOT_PROVIDED: "视为您放弃申请",
    Outcome.FEE_NOT_PAID: "国办函〔2020〕109号",
    Outcome.SPECIAL_REGISTRATION: "第三十六条第（七）项",
    Outcome.WITHDRAWN: "您已撤回该政府信息公开申请",
    Outcome.OTHER: "本机关对您的申请作如下处理",
}


@pytest.fixture
def case(departments):
    from sunshine.disclosure_requests.models import DisclosureRequest

    fgw = departments["fgw"]
    fgw.address, fgw.phone = "随县神农大道1号", "0722-1234567"
    fgw.save()
    return DisclosureRequest.objects.create(
        tracking_code="YSQ2025000123", verification_secret_hash="x" * 64, department=fgw,
        applicant_name="张三丰", applicant_type="natural_person", id_type="resident_id",
        id_number="11010519491231002X", phone="13812345678", address="随县厉山镇",
        description="2024年城区停车场收费标准",
        submitted_at=timezone.now(), received_on=D(2025, 3, 3), status="processing",
        supplement_items="请写明文件名称\n请写明发文年份", supplement_requested_on=D(2025, 3, 5),
        supplement_due_on=D(2025, 3, 26), extension_days=20, delay_days=30, delay_reason="申请数量较大",
        fee_method="per_item", fee_rank=12, fee_amount=Decimal("100.00"), fee_notice_on=D(2025, 3, 6),
        fee_due_on=D(2025, 4, 3), right_agency_name="随县住房和城乡建设局（电话0722-7654321）")


def close(case, outcome, **fields):
    case.status, case.outcome, case.decided_on = "closed", outcome, D(2025, 3, 20)
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    return case


def test_receipt_has_title_number_applicant_and_masked_id(case):
    letter = letters.render(case, "receipt", today=TODAY)
    assert letter.title == "政府信息公开申请接收回执"
    assert letter.number == "发改局依申收〔2025〕YSQ2025000123号"
    html = letter.html
    assert "张三丰（证件号码：110105********002X）：" in html and "11010519491231002X" not in html
    assert "2025年3月3日收到您提出的政府信息公开申请" in html and "第三十三条" in html
    assert "@media print" in html and "2025年3月20日" in html and "（印章）" in html
    assert "行政复议" not in html  # a receipt is not a decision


def test_each_notice_renders_with_its_legal_wording(case, departments):
    from sunshine.disclosure_requests.models import Consultation

    supplement = letters.render(case, "supplement_notice", today=TODAY)
    assert supplement.title == "政府信息公开申请补正告知书"
    assert "第三十条" in supplement.html and "2025年3月26日前" in supplement.html
    assert ("li", "1. 请写明文件名称") in supplement.blocks and ("li", "2. 请写明发文年份") in supplement.blocks

    extension = letters.render(case, "extension_notice", today=TODAY, extra={"reason": "需要调取档案"})
    assert extension.title == "政府信息公开申请延期答复告知书"
    assert "第三十三条第二款" in extension.html and "延长20个工作日" in extension.html
    assert "因需要调取档案" in extension.html

    delay = letters.render(case, letters.template_kind("other", "延迟答复告知书"), today=TODAY)
    assert delay.title == "政府信息公开申请延迟答复告知书" and "第三十五条" in delay.html and "30个工作日" in delay.html

    fee = letters.render(case, "fee_notice", today=TODAY)
    assert fee.title == "政府信息公开信息处理费收费通知书"
    assert "第十二件" not in fee.html and "本月向本机关提出的第12件申请" in fee.html and "人民币100.00元" in fee.html
    assert "2025年4月3日前" in fee.html and "收到本通知书之次日起20个工作日内" in fee.html
    # 109号: the fee decision is not challenged on its own; the later "no longer processed" reply is
    assert "行政复议" not in fee.html and "行政诉讼" not in fee.html

    consultation = Consultation(request=case, kind="third_party", party_name="随县某停车管理有限公司",
                                started_on=D(2025, 3, 10), due_on=D(2025, 3, 31))
    third = letters.render(case, "consultation_letter", today=TODAY, extra={"consultation": consultation})
    assert third.title == "政府信息公开征求意见函" and "随县某停车管理有限公司：" in third.html
    assert "第三十二条" in third.html and "2025年3月31日前" in third.html
    assert "张三丰" not in third.html and "002X" not in third.html  # the third party never learns who asked
    consultation.kind = "agency"
    agency = letters.render(case, "consultation_letter", today=TODAY, extra={"consultation": consultation})
    assert "第三十四条" in agency.html and "视为同意公开" in agency.html


@pytest.mark.parametrize("outcome", list(Outcome))
def test_reply_letter_for_every_outcome(case, outcome):
    close(case, outcome, reply_text="", withheld_reason="第3页含有第三方的个人信息")
    letter = letters.render(case, "reply", today=TODAY, extra={"location": "随县人民政府门户网站"})
    assert letter.title == "政府信息公开申请答复书" and letter.number.startswith("发改局依申答〔2025〕")
    text = "\n".join(t for _, t in letter.blocks)
    assert REPLY_BASIS[outcome] in text, outcome
    assert "自收到本答复书之日起六十日内向随县人民政府申请行政复议" in text
    if outcome.startswith("refused_"):  # 复议前置 (行政复议法 2023 art. 23 ¶1 (4), ¶2): no direct suit
        assert "应当先申请行政复议，不能直接向人民法院提起行政诉讼" in text
        assert "六个月内" not in text
    elif outcome == Outcome.PARTIALLY_DISCLOSED:  # the withheld part: review first; the rest: either
        assert "如对本答复中不予公开的部分不服" in text and "不能直接向人民法院提起行政诉讼" in text
        assert "如对本答复的其他内容不服" in text and "六个月内向随县人民法院提起行政诉讼" in text
    else:
        assert "六个月内向随县人民法院提起行政诉讼" in text and "不能直接" not in text
    assert "张三丰（证件号码：110105********002X）：" in text


def test_partial_disclosure_lists_released_parts_and_reasons(case):
    close(case, Outcome.PARTIALLY_DISCLOSED, withheld_reason="第3页涉及个人隐私，依据条例第十五条不予公开")
    letter = letters.render(case, "reply", today=TODAY, extra={"released_parts": ["收费标准文件第1–2页", "定价依据"]})
    assert ("li", "1. 收费标准文件第1–2页") in letter.blocks and ("li", "2. 定价依据") in letter.blocks
    assert "说明理由如下：第3页涉及个人隐私，依据条例第十五条不予公开。" in letter.html


def test_reply_needs_an_outcome(case):
    with pytest.raises(ValueError):
        letters.render(case, "reply")
    with pytest.raises(ValueError):
        letters.template_kind("other", "随便什么")


@pytest.mark.parametrize("kind", ["receipt", "supplement_notice", "extension_notice", "fee_notice", "reply"])
def test_docx_is_the_package_python_docx_writes(case, kind):
    """`docx_bytes` writes the body itself instead of through python-docx: every part, in order, byte for byte."""
    import zipfile

    if kind == "reply":
        close(case, Outcome.PARTIALLY_DISCLOSED, withheld_reason="第3页涉及个人隐私。")
    letter = letters.render(case, kind, today=TODAY, extra={"released_parts": ["第1–2页"]})
    odd = letters.Letter(kind="other", title="标题 & <符号> \x1b", number="", html="", blocks=[
        ("title", "  两端空格　"), ("p", "第一行\n第二行\r\n\t制表 a&b <c> \"引号\" 'x'"), ("addressee", "\x1b"),
        ("title", "\x0b"), ("li", "1. 😀 \u2028 ＆"), ("seal", "（印章）"), ("unknown-role", "x")])
    for sample in (letter, odd):
        fast, reference = letters.docx_bytes(sample), letters.python_docx_bytes(sample)
        with zipfile.ZipFile(io.BytesIO(fast)) as a, zipfile.ZipFile(io.BytesIO(reference)) as b:
            assert a.namelist() == b.namelist()
            for name in b.namelist():
                assert a.read(name) == b.read(name), name
            assert {i.compress_type for i in a.infolist()} == {zipfile.ZIP_DEFLATED}


def _docx_paragraphs(document) -> list[str]:
    from docx import Document

    with document.file.file.open("rb") as fh:
        return [p.text for p in Document(io.BytesIO(fh.read())).paragraphs]


def _letter_events(case) -> list:
    from sunshine.audit.services import events_for

    return [e for e in events_for(case) if e.action == "disclosure_requests.letter.generate"]


def test_issue_stores_the_text_now_and_the_docx_after_commit(case, clerk, django_capture_on_commit_callbacks):
    from sunshine.files.models import StoredFile

    close(case, Outcome.REFUSED_PROCESS_INFO, reply_text="该文件为会议讨论稿。")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = letters.issue(case, "reply", actor=clerk)
    assert document.kind == "reply" and document.title == "政府信息公开申请答复书" and document.visible_to_applicant
    assert document.file_pending and document.file is None and "第十六条第二款" in document.html
    assert len(callbacks) == 1 and _letter_events(case) == [] and StoredFile.objects.count() == 0

    callbacks[0]()  # the commit: the task runs (in-process, as without Redis)
    document.refresh_from_db()
    assert not document.file_pending
    assert document.file.kind == "docx" and document.file.original_name == "YSQ2025000123-reply.docx"
    paragraphs = _docx_paragraphs(document)
    assert paragraphs[0] == "政府信息公开申请答复书"
    assert paragraphs[1].startswith("发改局依申答〔2025〕")
    assert "张三丰（证件号码：110105********002X）：" in paragraphs
    assert any("过程性信息" in p and "第十六条第二款" in p for p in paragraphs)
    assert "该文件为会议讨论稿。" in paragraphs
    assert any("六十日内" in p and "不能直接向人民法院提起行政诉讼" in p for p in paragraphs)  # a refusal: review first
    today = timezone.localdate()
    assert paragraphs[-3:] == ["随县发展和改革局", "（印章）", f"{today.year}年{today.month}月{today.day}日"]
    [event] = _letter_events(case)
    assert event.actor == clerk
    assert event.after == {"document": document.pk, "kind": "reply", "title": "政府信息公开申请答复书",
                           "number": paragraphs[1], "file": document.file_id}


def test_the_docx_says_what_the_case_said_when_the_letter_was_issued(case, django_capture_on_commit_callbacks):
    """The task may run late (a busy worker): the letter is the case as it stood at its step, not as it is later."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = letters.issue(case, "receipt")
    case.applicant_name, case.received_on = "改名后", D(2025, 3, 10)
    case.save()
    callbacks[0]()
    document.refresh_from_db()
    paragraphs = _docx_paragraphs(document)
    assert "张三丰（证件号码：110105********002X）：" in paragraphs and "改名后" not in "".join(paragraphs)
    assert any("2025年3月3日" in p for p in paragraphs) and not any("2025年3月10日" in p for p in paragraphs)


def test_a_retried_or_duplicated_task_never_makes_a_second_file_or_event(case, django_capture_on_commit_callbacks):
    from sunshine.disclosure_requests.models import RequestDocument
    from sunshine.disclosure_requests.tasks import complete_letter_task
    from sunshine.files.models import StoredFile

    with django_capture_on_commit_callbacks(execute=True):
        document = letters.issue(case, "receipt")
    document.refresh_from_db()
    first_file = document.file_id
    assert first_file is not None and not document.file_pending
    for _ in range(2):  # the broker delivers the task again (a retry after a lost ack)
        assert complete_letter_task.apply(args=[document.pk]).get() == "done"
    assert letters.complete(document.pk).file_id == first_file
    assert RequestDocument.objects.filter(request=case).count() == 1
    assert StoredFile.objects.count() == 1 and len(_letter_events(case)) == 1
    assert complete_letter_task.apply(args=[999999]).get() == "missing"


def test_two_runs_at_once_attach_one_file(case, monkeypatch, django_capture_on_commit_callbacks):
    """Two workers got the same letter: both build the .docx, only the one that claims the row stores it."""
    from sunshine.documents import rendering
    from sunshine.files.models import StoredFile

    with django_capture_on_commit_callbacks(execute=False):
        document = letters.issue(case, "receipt")
    real_docx_bytes, runs = rendering.docx_bytes, []

    def docx_bytes_while_another_run_finishes(letter):
        runs.append(letter)
        if len(runs) == 1:  # the first run is between its check and its claim: the other run completes the letter
            runs.append(letters.complete(document.pk))
        return real_docx_bytes(letter)

    monkeypatch.setattr(rendering, "docx_bytes", docx_bytes_while_another_run_finishes)  # the kernel builds it
    outer = letters.complete(document.pk)
    other = runs[-1]
    assert len(runs) == 3 and other.file_id is not None  # both runs built a .docx
    assert outer.file_id == other.file_id and not outer.file_pending
    assert StoredFile.objects.count() == 1 and len(_letter_events(case)) == 1


def test_a_failed_task_leaves_the_letter_pending_for_the_sweep(case, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    from django.utils import timezone as tz

    from sunshine.disclosure_requests.models import RequestDocument
    from sunshine.disclosure_requests.tasks import complete_letter_task
    from sunshine.documents import rendering
    from sunshine.documents.models import Document

    def broken(letter):
        raise OSError("disk full")

    with django_capture_on_commit_callbacks(execute=False):
        stuck = letters.issue(case, "receipt")
        fresh = letters.issue(case, "supplement_notice")
    monkeypatch.setattr(rendering, "docx_bytes", broken)  # the kernel builds it
    assert complete_letter_task.apply(args=[stuck.pk]).get() == "failed"  # no broker: logged, not retried
    assert RequestDocument.objects.get(pk=stuck.pk).file_pending
    monkeypatch.undo()
    Document.objects.filter(pk=stuck.document_id).update(created_at=tz.now() - dt.timedelta(minutes=11))
    assert letters.complete_pending() == 1  # only the letter older than 10 minutes
    assert not RequestDocument.objects.get(pk=stuck.pk).file_pending
    assert RequestDocument.objects.get(pk=fresh.pk).file_pending
    assert letters.complete_pending(older_than=dt.timedelta(0)) == 1
    assert not RequestDocument.objects.filter(file_pending=True).exists() and len(_letter_events(case)) == 2


def test_issue_accepts_keyword_context_and_other_kind(case, clerk, django_capture_on_commit_callbacks):
    from sunshine.disclosure_requests.models import Consultation

    consultation = Consultation.objects.create(request=case, kind="third_party", party_name="某公司",
                                               started_on=D(2025, 3, 10), due_on=D(2025, 3, 31))
    with django_capture_on_commit_callbacks(execute=True):
        letter = letters.issue(case, "consultation_letter", actor=clerk, consultation=consultation)
        delay = letters.issue(case, "other", actor=clerk, title="延迟答复告知书")
    assert not letter.visible_to_applicant and "某公司：" in letter.html
    assert delay.kind == "other" and delay.title == "政府信息公开申请延迟答复告知书" and delay.visible_to_applicant
    delay.refresh_from_db()
    assert delay.file.original_name == "YSQ2025000123-delay_notice.docx"
    assert "某公司：" in _docx_paragraphs(letter.__class__.objects.get(pk=letter.pk))


def test_credit_code_is_shown_in_full(case):
    case.applicant_type, case.id_type, case.id_number = "commercial_enterprise", "credit_code", "91110000600037341L"
    case.applicant_name = "随县某科技有限公司"
    assert "随县某科技有限公司（证件号码：91110000600037341L）：" in letters.render(case, "receipt").html


def test_office_template_replaces_title_and_body(case):
    from sunshine.documents.models import DocumentTemplate

    DocumentTemplate.objects.create(kind="disclosure_requests.reply", variant="not_held",
                                    title="政府信息公开申请答复书（样式二）",
                                    body="<p>{{ applicant_name }}您好，经检索没有该信息（第三十六条第（四）项）。</p>")
    DocumentTemplate.objects.create(kind="disclosure_requests.reply", variant="disclosed",
                                    body="<p>另一种结果的模板。</p>")
    close(case, Outcome.NOT_HELD)
    letter = letters.render(case, "reply", today=TODAY)
    assert letter.title == "政府信息公开申请答复书（样式二）"
    assert ("p", "张三丰您好，经检索没有该信息（第三十六条第（四）项）。") in letter.blocks
    assert "另一种结果" not in letter.html
    assert "六十日内" in letter.html  # the rights paragraph is not the office's to remove


def test_inactive_or_other_kind_templates_leave_the_default(case):
    from sunshine.documents.models import DocumentTemplate

    DocumentTemplate.objects.create(kind="disclosure_requests.reply", variant="not_held", body="<p>停用的模板。</p>",
                                    is_active=False)
    DocumentTemplate.objects.create(kind="disclosure_requests.receipt", body="<p>回执模板。</p>")
    close(case, Outcome.NOT_HELD)
    letter = letters.render(case, "reply", today=TODAY)
    assert "停用的模板" not in letter.html and "回执模板" not in letter.html
    assert letter.title == letters.render(case, "reply", today=TODAY).title


def test_a_reply_template_without_outcome_serves_every_outcome(case):
    from sunshine.documents.models import DocumentTemplate

    DocumentTemplate.objects.create(kind="disclosure_requests.reply", body="<p>通用答复：{{ applicant_name }}。</p>")
    close(case, Outcome.NOT_HELD)
    assert ("p", "通用答复：张三丰。") in letters.render(case, "reply", today=TODAY).blocks
