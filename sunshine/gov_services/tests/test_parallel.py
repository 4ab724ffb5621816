"""Parallel approval (并联审批) with exact 2026 dates: a combined matter's tasks in three departments (promised 3, 5
and 10 working days), the overall promise (the longest department's), the joint statutory limit (45, +15 with
approval, 行政许可法 §42 ¶2), a §45 pause in one task; the task workflow table (state × action); scope (another
department's task is a 404); the green channel and the agent.

2026 calendar: National Day 10-01..10-07, make-up Saturday 10-10 worked (`sunshine.workcalendar`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases.testing import walk_transitions
from sunshine.clocks.models import Clock
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.gov_services import parallel, services
from sunshine.gov_services.models import Application, CombinedComponent, Material, ParallelTask, ServiceItem
from sunshine.gov_services.workflow import TASK_WORKFLOW, Status, TaskStatus

D = dt.date


@pytest.fixture
def combined(departments, county, make_item, window):
    """投资项目并联审批 led by 发改局 (fgw): 核准 (fgw, promised 3), 施工许可 (zjj, 5), 用地预审 (zrj, 10)."""
    from sunshine.gov_services.models import ServiceItemVersion
    from sunshine.orgs.models import Department

    departments["zrj"] = Department.objects.create(code="zrj", name="随县自然资源和规划局", short_name="自然资源局",
                                                   division=county)
    parts = [make_item("fgw-101", "企业投资项目核准（并联）", department="fgw", promised=3),
             make_item("zjj-101", "建筑工程施工许可证核发", department="zjj", statutory=7, promised=5),
             make_item("zrj-101", "建设项目用地预审与选址意见书核发", department="zrj", promised=10)]
    item = ServiceItem.objects.create(code="lb-002", name="投资项目并联审批", item_type="licensing",
                                      department=departments["fgw"], window=window, is_combined=True)
    version = ServiceItemVersion.objects.create(
        item=item, version=1, published_on=D(2026, 1, 5), legal_basis="《中华人民共和国行政许可法》第四十二条第二款",
        form_fields=parts[0].current_version.form_fields)
    Material.objects.create(version=version, position=1, name="项目申请报告", form="original", copies=2)
    Material.objects.create(version=version, position=2, name="环境影响报告表", form="original")
    for i, part in enumerate(parts, 1):
        CombinedComponent.objects.create(version=version, item=part, position=i)
    parallel.sync_declared_limits(version)
    item.current_version = version
    item.save(update_fields=["current_version"])
    return item


@pytest.fixture
def zrj_clerk(make_staff, combined):
    return make_staff("window_zrj", department="zrj", role="窗口人员", real_name="钱规划")


@pytest.fixture
def agent(make_staff):
    return make_staff("agent", department="gkb", role="代办员", real_name="何代办")


def _accepted(submit, combined, desk, window_clerk, *, received, accepted):
    app = services.application_dispatch(submit(on=received, the_item=combined), actor=desk)
    app = services.application_accept(app, actor=window_clerk, on=accepted)
    app.refresh_from_db()
    return app


def _tasks(app) -> dict[str, ParallelTask]:
    return {t.department.code: t for t in app.tasks.select_related("department", "promised_clock", "step_clock")}


def test_overall_promise_is_the_longest_department_and_joint_statutory_45(submit, combined, desk, window_clerk,
                                                                          head):
    assert parallel.overall_limits(combined.current_version) == (45, 10)
    combined.current_version.refresh_from_db()
    assert combined.current_version.promised_limit_days == 10 and combined.current_version.statutory_limit_days == 45
    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    assert app.status == Status.PARALLEL and app.step_clock is None and app.accepted_on == D(2026, 9, 30)
    tasks = _tasks(app)
    assert {code: t.status for code, t in tasks.items()} == {"fgw": "reviewing", "zjj": "reviewing",
                                                               "zrj": "reviewing"}
    # working days after 09-30: 10-08, 09, 10 (Sat, make-up), 12, 13, 14, 15, 16, 19, 20
    assert tasks["fgw"].promised_clock.due_date == D(2026, 10, 10)  # 3
    assert tasks["zjj"].promised_clock.due_date == D(2026, 10, 13)  # 5
    assert tasks["zrj"].promised_clock.due_date == D(2026, 10, 20)  # 10
    assert {t.promised_clock.kind for t in tasks.values()} == {"gov_services.task_promised"}
    assert {t.promised_clock.department.code for t in tasks.values()} == {"fgw", "zjj", "zrj"}
    # each task's own review step (the item's 5 days): 10-13
    assert tasks["zjj"].step_clock.due_date == D(2026, 10, 13) and tasks["zjj"].current_step == "review"
    # the case: promised = the longest department's (10) → 10-20; joint statutory 45 → 12-08
    assert app.promised_clock.limit_days == 10 and app.promised_clock.due_date == D(2026, 10, 20)
    assert app.statutory_clock.kind == "gov_services.joint_statutory"
    assert app.statutory_clock.limit_days == 45 and app.statutory_clock.due_date == D(2026, 12, 8)
    # +15 with approval (§42 ¶2): 12-09 … 12-29; a single case may not take more than 10, this one not more than 15
    with pytest.raises(DomainError, match="1至15个工作日"):
        services.application_extend(app, actor=head, reason="涉及多个部门，情况复杂", days=16)
    app = services.application_extend(app, actor=head, reason="涉及多个部门，情况复杂", days=15)
    app.statutory_clock.refresh_from_db()
    assert app.statutory_clock.due_date == D(2026, 12, 29) and app.extended
    # the acceptance letter names the overall promise
    from sunshine.documents.models import Document

    letter = Document.objects.get(kind="gov_services.acceptance", subject_id=app.pk)
    assert "2026年10月20日" in letter.html


def test_a_special_procedure_in_one_task_pauses_it_and_the_joint_limits(submit, combined, desk, window_clerk,
                                                                        zjj_clerk, zrj_clerk):
    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    tasks = _tasks(app)
    # 住建局's task: 专家评审 (§45, not counted) from Mon 10-12 to Mon 10-19
    task = parallel.task_start_special(tasks["zjj"], actor=zjj_clerk, procedure="专家评审", days=5, on=D(2026, 10, 12))
    assert task.status == TaskStatus.SPECIAL and task.paused_from == TaskStatus.REVIEWING
    task.promised_clock.refresh_from_db()
    assert task.promised_clock.state == Clock.State.PAUSED
    app.refresh_from_db()
    assert app.promised_clock.state == Clock.State.PAUSED and app.statutory_clock.state == Clock.State.PAUSED
    # the other tasks keep counting
    assert ParallelTask.objects.get(pk=tasks["zrj"].pk).promised_clock.state == Clock.State.RUNNING
    # another department cannot end it
    with pytest.raises(CapabilityRequired):
        parallel.task_end_special(task, actor=zrj_clerk, on=D(2026, 10, 19))
    task = parallel.task_end_special(task, actor=zjj_clerk, on=D(2026, 10, 19))
    assert task.status == TaskStatus.REVIEWING
    task.promised_clock.refresh_from_db()
    # used 10-08, 09, 10, 12 (4 of 5); 1 left after 10-19 → 10-20 (instead of 10-13)
    assert task.promised_clock.state == Clock.State.RUNNING and task.promised_clock.due_date == D(2026, 10, 20)
    app.refresh_from_db()
    # the case: 4 of 10 used; 6 after 10-19: 10-20, 21, 22, 23, 26, 27
    assert app.promised_clock.due_date == D(2026, 10, 27)
    # joint statutory: 4 of 45 used; 41 after 10-19 (was 12-08, the 5 paused working days 10-13 … 10-19 added)
    assert app.statutory_clock.due_date == D(2026, 12, 15)
    # the 特别程序告知书 is the applicant's, on the case
    from sunshine.documents.models import Document

    assert Document.objects.filter(kind="gov_services.special_procedure", subject_id=app.pk).count() == 1
    # the untouched department's promise is unchanged
    assert ParallelTask.objects.get(pk=tasks["zrj"].pk).promised_clock.due_date == D(2026, 10, 20)


def test_two_overlapping_pauses_resume_the_case_after_the_last(submit, combined, desk, window_clerk, zjj_clerk,
                                                               zrj_clerk):
    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    tasks = _tasks(app)
    parallel.task_start_special(tasks["zjj"], actor=zjj_clerk, procedure="检测", days=3, on=D(2026, 10, 12))
    parallel.task_start_special(tasks["zrj"], actor=zrj_clerk, procedure="专家评审", days=5, on=D(2026, 10, 13))
    parallel.task_end_special(ParallelTask.objects.get(pk=tasks["zjj"].pk), actor=zjj_clerk, on=D(2026, 10, 15))
    app.refresh_from_db()
    assert app.promised_clock.state == Clock.State.PAUSED  # 自然资源 still in its review
    parallel.task_end_special(ParallelTask.objects.get(pk=tasks["zrj"].pk), actor=zrj_clerk, on=D(2026, 10, 19))
    app.refresh_from_db()
    assert app.promised_clock.state == Clock.State.RUNNING and app.promised_clock.due_date == D(2026, 10, 27)


def test_every_task_done_returns_the_case_to_the_desk(submit, combined, desk, window_clerk, zjj_clerk, zrj_clerk):
    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    tasks = _tasks(app)
    on = D(2026, 10, 9)
    for code, clerk in (("fgw", window_clerk), ("zrj", zrj_clerk)):
        task = parallel.task_complete_review(tasks[code], actor=clerk, on=on)
        task = parallel.task_decide(task, actor=clerk, decision="granted", on=on)
        # §44: 10 working days after Fri 10-09: Sat 10-10 (make-up), 12 … 16, 19 … 22
        assert task.status == TaskStatus.CERTIFYING and task.certificate_clock.due_date == D(2026, 10, 22)
        task = parallel.task_issue_certificate(task, actor=clerk, number=f"{code}-2026-1", on=on)
        assert task.status == TaskStatus.DONE and task.finished_on == on
    app.refresh_from_db()
    assert app.status == Status.PARALLEL
    with pytest.raises(DomainError, match="未办结"):
        parallel.application_tasks_done(app, on=on)
    # 住建局 refuses its component (reasons required): its task ends, the case is complete with every outcome
    task = parallel.task_complete_review(tasks["zjj"], actor=zjj_clerk, on=on)
    with pytest.raises(DomainError, match="必须说明理由"):
        parallel.task_decide(task, actor=zjj_clerk, decision="denied", on=on)
    task = parallel.task_decide(task, actor=zjj_clerk, decision="denied", reasons="施工图审查未通过",
                                on=D(2026, 10, 12))
    assert task.status == TaskStatus.DONE
    task.promised_clock.refresh_from_db()
    assert task.promised_clock.state == Clock.State.STOPPED and task.promised_clock.outcome == "on_time"
    app.refresh_from_db()
    assert app.status == Status.RETURNED and app.statutory_clock.state == Clock.State.STOPPED
    app = services.application_complete(app, actor=desk, on=D(2026, 10, 13))
    assert app.status == Status.COMPLETED
    app.promised_clock.refresh_from_db()
    assert app.promised_clock.outcome == "on_time"
    from sunshine.audit.models import AuditEvent
    from sunshine.documents.models import Document

    assert AuditEvent.objects.filter(action="gov_services.application.tasks_done").count() == 1
    assert AuditEvent.objects.filter(action="gov_services.task.start").count() == 3
    decisions = Document.objects.filter(kind="gov_services.decision", subject_id=app.pk)
    assert decisions.count() == 3
    assert any("施工图审查未通过" in d.html and "行政复议" in d.html for d in decisions)


def test_task_workflow_every_state_and_action(submit, combined, desk, window_clerk):
    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    base = _tasks(app)["fgw"]
    T = TaskStatus
    expected = {(T.REVIEWING, "complete_review"), (T.DECIDING, "decide"), (T.CERTIFYING, "issue_certificate"),
                (T.REVIEWING, "start_special"), (T.DECIDING, "start_special"), (T.SPECIAL, "end_special"),
                # the case terminated (容缺 lapsed): every open task ends with it (deferred.py)
                *((state, "terminate") for state in (T.REVIEWING, T.DECIDING, T.SPECIAL, T.CERTIFYING))}

    def make_case(state):  # every pair runs in a savepoint that is rolled back: one task row serves them all
        ParallelTask.objects.filter(pk=base.pk).update(status=state,
                                                      paused_from=T.REVIEWING if state == T.SPECIAL else "")
        return ParallelTask.objects.get(pk=base.pk)

    on = D(2026, 10, 9)
    perform = {
        "complete_review": lambda t: parallel.task_complete_review(t, actor=window_clerk, on=on),
        "decide": lambda t: parallel.task_decide(t, actor=window_clerk, decision="granted", on=on),
        "issue_certificate": lambda t: parallel.task_issue_certificate(t, actor=window_clerk, number="证1", on=on),
        "start_special": lambda t: parallel.task_start_special(t, actor=window_clerk, procedure="检测", days=3, on=on),
        "end_special": lambda t: parallel.task_end_special(t, actor=window_clerk, on=on),
        "terminate": lambda t: parallel.task_terminate(t, on=on),
    }
    walk_transitions(TASK_WORKFLOW, make_case=make_case, perform=perform, expected=expected)


def test_each_department_sees_and_handles_only_its_task(client, submit, combined, desk, window_clerk, zjj_clerk,
                                                        zrj_clerk, agent):
    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    tasks = _tasks(app)
    # 住建局: its task opens with its actions; another department's task is a 404, and so is the case
    client.force_login(zjj_clerk)
    page = client.get(f"/zw/staff/tasks/{tasks['zjj'].pk}/")
    assert page.status_code == 200 and "审查完毕" in page.content.decode()
    assert client.get(f"/zw/staff/tasks/{tasks['zrj'].pk}/").status_code == 404
    assert client.post(f"/zw/staff/tasks/{tasks['zrj'].pk}/complete_review/").status_code == 404
    assert client.get(f"/zw/staff/cases/{app.pk}/").status_code == 404
    listing = client.get("/zw/staff/tasks/").content.decode()
    assert "建筑工程施工许可证核发" in listing and "建设项目用地预审与选址意见书核发" not in listing
    assert client.post(f"/zw/staff/tasks/{tasks['zjj'].pk}/complete_review/").status_code == 302
    assert ParallelTask.objects.get(pk=tasks["zjj"].pk).status == TaskStatus.DECIDING
    # the lead department (发改局) sees every task of its case, acts only on its own
    client.force_login(window_clerk)
    assert client.get(f"/zw/staff/tasks/{tasks['zrj'].pk}/").status_code == 200
    assert TASK_WORKFLOW.allowed_actions(window_clerk, tasks["zrj"]) == []
    with pytest.raises(CapabilityRequired):
        parallel.task_complete_review(tasks["zrj"], actor=window_clerk, on=D(2026, 10, 9))
    assert client.post(f"/zw/staff/tasks/{tasks['zrj'].pk}/complete_review/").status_code == 403
    case_page = client.get(f"/zw/staff/cases/{app.pk}/").content.decode()
    assert case_page.count("/zw/staff/tasks/") >= 3 and "并联办理中" in case_page
    # the desk sees every task, handles none
    client.force_login(desk)
    assert client.get(f"/zw/staff/tasks/{tasks['zrj'].pk}/").status_code == 200
    assert TASK_WORKFLOW.allowed_actions(desk, tasks["zrj"]) == []
    # the agent: nothing until assigned; then the case and its tasks read-only
    client.force_login(agent)
    assert client.get(f"/zw/staff/cases/{app.pk}/").status_code == 404
    parallel.application_assign_agent(app, actor=desk, agent=agent)
    page = client.get(f"/zw/staff/cases/{app.pk}/")
    assert page.status_code == 200 and 'id="agent-read-only"' in page.content.decode()
    assert client.get(f"/zw/staff/tasks/{tasks['zrj'].pk}/").status_code == 200
    assert client.post(f"/zw/staff/cases/{app.pk}/extend/", {"extend-reason": "x", "extend-days": "5"}
                       ).status_code == 403
    assert "投资项目并联审批" in client.get("/zw/staff/agent/").content.decode()
    with pytest.raises(DomainError, match="代办员"):
        parallel.application_assign_agent(app, actor=desk, agent=zjj_clerk)


def test_green_channel_first_and_agent_named_on_the_tracking_page(client, submit, combined, desk, window_clerk,
                                                                  zjj_clerk, agent, django_assert_max_num_queries):
    plain = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 29))
    key = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 21), accepted=D(2026, 9, 22))
    key = parallel.application_set_green_channel(key, actor=desk, on=True, reason="县重点项目")
    parallel.application_assign_agent(key, actor=desk, agent=agent)
    client.force_login(zjj_clerk)
    with django_assert_max_num_queries(14):
        page = client.get("/zw/staff/tasks/").content.decode()
    assert page.index(key.tracking_code) < page.index(plain.tracking_code) and "绿色通道" in page
    client.force_login(window_clerk)
    page = client.get("/zw/staff/window/").content.decode()
    assert page.index(key.tracking_code) < page.index(plain.tracking_code)
    # workbench section of the department's parallel tasks
    from sunshine.gov_services.sections import workbench_sections

    section = next(s for s in workbench_sections(zjj_clerk) if s["title"] == "并联审批")
    assert section["items"][0]["note"] == "2 件" and section["items"][-1]["note"] == "1 件"
    # the applicant's tracking page: each department's task and state, the agent named
    app = Application.objects.get(pk=key.pk)
    client.logout()
    session = client.session
    session["gov_services_verified"] = app.tracking_code
    session.save()
    page = client.get(f"/zw/track/{app.tracking_code}/").content.decode()
    assert "何代办" in page and "随县自然资源和规划局" in page and "建筑工程施工许可证核发" in page
    assert page.count("审查中") >= 3


def test_public_catalogue_and_guide_show_the_combined_matter(client, combined):
    page = client.get("/zw/").content.decode()
    assert "投资项目并联审批" in page and "联办" in page
    guide = client.get("/zw/items/lb-002/").content.decode()
    assert "联合办理45个工作日" in guide and "延长15个工作日" in guide
    assert "10个工作日（各部门同步办理" in guide
    for name in ("企业投资项目核准", "建筑工程施工许可证核发", "建设项目用地预审与选址意见书核发", "环境影响报告表"):
        assert name in guide


# --- the combined case with fees, supervision flags and 容缺 (the merge of parallel approval with zwfee's work) ------
def _combined_with_deferred(combined, submit, desk, window_clerk):
    """Accepted 09-30 (the day before National Day) with 节能审查意见 to follow within 10 working days: due 10-20; the
    combined matter charges 100元 by its own standard."""
    version = combined.current_version
    energy = Material.objects.create(version=version, position=3, name="节能审查意见", form="original",
                                     required=False, deferrable=True)
    version.fee_schedule = {"kind": "fixed", "amount": "100"}
    version.save(update_fields=["fee_schedule"])
    app = services.application_dispatch(submit(on=D(2026, 9, 30), the_item=combined), actor=desk)
    assert app.fee_due == 10000
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 30), deferred=[energy.pk])
    assert app.status == Status.PARALLEL and app.deferred_clock.due_date == D(2026, 10, 20)
    return app


def test_lapsed_deferred_terminates_the_combined_case_and_its_open_tasks(submit, combined, desk, window_clerk,
                                                                         zjj_clerk):
    from sunshine.audit.models import AuditEvent
    from sunshine.gov_services import deferred, fees
    from sunshine.gov_services.models import FlagKind, IntegrityFlag

    app = _combined_with_deferred(combined, submit, desk, window_clerk)
    fees.application_record_fee(app, actor=window_clerk, amount="100", channel="non_tax", reference="NT-LB-1",
                                paid_on=D(2026, 10, 9))  # 票款分离 while the tasks run
    tasks = _tasks(app)
    task = parallel.task_complete_review(tasks["zjj"], actor=zjj_clerk, on=D(2026, 10, 9))
    with pytest.raises(DomainError, match="节能审查意见）尚未补齐，不能作出准予许可决定") as refused:
        parallel.task_decide(task, actor=zjj_clerk, decision="granted", on=D(2026, 10, 12))
    assert refused.value.code == "deferred_outstanding"
    task = parallel.task_decide(task, actor=zjj_clerk, decision="denied", reasons="施工图审查未通过",
                                on=D(2026, 10, 12))  # a refusal may be decided: the task ends with its outcome
    parallel.task_start_special(tasks["fgw"], actor=window_clerk, procedure="专家评审", days=5, on=D(2026, 10, 13))
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 20)) == 0  # the period's last day
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 21)) == 1
    app.refresh_from_db()
    assert app.status == Status.TERMINATED and app.terminated_on == D(2026, 10, 21)
    for clock in (app.statutory_clock, app.promised_clock):
        assert clock.state == Clock.State.STOPPED and clock.outcome == Clock.Outcome.CANCELLED
    assert app.deferred_clock.outcome == Clock.Outcome.LAPSED
    tasks = _tasks(app)
    assert {code: t.status for code, t in tasks.items()} == {"fgw": TaskStatus.TERMINATED, "zjj": TaskStatus.DONE,
                                                             "zrj": TaskStatus.TERMINATED}
    assert tasks["zjj"].decision == "denied" and tasks["zjj"].promised_clock.outcome == "on_time"
    for code in ("fgw", "zrj"):
        t = tasks[code]
        assert t.finished_on == D(2026, 10, 21) and t.special_procedure == ""
        assert t.promised_clock.outcome == Clock.Outcome.CANCELLED and t.step_clock.outcome == Clock.Outcome.CANCELLED
    assert AuditEvent.objects.filter(action="gov_services.task.terminate").count() == 2
    assert IntegrityFlag.objects.filter(application=app, kind=FlagKind.DEFERRED_LAPSED).count() == 1
    assert app.fee_payments.get().amount == 10000
    with pytest.raises(DomainError):  # nothing moves a terminated case's tasks
        parallel.task_end_special(tasks["fgw"], actor=window_clerk, on=D(2026, 10, 22))


def test_a_task_step_is_supervised_like_a_case_step(submit, combined, desk, window_clerk, zjj_clerk):
    """The task's 审查 (5 working days from 09-30: 10-08, 10-09, the make-up Saturday 10-10, 10-12, due 10-13) ended
    10-14 → step_overdue in 住建局; the hourly sweep
    flags the running, overdue 审查 of the two other tasks in their departments, once."""
    from sunshine.gov_services import integrity
    from sunshine.gov_services.models import FlagKind, IntegrityFlag

    app = _accepted(submit, combined, desk, window_clerk, received=D(2026, 9, 28), accepted=D(2026, 9, 30))
    tasks = _tasks(app)
    assert tasks["zjj"].step_clock.due_date == D(2026, 10, 13)
    assert integrity.sweep_integrity(today=D(2026, 10, 13)) == 0  # due today: not overdue yet
    parallel.task_complete_review(tasks["zjj"], actor=zjj_clerk, on=D(2026, 10, 14))
    flags = IntegrityFlag.objects.filter(application=app, kind=FlagKind.STEP_OVERDUE)
    assert [(f.department.code, f.step, f.facts["ended"]) for f in flags] == [("zjj", "review", "2026-10-14")]
    assert integrity.sweep_integrity(today=D(2026, 10, 14)) == 2
    assert integrity.sweep_integrity(today=D(2026, 10, 15)) == 0  # idempotent
    assert sorted(flags.values_list("department__code", flat=True)) == ["fgw", "zjj", "zrj"]


def test_a_new_guide_version_of_a_combined_matter_keeps_its_components_fee_and_min_days(combined, make_staff):
    """办事指南 review (zwcat) × 并联审批 and fees (the merge): the draft copies the components and the fee standard,
    an edit keeps a step's 最短用时, approval recomputes the joint limits whatever the draft said."""
    from sunshine.gov_services import catalogue
    from sunshine.gov_services.models import ServiceItemVersion

    steps = [{"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 3, "min_days": 2},
             {"code": "decide", "name": "决定", "role": "审核人", "limit_days": 2}]
    ServiceItemVersion.objects.filter(pk=combined.current_version_id).update(
        status="published", fee_schedule={"kind": "fixed", "amount": "100"}, steps=steps)
    drafter = make_staff("drafter_fgw", department="fgw", role="经办人", real_name="钱起草")
    approver = make_staff("approver_fgw", department="fgw", role="审核人", real_name="李审核")
    v2 = catalogue.guide_draft(item=combined, actor=drafter)
    assert list(v2.components.order_by("position").values_list("item__code", flat=True)) == [
        "fgw-101", "zjj-101", "zrj-101"]
    assert v2.fee_schedule == {"kind": "fixed", "amount": "100"}
    content = {**catalogue.guide_content(v2), "promised_limit_days": 3, "statutory_limit_days": 20}
    catalogue.guide_update(version=v2, content=content, actor=drafter)
    v2.refresh_from_db()
    assert v2.steps[0]["min_days"] == 2 and "min_days" not in v2.steps[1]
    catalogue.guide_submit(version=v2, actor=drafter)
    catalogue.guide_approve(version=v2, actor=approver, on=D(2026, 12, 3))
    v2.refresh_from_db()
    combined.refresh_from_db()
    assert combined.current_version_id == v2.pk and parallel.is_combined(v2)
    assert (v2.statutory_limit_days, v2.promised_limit_days) == (45, 10)  # joint 45, the longest promise (zrj)
