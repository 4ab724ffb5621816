"""Rules of the hotline beyond the clocks: 举报 kept from the accused department, merge with two callers, contact
first, reopen once, callbacks of every caller, direct completion, identity on intake, idempotent intake, scope."""

from __future__ import annotations

import pytest

from sunshine.audit.models import AuditEvent
from sunshine.caselinks.services import links_of
from sunshine.clocks.models import Clock
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.hotline import selectors, services
from sunshine.hotline.models import Callback, Ticket
from sunshine.hotline.permissions import HIDDEN_CALLER, POLICY
from sunshine.notify.models import Notification

from .conftest import at

pytestmark = pytest.mark.django_db


def _to_callback(ticket, dept, operator, clerk, when=(2026, 10, 12)):
    ticket = services.ticket_dispatch(ticket=ticket, department=dept, actor=operator, at=at(*when, 9))
    services.ticket_sign_for(ticket=ticket, actor=clerk, at=at(*when, 10))
    services.ticket_contact(ticket=ticket, note="电话联系", actor=clerk, at=at(*when, 11))
    services.ticket_reply(ticket=ticket, text="已处理完毕。", resolved=True, actor=clerk, at=at(*when, 15))
    return services.ticket_approve_reply(ticket=ticket, actor=operator, at=at(*when, 16))


def test_report_is_never_dispatched_to_the_accused_and_hides_the_reporter(submit, departments, operator, clerk,
                                                                          other_clerk):
    report = submit(kind="report", title="举报住建局工作人员吃拿卡要", accused_department=departments["zjj"],
                    content="住建局某工作人员在办理审批时索要好处费，请予查处。")
    with pytest.raises(DomainError, match="不得派给被举报单位"):
        services.ticket_dispatch(ticket=report, department=departments["zjj"], actor=operator)
    with pytest.raises(DomainError, match="不得派给被举报单位"):
        services.ticket_dispatch(ticket=report, department=departments["fgw"], assisting=[departments["zjj"]],
                                 actor=operator)
    report = services.ticket_dispatch(ticket=report, department=departments["fgw"], actor=operator)
    with pytest.raises(DomainError, match="不得派给被举报单位"):
        services.ticket_reassign(ticket=report, department=departments["zjj"], actor=operator)
    # the handling department sees the case, not the reporter; the office does
    assert selectors.caller_display(clerk, report) == {"name": HIDDEN_CALLER, "phone": HIDDEN_CALLER,
                                                       "hidden": True}
    assert selectors.caller_display(operator, report)["name"] == "张三丰"
    assert not POLICY.can_see(other_clerk, report)  # the accused department does not even see it


def test_report_requires_a_name_and_a_phone(submit):
    with pytest.raises(DomainError, match="须留下姓名") as refused:
        submit(kind="report", name="")
    assert refused.value.field == "caller_name"
    with pytest.raises(DomainError, match="须留下联系电话"):
        submit(kind="complaint", phone="")
    anonymous = submit(kind="consult", name="", phone="")
    assert anonymous.caller_phone == "" and anonymous.status == "received"


def test_merge_with_two_callers(submit, departments, operator, other_clerk):
    first = submit(when=at(2026, 10, 12, 8), phone="13812345678")
    second = submit(when=at(2026, 10, 12, 8, 30), name="李四", phone="13900001111", title="路灯坏了没人修")
    assert [t.pk for t in selectors.possible_duplicates(second)] == []  # different caller, no place
    first = services.ticket_dispatch(ticket=first, department=departments["zjj"], actor=operator,
                                     at=at(2026, 10, 12, 9))
    second = services.ticket_dispatch(ticket=second, department=departments["zjj"], actor=operator,
                                      at=at(2026, 10, 12, 9, 5))
    second = services.ticket_merge(ticket=second, into=first, actor=operator, reason="同一路灯",
                                   at=at(2026, 10, 12, 9, 10))
    assert second.status == "merged" and second.merged_into == first
    second.reply_clock.refresh_from_db()
    assert second.reply_clock.outcome == Clock.Outcome.MERGED
    assert [link.label for link in links_of(second)] == ["并入"]
    assert [link.label for link in links_of(first)] == ["合并了"]
    with pytest.raises(DomainError, match="反向并单"):
        services.ticket_merge(ticket=first, into=submit(), actor=operator)

    services.ticket_sign_for(ticket=first, actor=other_clerk, at=at(2026, 10, 12, 10))
    services.ticket_contact(ticket=first, note="电话联系两位来电人", actor=other_clerk, at=at(2026, 10, 12, 11))
    services.ticket_reply(ticket=first, text="路灯已更换。", resolved=True, actor=other_clerk, at=at(2026, 10, 13, 9))
    Notification.objects.all().delete()
    first = services.ticket_approve_reply(ticket=first, actor=operator, at=at(2026, 10, 13, 10))
    assert sorted(Notification.objects.filter(channel="sms").values_list("phone", flat=True)) == [
        "13812345678", "13900001111"]  # every caller gets the reply
    assert selectors.tracking_body(second)["replies"][0]["text"] == "路灯已更换。"
    first = services.ticket_callback(ticket=first, caller_ticket=first, resolved=True, satisfaction="satisfied",
                                     actor=operator, at=at(2026, 10, 14, 9))
    assert first.status == "callback"  # the second caller is still to be called back
    with pytest.raises(DomainError, match="还有来电人未回访"):
        services.ticket_close(ticket=first, actor=operator)
    first = services.ticket_callback(ticket=first, caller_ticket=second, resolved=True, satisfaction="basic",
                                     actor=operator, at=at(2026, 10, 14, 9, 20))
    assert first.status == "closed"
    assert Callback.objects.filter(ticket=first).count() == 2


def test_contact_first_then_reply(submit, departments, operator, other_clerk):
    ticket = services.ticket_dispatch(ticket=submit(), department=departments["zjj"], actor=operator)
    services.ticket_sign_for(ticket=ticket, actor=other_clerk)
    with pytest.raises(DomainError, match="先行联系"):
        services.ticket_reply(ticket=ticket, text="已处理。", resolved=True, actor=other_clerk)
    ticket.refresh_from_db()
    assert ticket.status == "handling" and not ticket.replies.exists()


def test_unsatisfied_reopens_once(submit, departments, operator, other_clerk):
    ticket = _to_callback(submit(), departments["zjj"], operator, other_clerk)
    with pytest.raises(DomainError, match="只有回访不满意"):
        services.ticket_reopen(ticket=ticket, reason="再办", actor=operator)
    ticket = services.ticket_callback(ticket=ticket, resolved=False, satisfaction="unsatisfied", actor=operator)
    ticket = services.ticket_reopen(ticket=ticket, reason="群众反映仍未解决", actor=operator)
    services.ticket_reply(ticket=ticket, text="已再次处理。", resolved=True, actor=other_clerk)
    ticket = services.ticket_approve_reply(ticket=ticket, actor=operator)
    ticket = services.ticket_callback(ticket=ticket, resolved=False, satisfaction="unsatisfied", actor=operator)
    assert ticket.status == "callback"
    with pytest.raises(DomainError, match="只能重办一次"):
        services.ticket_reopen(ticket=ticket, reason="还是不满意", actor=operator)
    ticket = services.ticket_close(ticket=ticket, actor=operator, note="已重办一次，依规办结")
    assert ticket.status == "closed" and ticket.round == 2


def test_send_back_starts_a_redo_limit(submit, departments, operator, other_clerk):
    ticket = services.ticket_dispatch(ticket=submit(), department=departments["zjj"], actor=operator,
                                      at=at(2026, 10, 12, 9))
    services.ticket_sign_for(ticket=ticket, actor=other_clerk, at=at(2026, 10, 12, 10))
    services.ticket_contact(ticket=ticket, note="电话联系", actor=other_clerk, at=at(2026, 10, 12, 11))
    services.ticket_reply(ticket=ticket, text="已知悉。", resolved=False, actor=other_clerk, at=at(2026, 10, 13, 9))
    ticket = services.ticket_send_back(ticket=ticket, note="答复未说明处理结果", actor=operator,
                                       at=at(2026, 10, 13, 10))
    assert ticket.status == "handling" and ticket.reply_clock.due_date.isoformat() == "2026-10-16"  # 3 wd
    assert ticket.replies.get().review == "sent_back"


def test_direct_completion(submit, operator):
    ticket = submit(kind="consult", name="", phone="")
    ticket = services.ticket_close_directly(ticket=ticket, answer="医保异地备案可在手机上办理。", actor=operator)
    assert ticket.status == "closed" and ticket.closed_directly and ticket.department is None


def test_scope_lead_assisting_and_returned(submit, departments, operator, clerk, other_clerk, make_staff):
    ticket = services.ticket_dispatch(ticket=submit(), department=departments["fgw"], assisting=[departments["gkb"]],
                                      actor=operator)
    gkb_clerk = make_staff("gkb_clerk", department="gkb", role="经办人")
    assert POLICY.can_see(clerk, ticket) and POLICY.can_see(gkb_clerk, ticket)  # lead and assisting
    assert not POLICY.can_see(other_clerk, ticket)
    with pytest.raises(CapabilityRequired, match="不由您所在部门办理"):
        services.ticket_sign_for(ticket=ticket, actor=other_clerk)
    with pytest.raises(CapabilityRequired, match="只有热线办"):  # a department never reassigns
        services.ticket_reassign(ticket=ticket, department=departments["zjj"], actor=clerk)
    services.ticket_return(ticket=ticket, reason="不属于本局职责", actor=clerk)
    services.ticket_reassign(ticket=ticket, department=departments["zjj"], actor=operator)
    # the department that returned it and the old assisting one are out; the new lead is in
    assert not POLICY.can_see(clerk, ticket) and not POLICY.can_see(gkb_clerk, ticket)
    assert POLICY.can_see(other_clerk, ticket)
    with pytest.raises(TransitionNotAllowed, match="不能执行“答复”"):
        services.ticket_reply(ticket=ticket, text="已处理。", resolved=True, actor=other_clerk)
    assert AuditEvent.objects.filter(action="hotline.ticket.reassign").count() == 1


def test_idempotent_intake(mailbox):
    data = {"kind": "consult", "title": "公积金提取", "content": "请问在随县怎么提取住房公积金？需要哪些材料？"}
    first = services.ticket_submit(data=data, mailbox=mailbox, channel="mobile", idempotency_key="app-1")
    again = services.ticket_submit(data=data, mailbox=mailbox, channel="mobile", idempotency_key="app-1")
    assert (again.created, again.ticket.pk, again.secret) == (False, first.ticket.pk, first.secret)
    with pytest.raises(DomainError, match="另一件不同的诉求"):
        services.ticket_submit(data={**data, "title": "别的事"}, mailbox=mailbox, channel="mobile",
                               idempotency_key="app-1")
    assert Ticket.objects.count() == 1


def test_catalogue_matches_and_the_town_that_handles(submit, matter, town, departments):
    from sunshine.hotline.models import Matter

    road = Matter.objects.create(code="village-road", name="乡村道路", lead_department=departments["fgw"],
                                 town_handles=True, keywords="村道,坑洼")
    ticket = submit(title="路灯不亮", content="烈山村村道边的路灯坏了，村道也坑洼不平。", place=town)
    matches = selectors.catalogue_matches(ticket)
    assert [(m["matter"].code, m["hits"]) for m in matches] == [("village-road", 2), ("street-light", 1)]
    assert matches[0]["department"].code == "town-421321100"  # the village's town handles it (属地)
    assert matches[1]["department"] == departments["zjj"]
    assert selectors.lead_for(road, None) == departments["fgw"]  # no place: the catalogue's lead department
