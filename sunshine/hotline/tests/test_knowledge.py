"""The knowledge base (知识库): written by a department, reviewed (four eyes), published into the kernel's search,
searched by the operator and the public; a consultation answered from it is closed on the spot and counted."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.hotline import knowledge, services
from sunshine.hotline.models import KnowledgeEntry, Ticket
from sunshine.hotline.statistics import provider

from .conftest import at

pytestmark = pytest.mark.django_db

ANSWER = ("灵活就业人员中断缴费的，可在中断后按月续缴，当年内断缴月份可以补缴。携带身份证到县政务服务中心社保窗口办理，"
          "咨询电话0722-12333。")


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer_zjj", department="zjj", role="审核人", real_name="钱审核")


@pytest.fixture
def draft(other_clerk):
    return knowledge.entry_create(data={"question": "社保断缴了怎么补缴？", "answer": ANSWER,
                                        "keywords": "社保断缴,补缴社保"}, actor=other_clerk)


@pytest.fixture
def published(draft, other_clerk, reviewer):
    knowledge.entry_submit(entry=draft, actor=other_clerk)
    return knowledge.entry_publish(entry=draft, actor=reviewer, note="同意发布")


def test_review_chain_publishes_into_search_and_audits_each_step(draft, other_clerk, reviewer):
    assert draft.status == "draft" and draft.department.code == "zjj"
    rows, _page = knowledge.search_entries("断缴")
    assert rows == []  # a draft is never searchable
    with pytest.raises(TransitionNotAllowed):
        knowledge.entry_publish(entry=draft, actor=reviewer)  # not submitted yet
    knowledge.entry_submit(entry=draft, actor=other_clerk)
    with pytest.raises(CapabilityRequired, match="没有审核"):
        knowledge.entry_publish(entry=draft, actor=other_clerk)  # the clerk has no review capability
    entry = knowledge.entry_publish(entry=draft, actor=reviewer)
    assert entry.status == "published" and entry.reviewed_by == reviewer
    rows, _page = knowledge.search_entries("断缴")
    assert [r["entry"].pk for r in rows] == [entry.pk] and "<mark>" in rows[0]["title_html"]
    events = list(AuditEvent.objects.filter(action__startswith="hotline.kb.").order_by("id")
                  .values_list("action", "from_status", "to_status"))
    assert events == [("hotline.kb.create", None, "draft"), ("hotline.kb.submit", "draft", "review"),
                      ("hotline.kb.publish", "review", "published")]
    knowledge.entry_withdraw(entry=entry, actor=reviewer, note="政策已调整")
    assert knowledge.search_entries("断缴")[0] == []


def test_capabilities_per_role_and_department(draft, clerk, other_clerk, reviewer, make_staff):
    with pytest.raises(CapabilityRequired):  # 发改局's clerk: another department's entry
        knowledge.entry_submit(entry=draft, actor=clerk)
    knowledge.entry_submit(entry=draft, actor=other_clerk)
    fgw_reviewer = make_staff("reviewer_fgw", department="fgw", role="审核人")
    with pytest.raises(CapabilityRequired):  # a reviewer of another department
        knowledge.entry_publish(entry=draft, actor=fgw_reviewer)
    with pytest.raises(CapabilityRequired):  # the clerk who wrote it cannot publish it
        knowledge.entry_publish(entry=draft, actor=other_clerk)
    knowledge.entry_send_back(entry=draft, actor=reviewer, note="请补充办理地点")
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.review_note == "请补充办理地点"


def test_same_author_cannot_review_even_with_both_capabilities(make_staff, roles):
    head = make_staff("head_both", department="gkb", role="政务公开办负责人")
    head.groups.add(roles["经办人"])
    entry = knowledge.entry_create(data={"question": "问题一", "answer": "解答一二三"}, actor=head)
    knowledge.entry_submit(entry=entry, actor=head)
    with pytest.raises(DomainError, match="不能审核自己"):
        knowledge.entry_publish(entry=entry, actor=head)


def test_consultation_answered_from_the_kb_is_closed_directly_and_counted(published, submit, operator):
    ticket = submit(kind="consult", title="社保断缴", content="我去年有三个月社保没交，现在还能补吗？",
                    when=at(2026, 9, 21, 9))
    other = submit(kind="consult", title="问路", content="请问县政务服务中心在哪里，几点上班？",
                   when=at(2026, 9, 21, 10))
    services.ticket_close_directly(ticket=other, answer="在季梁大道，工作日上午8:30上班。", actor=operator)
    services.ticket_close_directly(ticket=ticket, entry=published, actor=operator)
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.closed_directly and ticket.kb_entry == published
    assert ticket.direct_answer == ANSWER
    rows = provider.figures(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30), group_by=("department",))
    assert rows[0]["received"] == 2 and rows[0]["closed_directly"] == 2 and rows[0]["closed_by_knowledge"] == 1


def test_only_a_published_entry_answers_and_only_a_consultation(draft, published, submit, operator, reviewer):
    complaint = submit(kind="complaint")
    with pytest.raises(DomainError, match="只有咨询"):
        services.ticket_close_directly(ticket=complaint, entry=published, actor=operator)
    consult = submit(kind="consult", title="社保", content="社保断缴了怎么补缴，需要带什么？")
    knowledge.entry_withdraw(entry=published, actor=reviewer, note="过时")
    with pytest.raises(DomainError, match="未发布"):
        services.ticket_close_directly(ticket=consult, entry=published, actor=operator)
    assert Ticket.objects.get(pk=consult.pk).status == "received"


def test_suggestions_for_typed_text_use_the_segmented_words(published):
    found = knowledge.suggest_for_text("你好，我的社保断缴了半年，想问一下补缴怎么办理")
    assert [e.pk for e in found] == [published.pk]
    assert knowledge.suggest_for_text("小区门口的路灯坏了") == []


def test_public_kb_page_searches_published_entries_only(client, published, other_clerk):
    knowledge.entry_create(data={"question": "社保断缴草稿问题", "answer": "草稿解答内容"}, actor=other_clerk)
    page = client.get("/rx/kb/", {"q": "社保断缴"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<mark>社保断缴</mark>了怎么补缴" in text and "草稿问题" not in text
    assert client.get(f"/rx/kb/{published.pk}/").status_code == 200
    draft = KnowledgeEntry.objects.get(question="社保断缴草稿问题")
    assert client.get(f"/rx/kb/{draft.pk}/").status_code == 404
    bad = client.get("/rx/kb/", {"q": "！！！"})
    assert bad.status_code == 400 and 'id="kb-error"' in bad.content.decode()


def test_staff_kb_pages_scope(client, published, clerk, other_clerk, draft):
    client.force_login(clerk)  # 发改局: 住建局's entries are not theirs
    assert client.get(f"/rx/staff/kb/{published.pk}/").status_code == 404
    assert client.get("/rx/staff/kb/").status_code == 200
    client.force_login(other_clerk)
    assert client.get(f"/rx/staff/kb/{published.pk}/").status_code == 200
    response = client.post("/rx/staff/kb/new/", {"question": "公租房怎么申请？", "answer": "向社区提出申请。"})
    assert response.status_code == 302
    entry = KnowledgeEntry.objects.get(question="公租房怎么申请？")
    assert entry.department.code == "zjj" and entry.status == "draft"
    assert client.post(f"/rx/staff/kb/{entry.pk}/submit/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "review"
