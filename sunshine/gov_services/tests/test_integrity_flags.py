"""Integrity flags (电子监察标记): one test per kind, idempotent and audited; the supervision page (filters, scope,
bounded queries); the statistics provider counts them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.audit.models import AuditEvent
from sunshine.gov_services import integrity, services
from sunshine.gov_services.models import FlagKind, IntegrityFlag

D = dt.date
AT_0921 = dt.datetime(2026, 9, 21, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _kinds(app=None):
    flags = IntegrityFlag.objects.all() if app is None else IntegrityFlag.objects.filter(application=app)
    return sorted(flags.values_list("kind", flat=True))


def _accepted(submit, desk, clerk, on, **kw):
    app = services.application_dispatch(submit(on=on, **kw), actor=desk)
    return services.application_accept(app, actor=clerk, on=on)


def test_a_decision_dated_before_the_registration_is_flagged(submit, desk, window_clerk):
    """体外循环: the case was entered on 10-12, its decision is dated 10-09."""
    with time_machine.travel(dt.datetime(2026, 10, 12, 9, 0, tzinfo=AT_0921.tzinfo), tick=False):
        late = _accepted(submit, desk, window_clerk, D(2026, 10, 9))
        late = services.application_complete_review(late, actor=window_clerk, on=D(2026, 10, 9))
        services.application_decide(late, actor=window_clerk, decision="granted", on=D(2026, 10, 9))
    flag = IntegrityFlag.objects.get(application=late)
    assert flag.kind == FlagKind.REGISTERED_AFTER_DECISION
    assert flag.facts == {"decided_on": "2026-10-09", "registered_on": "2026-10-12", "received_on": "2026-10-09"}
    assert flag.raised_on == D(2026, 10, 12) and flag.department_id == late.department_id
    with time_machine.travel(AT_0921, tick=False):  # registered the day of receipt, decided later: nothing
        fine = _accepted(submit, desk, window_clerk, D(2026, 9, 21))
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, 0, tzinfo=AT_0921.tzinfo), tick=False):
        fine = services.application_complete_review(fine, actor=window_clerk, on=D(2026, 9, 24))
        services.application_decide(fine, actor=window_clerk, decision="granted", on=D(2026, 9, 25))
    assert _kinds(fine) == []


def test_a_step_faster_than_the_item_allows_is_flagged(make_item, submit, desk, window_clerk):
    """体外循环: 审查 declares at least 2 working days (现场核查); it was recorded the day of acceptance."""
    item = make_item("fgw-010", "固定资产投资项目节能审查", steps=[
        {"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 5, "min_days": 2},
        {"code": "decide", "name": "决定", "role": "审核人", "limit_days": 3}])
    with time_machine.travel(AT_0921, tick=False):
        fast = _accepted(submit, desk, window_clerk, D(2026, 9, 21), the_item=item)
        services.application_complete_review(fast, actor=window_clerk, on=D(2026, 9, 22))
        slow = _accepted(submit, desk, window_clerk, D(2026, 9, 21), the_item=item)
        services.application_complete_review(slow, actor=window_clerk, on=D(2026, 9, 23))
    flag = IntegrityFlag.objects.get(application=fast)
    assert flag.kind == FlagKind.STEPS_TOO_FAST and flag.step == "review"
    assert flag.facts["days"] == 1 and flag.facts["min_days"] == 2
    assert _kinds(slow) == []


def test_a_late_notice_is_flagged_once_and_audited(submit, desk, window_clerk):
    """Receipt Fri 10-09, notice due Thu 10-15 (make-up Saturday 10-10 counted), swept 10-16."""
    with time_machine.travel(AT_0921, tick=False):
        app = services.application_dispatch(submit(on=D(2026, 10, 9)), actor=desk)
    assert services.accept_late_notices(today=D(2026, 10, 15)) == 0
    assert services.accept_late_notices(today=D(2026, 10, 16)) == 1
    app.refresh_from_db()
    assert app.accepted_by_lapse and app.accepted_on == D(2026, 10, 9)
    flag = IntegrityFlag.objects.get()
    assert (flag.kind, flag.raised_on, flag.facts) == (FlagKind.NOTICE_LATE, D(2026, 10, 16), {
        "received_on": "2026-10-09", "notice_due": "2026-10-15"})
    # idempotent: raising it again returns the same flag, no second audit event
    again, created = integrity.raise_flag(app, FlagKind.NOTICE_LATE, on=D(2026, 10, 17))
    assert again.pk == flag.pk and not created
    events = AuditEvent.objects.filter(action="gov_services.flag.raise", target_id=str(app.pk))
    assert events.count() == 1 and events.get().after["kind"] == "notice_late"


def test_an_overdue_step_is_flagged_even_within_the_case_limit(submit, desk, window_clerk):
    """审查 (5 working days from Mon 09-21, Mid-Autumn Fri 09-25 off) is due 09-29; it ends 09-30, while the
    statutory limit (20 working days, after National Day) is far away."""
    with time_machine.travel(AT_0921, tick=False):
        app = _accepted(submit, desk, window_clerk, D(2026, 9, 21))
    assert app.step_clock.due_date == D(2026, 9, 29)
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 9, 30))
    flag = IntegrityFlag.objects.get(application=app)
    assert (flag.kind, flag.step, flag.facts["due"]) == (FlagKind.STEP_OVERDUE, "review", "2026-09-29")
    assert app.statutory_clock.outcome == "" and app.statutory_clock.due_date == D(2026, 10, 26)


def test_the_sweep_flags_running_overdue_steps_once(submit, desk, window_clerk):
    with time_machine.travel(AT_0921, tick=False):
        app = _accepted(submit, desk, window_clerk, D(2026, 9, 21))
    assert integrity.sweep_integrity(today=D(2026, 9, 29)) == 0  # due that day
    assert integrity.sweep_integrity(today=D(2026, 9, 30)) == 1
    assert integrity.sweep_integrity(today=D(2026, 10, 8)) == 0
    # the step then ends late: still one flag for that step
    services.application_complete_review(app, actor=window_clerk, on=D(2026, 10, 8))
    assert _kinds(app) == [FlagKind.STEP_OVERDUE]


def test_an_application_for_a_cancelled_item_is_flagged(item, submit, desk, window_clerk):
    with time_machine.travel(AT_0921, tick=False):
        before = services.application_dispatch(submit(on=D(2026, 9, 18)), actor=desk)
        after = services.application_dispatch(submit(on=D(2026, 9, 21)), actor=desk)
    item.is_active, item.cancelled_on = False, D(2026, 9, 21)
    item.save(update_fields=["is_active", "cancelled_on"])
    from sunshine.core.errors import DomainError

    with pytest.raises(DomainError, match="已取消"):
        submit(on=D(2026, 9, 22))
    # accepted after the cancellation: flagged at acceptance
    services.application_accept(before, actor=window_clerk, on=D(2026, 9, 22))
    assert _kinds(before) == [FlagKind.CANCELLED_ITEM]
    # received on the day of the cancellation, still waiting: the sweep flags it, once
    assert integrity.sweep_integrity(today=D(2026, 9, 22)) == 1
    assert _kinds(after) == [FlagKind.CANCELLED_ITEM]
    assert integrity.sweep_integrity(today=D(2026, 9, 23)) == 0


def test_the_supervision_page_lists_and_filters_the_flags(client, make_item, submit, desk, window_clerk,
                                                          supervisor, zjj_clerk, make_staff,
                                                          django_assert_max_num_queries):
    zjj_item = make_item("zjj-001", "建筑工程施工许可证核发", department="zjj")
    zjj_window = make_staff("zjj_w", department="zjj", role="窗口人员")
    with time_machine.travel(AT_0921, tick=False):
        a = _accepted(submit, desk, window_clerk, D(2026, 9, 21))
        b = _accepted(submit, desk, zjj_window, D(2026, 9, 21), the_item=zjj_item)
        for i in range(3):
            _accepted(submit, desk, window_clerk, D(2026, 9, 21), applicant_name=f"李{i}明")
    assert integrity.sweep_integrity(today=D(2026, 9, 30)) == 5
    integrity.raise_flag(a, FlagKind.FEE_OUTSIDE_STANDARD, on=D(2026, 9, 30), facts={"paid": "1.00"})
    client.force_login(window_clerk)
    assert client.get("/zw/staff/supervision/").status_code == 403
    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        r = client.get("/zw/staff/supervision/")
    html = r.content.decode()
    assert r.status_code == 200 and html.count("环节超时</span>") == 5 and "收费不符合标准</span>" in html
    html = client.get("/zw/staff/supervision/?kind=fee_outside_standard").content.decode()
    assert html.count('<span class="badge badge-danger">') == 1 and a.tracking_code in html
    html = client.get("/zw/staff/supervision/?department=zjj").content.decode()
    assert html.count('<span class="badge badge-danger">') == 1 and b.tracking_code in html
    assert a.tracking_code not in html
    # the supervisor reads the case (read-only: no action form)
    r = client.get(f"/zw/staff/cases/{b.pk}/")
    assert r.status_code == 200 and "审查完毕" not in r.content.decode()


def test_the_workbench_section_and_the_statistics_count_the_flags(submit, desk, window_clerk, supervisor):
    from sunshine.core.statistics import provider
    from sunshine.gov_services.sections import workbench_sections

    with time_machine.travel(AT_0921, tick=False):
        _accepted(submit, desk, window_clerk, D(2026, 9, 21))
    integrity.sweep_integrity(today=D(2026, 9, 30))
    assert "政务服务监察" not in [s["title"] for s in workbench_sections(window_clerk)]
    section = next(s for s in workbench_sections(supervisor) if s["title"] == "政务服务监察")
    assert {i["label"]: i["note"] for i in section["items"]}["环节超时"] == "1 个"
    rows = provider("gov_services").figures(start=D(2026, 9, 1), end=D(2026, 9, 30))
    assert [(r["flags"], r["flag_step_overdue"], r["flag_notice_late"]) for r in rows] == [(1, 1, 0)]
    codes = [d.code for d in provider("gov_services").definitions()]
    assert {f"flag_{k}" for k in FlagKind.values} <= set(codes)
