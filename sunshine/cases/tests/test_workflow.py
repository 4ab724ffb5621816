"""The workflow engine, the policy base and the table walk, on a kernel table (clocks: `state` as the status), so
the kernel's tests import no domain app."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import models
from django.http import Http404

from sunshine.audit.models import AuditEvent
from sunshine.cases.permissions import Policy
from sunshine.cases.testing import walk_transitions
from sunshine.cases.workflow import SYSTEM, Transition, Workflow
from sunshine.clocks.models import Clock
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed


class State(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "已暂停"
    STOPPED = "stopped", "已结束"


HANDLE = "clocks.change_clock"


class ClockPolicy(Policy):
    model = Clock


def make_workflow(policy=None):
    return Workflow(name="test", states=State, audit_prefix="testcase", status_field="state", policy=policy,
                    transitions=[
                        Transition("pause", "暂停", {State.RUNNING}, State.PAUSED, HANDLE, clock="pause"),
                        Transition("resume", "恢复", {State.PAUSED}, State.RUNNING, HANDLE, clock="resume"),
                        Transition("note", "备注", {State.RUNNING, State.PAUSED}, None, HANDLE),
                        Transition("stop", "结束", {State.RUNNING, State.PAUSED}, State.STOPPED,
                                   {State.RUNNING: HANDLE, State.PAUSED: "clocks.extend_clock"},
                                   denied="须经负责人批准。"),
                        Transition("expire", "到期", {State.RUNNING}, State.STOPPED, None, performed_by=SYSTEM),
                    ])


@pytest.fixture
def policy():
    return ClockPolicy()


@pytest.fixture
def workflow(policy):
    return make_workflow(policy)


@pytest.fixture
def handler(clerk):
    clerk.user_permissions.add(Permission.objects.get(codename="change_clock"))
    return type(clerk).objects.get(pk=clerk.pk)  # fresh permission cache


@pytest.fixture
def case(departments):
    from sunshine.clocks.services import clock_start

    return clock_start(kind="test.case", subject=departments["zjj"], department=departments["fgw"],
                       started_on=dt.date(2026, 3, 2), limit_days=20, label="测试案件")


def test_declaring_unknown_states_or_duplicates_fails():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(name="bad", states=State, audit_prefix="x",
                 transitions=[Transition("go", "走", {"nowhere"}, State.RUNNING, HANDLE)])
    with pytest.raises(ValueError, match="duplicate"):
        Workflow(name="bad", states=State, audit_prefix="x",
                 transitions=[Transition("go", "走", {State.RUNNING}, None, HANDLE)] * 2)


def test_step_sets_status_by_compare_and_set_and_audits_from_and_to(workflow, case, handler,
                                                                  django_capture_on_commit_callbacks):
    sent = []
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          workflow.step(case, "pause", actor=handler, reason="征求意见") as step):
        assert step.source == "running" and step.target == "paused"
        step.set(paused_on=dt.date(2026, 3, 5))
        step.audit(after={"party": "第三方"})
        step.on_commit(lambda: sent.append("sms"))
        assert sent == []  # not before the commit
    assert len(callbacks) == 1 and sent == ["sms"]
    case.refresh_from_db()
    assert case.state == "paused" and case.paused_on == dt.date(2026, 3, 5)
    event = AuditEvent.objects.get(action="testcase.pause")
    assert (event.from_status, event.to_status) == ("running", "paused")
    assert event.after == {"status": "paused", "party": "第三方"} and event.reason == "征求意见"
    assert event.actor_id == handler.pk and event.department_id == case.department_id


def test_a_step_inside_a_state_keeps_it_and_still_audits_both_columns(workflow, case, handler):
    workflow.transition(case, "note", actor=handler, reason="记一笔")
    event = AuditEvent.objects.get(action="testcase.note")
    assert (event.from_status, event.to_status) == ("running", "running")


def test_refusal_inside_the_block_saves_nothing_and_notifies_nobody(workflow, case, handler,
                                                                   django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError),
          workflow.step(case, "pause", actor=handler) as step):
        step.set(paused_on=dt.date(2026, 3, 5))
        step.on_commit(lambda: None)
        raise DomainError("理由不能为空。")
    assert callbacks == []
    case.refresh_from_db()
    assert case.state == "running" and case.paused_on is None
    assert not AuditEvent.objects.filter(action="testcase.pause").exists()


def test_wrong_state_is_refused_in_chinese(workflow, case, handler):
    with pytest.raises(TransitionNotAllowed) as refused:
        workflow.transition(case, "resume", actor=handler)
    assert refused.value.message == "当前状态为“计时中”，不能执行“恢复”。" and refused.value.status_code == 409


def test_capability_and_scope_are_checked_by_the_policy(workflow, case, handler, make_staff, policy):
    plain = make_staff("plain", department="fgw", role=None)
    with pytest.raises(CapabilityRequired, match="您没有“暂停”的权限"):
        workflow.transition(case, "pause", actor=plain)
    stranger = make_staff("stranger", department="zjj", role=None)
    stranger.user_permissions.add(Permission.objects.get(codename="change_clock"))
    stranger = type(stranger).objects.get(pk=stranger.pk)
    with pytest.raises(CapabilityRequired, match="不属于您所在的部门"):
        workflow.transition(case, "pause", actor=stranger)
    assert [t.name for t in workflow.allowed_actions(handler, case)] == ["pause", "note", "stop"]
    assert workflow.allowed_actions(stranger, case) == []
    # an app's policy may name its cases in that refusal
    policy.out_of_scope_message = "该申请不属于您所在的部门。"
    with pytest.raises(CapabilityRequired) as refused:
        workflow.transition(case, "pause", actor=stranger)
    assert refused.value.message == "该申请不属于您所在的部门。"
    # a capability that depends on the source state: stopping a paused case needs the head's capability
    workflow.transition(case, "pause", actor=handler)
    case.refresh_from_db()
    assert [t.name for t in workflow.allowed_actions(handler, case)] == ["resume", "note"]
    with pytest.raises(CapabilityRequired, match="须经负责人批准"):
        workflow.transition(case, "stop", actor=handler)


def test_system_transitions_skip_capabilities_but_not_the_table(workflow, case):
    with pytest.raises(CapabilityRequired):
        workflow.transition(case, "expire", actor=None)  # not announced as the system
    workflow.transition(case, "expire", actor=None, performed_by=SYSTEM)
    case.refresh_from_db()
    assert case.state == "stopped"
    with pytest.raises(TransitionNotAllowed):
        workflow.transition(case, "expire", actor=None, performed_by=SYSTEM)


def test_policy_scope_department_division_and_cross_department(policy, case, departments, make_staff, office_head,
                                                             county, citizen):
    from sunshine.orgs.models import Department, Division

    own, other = make_staff("own", department="fgw", role=None), make_staff("other", department="zjj", role=None)
    assert list(policy.visible_to(own)) == [case] and policy.can_see(own, case)
    assert list(policy.visible_to(other)) == [] and not policy.can_see(other, case)
    with pytest.raises(Http404):
        policy.get_visible(other, pk=case.pk)
    assert policy.get_visible(office_head, pk=case.pk) == case  # the disclosure office reads all
    assert list(policy.visible_to(citizen)) == []

    town = Division.objects.create(code="421321101", name="厉山镇", level=Division.Level.TOWN, parent=county)
    village = Division.objects.create(code="421321101201", name="厉山村", level=Division.Level.VILLAGE, parent=town)
    town_office = Department.objects.create(code="lsz", name="厉山镇人民政府", division=town)
    village_office = Department.objects.create(code="lsc", name="厉山村委会", division=village)
    from sunshine.clocks.services import clock_start

    in_village = clock_start(kind="test.case", subject=departments["zjj"], department=village_office,
                             started_on=dt.date(2026, 3, 2), limit_days=5)

    class DivisionPolicy(Policy):
        model = Clock
        division_path = "department__division"

    town_clerk = make_staff("town", department="fgw", role=None)
    town_clerk.department = town_office
    town_clerk.save()
    division_policy = DivisionPolicy()
    assert list(division_policy.visible_to(town_clerk)) == []  # without the capability: own department only
    town_clerk.user_permissions.add(Permission.objects.get(codename="view_division_cases"))
    town_clerk = type(town_clerk).objects.get(pk=town_clerk.pk)
    assert list(division_policy.visible_to(town_clerk)) == [in_village]
    assert not division_policy.can_see(town_clerk, case)


def test_walk_transitions_finds_a_service_that_ignores_the_table(workflow, case, handler, departments):
    from sunshine.clocks.services import clock_start

    def make(state):
        clock = clock_start(kind="test.case", subject=departments["zjj"], department=departments["fgw"],
                            started_on=dt.date(2026, 3, 2), limit_days=20)
        Clock.objects.filter(pk=clock.pk).update(state=state)
        return clock

    handler.user_permissions.add(Permission.objects.get(codename="extend_clock"))
    handler = type(handler).objects.get(pk=handler.pk)
    perform = {name: (lambda c, name=name: workflow.transition(c, name, actor=handler,
                                                               performed_by=SYSTEM if name == "expire" else ""))
               for name in workflow.transitions}
    expected = {("running", "pause"), ("paused", "resume"), ("running", "note"), ("paused", "note"),
                ("running", "stop"), ("paused", "stop"), ("running", "expire")}
    walk_transitions(workflow, make_case=make, perform=perform, expected=expected)

    # a table that forgets a pair, or a test that expects one more, fails
    with pytest.raises(AssertionError, match="differ from the declared table"):
        walk_transitions(workflow, make_case=make, perform=perform, expected=expected | {("stopped", "resume")})

    # a service that changes the state without asking the table fails
    def sloppy_resume(c):
        Clock.objects.filter(pk=c.pk).update(state="running")

    with pytest.raises(AssertionError, match=r"\(running, resume\) succeeded but is not in the table"):
        walk_transitions(workflow, make_case=make, perform={**perform, "resume": sloppy_resume}, expected=expected)


def test_the_central_desk_reads_every_department_but_acts_only_with_a_capability(policy, workflow, case, make_staff):
    """集中受理台 registers and dispatches for every department: its role's cross-department duty
    (orgs.view_all_departments) lets it see another department's case; acting still needs the action's capability."""
    desk = make_staff("desk", department="gkb", role="集中受理台")
    assert case.department.code == "fgw" and policy.can_see(desk, case)
    assert list(policy.visible_to(desk)) == [case]
    assert workflow.allowed_actions(desk, case) == []
    with pytest.raises(CapabilityRequired, match="您没有“暂停”的权限"):
        workflow.transition(case, "pause", actor=desk)
