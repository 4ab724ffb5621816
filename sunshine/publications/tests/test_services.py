"""Services: index numbers, the review chain, the personal-data gate, scheduling, withdrawal, revisions, clock."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.utils import timezone

from sunshine.audit.services import events_for
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.publications import services
from sunshine.publications.models import DisclosureSetting, Finding, Publication, ReviewRecord
from sunshine.publications.tests.conftest import MOBILE, RESIDENT_ID, txt, xlsx
from sunshine.publications.workflow import Status

pytestmark = pytest.mark.django_db


# --- index numbers ------------------------------------------------------------------------------

def test_index_number_follows_the_department_pattern(draft, departments):
    DisclosureSetting.objects.create(department=departments["fgw"], index_prefix="011370000")
    first = draft(created_on=dt.date(2026, 3, 2))
    second = draft(created_on=dt.date(2026, 3, 3))
    assert first.index_number == "011370000/2026-00001"
    assert second.index_number == "011370000/2026-00002"
    older = draft(created_on=dt.date(2025, 12, 30))
    assert older.index_number == "011370000/2025-00001"


def test_custom_pattern_and_fallback_prefix(draft, departments):
    DisclosureSetting.objects.create(department=departments["fgw"], index_pattern="{code}-{year}-{seq:04d}")
    assert draft(created_on=dt.date(2026, 1, 5)).index_number == "fgw-2026-0001"


def test_invalid_pattern_is_a_chinese_error(draft, departments):
    DisclosureSetting.objects.create(department=departments["fgw"], index_pattern="{nope}/{seq}")
    with pytest.raises(DomainError, match="索引号格式"):
        draft()


def test_index_numbers_are_unique_per_allocation(departments):
    numbers = services.allocate_index_numbers(department=departments["fgw"], year=2026, count=5)
    more = services.allocate_index_numbers(department=departments["fgw"], year=2026, count=3)
    assert len(set(numbers + more)) == 8
    assert numbers[0].endswith("/2026-00001") and more[-1].endswith("/2026-00008")


def _in_thread(fn):
    """Run `fn` on its own connection, outside the test's transaction (autocommit), and return its result."""
    box = {}

    def run():
        try:
            box["result"] = fn()
        except Exception as exc:  # pragma: no cover - re-raised below
            box["error"] = exc
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def test_concurrent_allocation_never_repeats():
    """Four connections allocate at once (PostgreSQL row lock on the sequence): 40 distinct numbers."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the concurrency test runs on PostgreSQL")
    from sunshine.orgs.models import Department, Division
    from sunshine.publications.models import IndexSequence

    def setup():
        division = Division.objects.create(code="999999", name="并发测试县", level="county")
        return Department.objects.create(code="concurrency-test", name="并发测试局", division=division)

    department = _in_thread(setup)
    results, errors = [], []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            for _ in range(10):
                results.extend(services.allocate_index_numbers(department=department, year=2026))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        def cleanup():
            IndexSequence.objects.filter(department=department).delete()
            Department.objects.filter(pk=department.pk).delete()
            Division.objects.filter(code="999999").delete()

        _in_thread(cleanup)
    assert not errors
    assert len(results) == 40 and len(set(results)) == 40


# --- the chain --------------------------------------------------------------------------------------

def test_two_step_chain(draft, clerk, reviewer):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    assert p.status == Status.SUBMITTED
    services.publication_approve(publication=p, actor=reviewer, comment="无涉密内容")
    p.refresh_from_db()
    assert p.status == Status.LEGALITY_REVIEW
    services.publication_approve(publication=p, actor=reviewer)
    p.refresh_from_db()
    assert p.status == Status.APPROVED
    services.publication_publish(publication=p, actor=reviewer)
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED and p.published_at is not None
    steps = list(p.review_records.values_list("step", "decision", "actor_name"))
    assert steps == [("create", "done", "王经办"), ("submit", "done", "王经办"),
                     ("confidentiality", "approved", "孙审核"), ("legality", "approved", "孙审核"),
                     ("publish", "approved", "孙审核")]
    actions = [e.action for e in events_for(p)]
    assert actions == ["publication.create", "publication.submit", "publication.approve_confidentiality",
                       "publication.approve_legality", "publication.publish"]


def test_one_step_chain(draft, clerk, reviewer, departments):
    DisclosureSetting.objects.create(department=departments["fgw"], review_steps=1)
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    services.publication_approve(publication=p, actor=reviewer)
    p.refresh_from_db()
    assert p.status == Status.APPROVED
    assert not p.review_records.filter(step=ReviewRecord.Step.LEGALITY).exists()


def test_clerk_cannot_review_or_publish(draft, clerk):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    with pytest.raises(CapabilityRequired):
        services.publication_approve(publication=p, actor=clerk)
    with pytest.raises(TransitionNotAllowed):  # not approved yet: the chain cannot be skipped
        services.publication_publish(publication=p, actor=clerk)
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED


def test_publisher_cannot_skip_the_chain(draft, reviewer):
    p = draft(actor=reviewer)
    with pytest.raises(TransitionNotAllowed):
        services.publication_publish(publication=p, actor=reviewer)
    services.publication_submit(publication=p, actor=reviewer)
    with pytest.raises(TransitionNotAllowed):
        services.publication_publish(publication=p, actor=reviewer)


def test_clerk_cannot_publish_an_approved_item(draft, clerk, reviewer):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    services.publication_approve(publication=p, actor=reviewer)
    services.publication_approve(publication=Publication.objects.get(pk=p.pk), actor=reviewer)
    with pytest.raises(CapabilityRequired):
        services.publication_publish(publication=p, actor=clerk)


def test_return_needs_a_comment_and_reopens_editing(draft, clerk, reviewer):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    with pytest.raises(DomainError, match="修改意见"):
        services.publication_return(publication=p, actor=reviewer, comment=" ")
    services.publication_return(publication=p, actor=reviewer, comment="请补充文号")
    p.refresh_from_db()
    assert p.status == Status.RETURNED and p.review_comment == "请补充文号"
    services.publication_update(publication=p, actor=clerk, document_number="随发改发〔2026〕3号")
    services.publication_submit(publication=p, actor=clerk)
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED and p.review_comment == ""


def test_other_department_cannot_touch_a_draft(draft, other_clerk):
    p = draft()
    with pytest.raises(CapabilityRequired):
        services.publication_submit(publication=p, actor=other_clerk)
    with pytest.raises(CapabilityRequired):
        services.publication_update(publication=p, actor=other_clerk, title="改")


def test_published_item_cannot_be_edited(draft, publish, clerk):
    p = publish(draft())
    with pytest.raises(DomainError, match="只有草稿"):
        services.publication_update(publication=p, actor=clerk, title="改标题")


# --- the personal-data gate ---------------------------------------------------------------------------

BODY = f"救助对象李某某，身份证号 {RESIDENT_ID}，联系电话 {MOBILE}，救助金额 2000 元。"


def test_submission_scans_the_body_and_attachments(draft, clerk):
    p = draft(BODY)
    services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("名单.txt", f"张某 {MOBILE}"))
    findings = services.publication_submit(publication=p, actor=clerk)
    kinds = sorted((f.source, f.kind) for f in findings)
    assert kinds == [("attachment", "mobile"), ("body", "mobile"), ("body", "resident_id")]
    body_id = next(f for f in findings if f.kind == "resident_id")
    assert (body_id.start, body_id.end, body_id.masked) == (BODY.index(RESIDENT_ID),
                                                           BODY.index(RESIDENT_ID) + 18, "421321********0033")


def test_unresolved_findings_block_approval_and_publication(draft, clerk, reviewer):
    p = draft(BODY)
    services.publication_submit(publication=p, actor=clerk)
    with pytest.raises(DomainError, match="未处理"):
        services.publication_approve(publication=p, actor=reviewer)
    assert p.findings.filter(resolution="").count() == 2


def test_keep_needs_a_justification(draft, clerk, reviewer):
    p = draft(BODY)
    services.publication_submit(publication=p, actor=clerk)
    finding = p.findings.first()
    with pytest.raises(DomainError, match="理由"):
        services.finding_resolve(finding=finding, actor=reviewer, resolution="keep", justification="")
    services.finding_resolve(finding=finding, actor=reviewer, resolution="keep", justification="本人同意公开")
    finding.refresh_from_db()
    assert finding.resolution == "keep" and finding.resolved_by == reviewer


def test_clerk_cannot_resolve_findings(draft, clerk):
    p = draft(BODY)
    services.publication_submit(publication=p, actor=clerk)
    with pytest.raises(CapabilityRequired):
        services.finding_resolve(finding=p.findings.first(), actor=clerk, resolution="mask")


def test_the_public_body_applies_each_resolution(draft, clerk, reviewer, publish):
    p = draft(BODY)
    services.publication_submit(publication=p, actor=clerk)
    for f in p.findings.all():
        services.finding_resolve(finding=f, actor=reviewer, resolution="mask" if f.kind == "resident_id" else "remove")
    p = publish(p)
    assert p.public_body == "救助对象李某某，身份证号 421321********0033，联系电话 （已删除），救助金额 2000 元。"
    assert p.body == BODY  # the original stays for staff
    assert RESIDENT_ID not in p.display_body


def test_keep_leaves_the_value(draft, publish):
    p = publish(draft(f"举报电话 {MOBILE}"), resolution="keep")
    assert p.public_body is None and p.display_body == f"举报电话 {MOBILE}"


def test_attachment_with_masked_finding_needs_a_replacement(draft, clerk, reviewer):
    p = draft("正文无个人信息。")
    attachment = services.publication_attach(publication=p, actor=clerk,
                                             uploaded_file=txt("名单.txt", f"身份证 {RESIDENT_ID}"))
    services.publication_submit(publication=p, actor=clerk)
    services.finding_resolve(finding=p.findings.get(), actor=reviewer, resolution="mask")
    services.publication_approve(publication=p, actor=reviewer)
    services.publication_approve(publication=Publication.objects.get(pk=p.pk), actor=reviewer)
    with pytest.raises(DomainError, match="替换文件") as exc:
        services.publication_publish(publication=p, actor=reviewer)
    assert exc.value.code == "unresolved_findings"
    services.attachment_replace(attachment=attachment, actor=reviewer,
                                uploaded_file=txt("名单（遮盖）.txt", "身份证 421321********0033"))
    services.publication_publish(publication=p, actor=reviewer)
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED
    attachment.refresh_from_db()
    assert attachment.public_file.original_name == "名单（遮盖）.txt"


def test_unpublished_attachment_is_not_scanned_for_the_gate(draft, clerk, reviewer, publish):
    p = draft("正文。")
    attachment = services.publication_attach(publication=p, actor=clerk,
                                             uploaded_file=txt("内部名单.txt", f"电话 {MOBILE}"))
    services.publication_submit(publication=p, actor=clerk)
    services.attachment_set_public(attachment=attachment, actor=reviewer, is_public=False, reason="仅供内部")
    assert not p.findings.filter(is_current=True).exists()
    assert publish(p).status == Status.PUBLISHED


def test_rescan_at_publication_catches_a_new_replacement_finding(draft, clerk, reviewer):
    p = draft("正文。")
    attachment = services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("a.txt", "无"))
    services.publication_submit(publication=p, actor=clerk)
    services.attachment_replace(attachment=attachment, actor=reviewer, uploaded_file=txt("b.txt", f"电话 {MOBILE}"))
    with pytest.raises(DomainError, match="未处理"):
        services.publication_approve(publication=p, actor=reviewer)


# --- scheduling, withdrawal, supersede ---------------------------------------------------------------

def test_scheduled_publication(draft, publish):
    at = timezone.now() + dt.timedelta(hours=2)
    p = publish(draft(), publish_at=at)
    assert p.status == Status.SCHEDULED and p.published_at is None
    assert services.publish_due(now=timezone.now()) == (0, [])
    published, errors = services.publish_due(now=at + dt.timedelta(minutes=1))
    assert (published, errors) == (1, [])
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED and p.published_at == at
    assert "publication.publish_due" in [e.action for e in events_for(p)]


def test_unschedule_returns_to_approved(draft, publish, reviewer):
    p = publish(draft(), publish_at=timezone.now() + dt.timedelta(days=1))
    services.publication_unschedule(publication=p, actor=reviewer)
    p.refresh_from_db()
    assert p.status == Status.APPROVED and p.publish_at is None


def test_withdraw_needs_capability_and_reason(draft, publish, reviewer, office_head):
    p = publish(draft())
    with pytest.raises(CapabilityRequired):
        services.publication_withdraw(publication=p, actor=reviewer, reason="错误")
    with pytest.raises(DomainError, match="原因"):
        services.publication_withdraw(publication=p, actor=office_head, reason="")
    services.publication_withdraw(publication=p, actor=office_head, reason="数据有误")
    p.refresh_from_db()
    assert p.status == Status.WITHDRAWN and p.withdrawal_reason == "数据有误" and p.withdrawn_at
    with pytest.raises(TransitionNotAllowed):
        services.publication_withdraw(publication=p, actor=office_head, reason="再撤一次")


def test_supersede_links_the_replacement(draft, publish, office_head):
    old = publish(draft(title="旧办法"))
    new = publish(draft(title="新办法"))
    services.publication_supersede(publication=old, actor=office_head, replacement=new, reason="修订")
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED and old.superseded_by == new
    with pytest.raises(DomainError, match="另一条"):
        services.publication_supersede(publication=new, actor=office_head, replacement=new, reason="x")


# --- revisions, clock, table --------------------------------------------------------------------------

def test_every_change_keeps_a_revision(draft, clerk, publish):
    p = draft()
    services.publication_update(publication=p, actor=clerk, title="新标题")
    p = publish(p)
    revisions = list(p.revisions.values_list("number", "reason"))
    assert revisions[:2] == [(1, "起草"), (2, "修改")]
    assert revisions[-1][1] == "发布"
    assert p.revisions.get(number=1).snapshot["title"] == "关于做好城乡居民养老保险缴费工作的通知"
    assert p.revisions.get(number=2).snapshot["title"] == "新标题"
    assert [n for n, _ in revisions] == list(range(1, len(revisions) + 1))


def test_timeliness_clock_is_20_working_days_from_creation(clerk, category, genre):
    """Art. 26: created Fri 2026-09-25 → 3 days in September, National Day 10-01…10-07 off, make-up Saturday
    10-10 counts → the 20th working day is Thu 2026-10-29."""
    import time_machine

    from sunshine.clocks.selectors import clocks_for

    with time_machine.travel(dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC), tick=False):
        p = services.publication_create_draft(actor=clerk, title="t", category=category, genre=genre,
                                              created_on=dt.date(2026, 9, 25))
    clock = clocks_for(p).get()
    assert (clock.kind, clock.limit_days, clock.started_on) == ("publication.timeliness", 20, dt.date(2026, 9, 25))
    assert clock.due_date == dt.date(2026, 10, 29)


def test_clock_restarts_on_change_and_stops_at_publication(draft, clerk, publish):
    from sunshine.clocks.selectors import clocks_for

    p = draft(created_on=timezone.localdate() - dt.timedelta(days=10))
    clock = clocks_for(p).get()
    first_due = clock.due_date
    services.publication_update(publication=p, actor=clerk, body="改写后的正文")
    clock.refresh_from_db()
    assert clock.due_date >= first_due
    assert clock.events.filter(kind="restart").count() == 1
    services.publication_update(publication=p, actor=clerk, validity="effective")  # not substantive
    assert clock.events.filter(kind="restart").count() == 1
    publish(p)
    clock.refresh_from_db()
    assert clock.state == "stopped" and clock.outcome == "on_time"


def test_xlsx_table_is_scanned_and_masked(draft, clerk, publish):
    p = draft("三资公开")
    services.publication_set_table(publication=p, actor=clerk, uploaded_file=xlsx(
        [("序号", "姓名", "身份证号", "金额"), (1, "王某", RESIDENT_ID, 1200.0), (2, "李某", "", 800)]))
    assert p.table_text.split("\n")[1] == f"1\t王某\t{RESIDENT_ID}\t1200"
    p = publish(p)
    assert p.public_table_text.split("\n")[1] == "1\t王某\t421321********0033\t1200"


def test_bad_xlsx_is_refused_in_chinese(draft, clerk):
    p = draft()
    with pytest.raises(DomainError, match="无法读取"):
        services.publication_set_table(publication=p, actor=clerk, uploaded_file=txt("x.xlsx", "not a workbook"))


def test_finding_rows_record_resolution(draft, clerk, reviewer):
    p = draft(BODY)
    services.publication_submit(publication=p, actor=clerk)
    f = p.findings.get(kind="mobile")
    services.finding_resolve(finding=f, actor=reviewer, resolution="mask")
    f = Finding.objects.get(pk=f.pk)
    assert f.resolution == "mask" and f.resolved_at and f.masked == "138****4567"
    assert re.search("遮盖", p.review_records.filter(step="finding").get().comment)


def test_publish_due_command(draft, publish):
    import io

    import time_machine
    from django.core.management import call_command

    at = timezone.now() + dt.timedelta(minutes=30)
    p = publish(draft(), publish_at=at)
    out = io.StringIO()
    call_command("publish_due", stdout=out)
    assert "已发布 0 条" in out.getvalue()
    with time_machine.travel(at + dt.timedelta(minutes=1)):
        call_command("publish_due", stdout=out)
    assert "已发布 1 条" in out.getvalue()
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED


def test_a_summary_excerpted_from_the_body_is_not_indexed_twice(draft, publish):
    """The demo's 内容概述 is the body's opening with "……": indexing both made every snippet show it twice."""
    from sunshine.publications import indexing
    from sunshine.search import services as search

    body = "各乡镇人民政府要高度重视特困人员救助供养工作，明确专人负责。截至5月底，全县累计完成投资926万元。"
    excerpt = publish(draft(body, summary=body[:20] + "……"))
    own = publish(draft(body, title="特困人员救助供养资金分配情况公示", summary="本文公布2024年救助资金分配情况。"))
    assert indexing.entry_for(excerpt)["body"] == body
    assert indexing.entry_for(own)["body"].startswith("本文公布2024年救助资金分配情况。\n")
    hits = {h.object_id: h for h in search.search(kind="publication", query="救助", order="date").hits}
    assert hits[excerpt.pk].snippet_html.count("<mark>救助</mark>") == 1
    assert hits[own.pk].snippet_html.count("<mark>救助</mark>") == 2
