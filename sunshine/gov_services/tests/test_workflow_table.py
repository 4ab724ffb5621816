"""Every (state, action) pair of the application workflow through the real services (cases.testing)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.cases.testing import walk_transitions
from sunshine.clocks import services as clocks
from sunshine.gov_services import deferred, fees, parallel, services
from sunshine.gov_services.models import Application
from sunshine.gov_services.workflow import OPEN_STATES, WORKFLOW, Status

D = dt.date(2026, 9, 22)
S = Status

EXPECTED = {
    (S.REGISTERED, "dispatch"),
    (S.REGISTERED, "accept_by_lapse"),
    (S.DISPATCHED, "accept"), (S.DISPATCHED, "prereview"), (S.DISPATCHED, "refuse"), (S.DISPATCHED, "notify_missing"),
    (S.DISPATCHED, "accept_by_lapse"),
    (S.AWAITING_MATERIALS, "receive_materials"),
    (S.REVIEWING, "complete_review"), (S.REVIEWING, "start_special"), (S.REVIEWING, "extend"),
    (S.DECIDING, "decide"), (S.DECIDING, "start_special"), (S.DECIDING, "extend"),
    (S.SPECIAL, "end_special"), (S.SPECIAL, "extend"),
    (S.REVIEWING, "receive_deferred"), (S.DECIDING, "receive_deferred"), (S.SPECIAL, "receive_deferred"),
    (S.REVIEWING, "upload_deferred"), (S.DECIDING, "upload_deferred"), (S.SPECIAL, "upload_deferred"),
    (S.CERTIFYING, "issue_certificate"),
    (S.DELIVERING, "deliver"),
    (S.RETURNED, "complete"),
    # 并联审批: the combined case waits for its tasks; extension (+15) and 容缺 follow-up meanwhile
    (S.PARALLEL, "tasks_done"), (S.PARALLEL, "extend"), (S.PARALLEL, "receive_deferred"),
    (S.PARALLEL, "upload_deferred"),
    # fees (票款分离) from acceptance to the desk, a combined case in 并联办理中 too
    *((state, "record_fee") for state in (S.REVIEWING, S.DECIDING, S.SPECIAL, S.PARALLEL, S.CERTIFYING,
                                          S.DELIVERING, S.RETURNED)),
    # 容缺 lapsed before the decision: 终止办理 (a combined case's tasks end with it)
    (S.REVIEWING, "terminate_deferred"), (S.DECIDING, "terminate_deferred"), (S.SPECIAL, "terminate_deferred"),
    (S.PARALLEL, "terminate_deferred"),
} | {(state, action) for state in OPEN_STATES for action in ("set_green_channel", "assign_agent")}


def test_every_state_and_action(submit, item, desk, window_clerk, head, citizen, make_staff):
    required = list(item.current_version.materials.filter(required=True))
    agent = make_staff("agent", department="gkb", role="代办员", real_name="何代办")

    def make_case(state):  # online with the scans, so that 网上预审 applies too
        app = submit(on=dt.date(2026, 9, 21), channel="online",
                     uploads={m.pk: SimpleUploadedFile("scan.txt", m.name.encode()) for m in required})
        if state in (S.REVIEWING, S.DECIDING, S.SPECIAL, S.PARALLEL, S.CERTIFYING, S.DELIVERING, S.RETURNED):
            statutory = clocks.clock_start(kind="gov_services.statutory", subject=app, department=app.department,
                                           started_on=dt.date(2026, 9, 21), limit_days=20)
            deferred = clocks.clock_start(kind="gov_services.deferred", subject=app, department=app.department,
                                          started_on=dt.date(2026, 9, 21), limit_days=10, obligor="applicant")
            Application.objects.filter(pk=app.pk).update(statutory_clock=statutory, deferred_clock=deferred,
                                                         deferred_materials=["节能审查意见"])
        Application.objects.filter(pk=app.pk).update(status=state, paused_from=S.REVIEWING if state == S.SPECIAL
                                                     else "")
        return Application.objects.get(pk=app.pk)

    perform = {
        "dispatch": lambda c: services.application_dispatch(c, actor=desk),
        "accept": lambda c: services.application_accept(c, actor=window_clerk, on=D),
        "prereview": lambda c: services.application_prereview(c, actor=window_clerk, on=D),
        "refuse": lambda c: services.application_refuse(c, actor=window_clerk, reasons="不属于本机关职权范围", on=D),
        "notify_missing": lambda c: services.application_notify_missing(c, actor=window_clerk, missing=["营业执照"],
                                                                        on=D),
        "receive_materials": lambda c: services.application_receive_materials(c, on=D),
        "accept_by_lapse": lambda c: services.application_accept_by_lapse(c, on=D),
        "complete_review": lambda c: services.application_complete_review(c, actor=window_clerk, on=D),
        # a grant waits for the 容缺 materials make_case leaves outstanding; a refusal does not
        "decide": lambda c: services.application_decide(c, actor=window_clerk, decision="denied", reasons="不符合规划",
                                                        on=D),
        "issue_certificate": lambda c: services.application_issue_certificate(c, actor=window_clerk,
                                                                              number="证2026-1", on=D),
        "deliver": lambda c: services.application_deliver(c, actor=window_clerk, on=D),
        "complete": lambda c: services.application_complete(c, actor=desk, on=D),
        "start_special": lambda c: services.application_start_special(c, actor=window_clerk, procedure="检测",
                                                                      days=5, on=D),
        "end_special": lambda c: services.application_end_special(c, actor=window_clerk, on=D),
        "extend": lambda c: services.application_extend(c, actor=head, reason="情况复杂"),
        "receive_deferred": lambda c: services.application_receive_deferred(c, actor=window_clerk, on=D),
        "tasks_done": lambda c: parallel.application_tasks_done(c, on=D),
        "set_green_channel": lambda c: parallel.application_set_green_channel(c, actor=desk, on=True),
        "assign_agent": lambda c: parallel.application_assign_agent(c, actor=desk, agent=agent),
        "upload_deferred": lambda c: services.application_upload_deferred(
            c, uploads={0: SimpleUploadedFile("scan.txt", "节能审查意见".encode())}, key="deferred:t", today=D),
        "record_fee": lambda c: fees.application_record_fee(c, actor=window_clerk, amount="50", channel="non_tax",
                                                            reference="NT2026-1", as_paid=True),
        "terminate_deferred": lambda c: deferred.application_terminate_deferred(c, on=dt.date(2026, 10, 20)),
    }
    walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED)


def test_refusal_goes_to_delivery_and_needs_reasons(submit, desk, window_clerk):
    import pytest

    from sunshine.core.errors import DomainError

    app = services.application_dispatch(submit(), actor=desk)
    with pytest.raises(DomainError, match="必须说明理由"):
        services.application_refuse(app, actor=window_clerk, reasons="  \u200b ")
    app = services.application_accept(app, actor=window_clerk, on=D)
    app = services.application_complete_review(app, actor=window_clerk, on=D)
    with pytest.raises(DomainError, match="不予许可必须说明理由"):
        services.application_decide(app, actor=window_clerk, decision="denied", on=D)
    app = services.application_decide(app, actor=window_clerk, decision="denied", reasons="选址不符合国土空间规划",
                                      on=D)
    assert app.status == S.DELIVERING and app.certificate_clock is None
    from sunshine.documents.models import Document

    letter = Document.objects.get(kind="gov_services.decision", subject_id=app.pk)
    assert "不予许可" in letter.html and "选址不符合国土空间规划" in letter.html and "行政复议" in letter.html


def test_one_time_notice_only_once(submit, desk, window_clerk):
    import pytest

    from sunshine.core.errors import DomainError

    app = services.application_dispatch(submit(), actor=desk)
    with pytest.raises(DomainError, match="全部材料"):
        services.application_notify_missing(app, actor=window_clerk, missing=[" "], on=D)
    app = services.application_notify_missing(app, actor=window_clerk, missing=["营业执照"], on=D)
    app = services.application_receive_materials(app, on=D)
    with pytest.raises(DomainError, match="只能发出一次"):
        services.application_notify_missing(app, actor=window_clerk, missing=["身份证"], on=D)
