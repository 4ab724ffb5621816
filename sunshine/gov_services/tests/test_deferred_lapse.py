"""What follows a lapsed 容缺 period: no grant while materials are outstanding; the sweep terminates the case on the
first day after the period (exact 2026 dates across National Day), with the letter, the SMS and the flag."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.gov_services import deferred, services
from sunshine.gov_services.models import FlagKind, IntegrityFlag
from sunshine.gov_services.workflow import Status

D = dt.date


def _deferred_case(item, submit, desk, clerk):
    """Accepted 09-30 (the day before National Day) with 节能审查意见 to follow within 10 working days: due 10-20
    (10-08, 10-09, the make-up Saturday 10-10, 10-12 … 10-16, 10-19, 10-20)."""
    energy = item.current_version.materials.get(name="节能审查意见")
    app = services.application_dispatch(submit(on=D(2026, 9, 30)), actor=desk)
    app = services.application_accept(app, actor=clerk, on=D(2026, 9, 30), deferred=[energy.pk])
    assert app.deferred_clock.due_date == D(2026, 10, 20)
    return app


def test_the_case_is_terminated_the_day_after_the_period(item, submit, desk, window_clerk):
    from sunshine.documents.models import Document
    from sunshine.notify.models import Notification

    app = _deferred_case(item, submit, desk, window_clerk)
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 10, 15))
    with pytest.raises(DomainError, match="节能审查意见）尚未补齐，不能作出准予许可决定"):
        services.application_decide(app, actor=window_clerk, decision="granted", on=D(2026, 10, 16))
    with pytest.raises(DomainError, match="尚未届满"):
        deferred.application_terminate_deferred(app, on=D(2026, 10, 20))
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 20)) == 0  # the last day of the period
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 21)) == 1
    app.refresh_from_db()
    assert app.status == Status.TERMINATED and app.terminated_on == D(2026, 10, 21) and app.current_step == ""
    assert app.deferred_clock.outcome == Clock.Outcome.LAPSED
    for clock in (app.statutory_clock, app.promised_clock, app.step_clock):
        assert (clock.state, clock.outcome) == (Clock.State.STOPPED, Clock.Outcome.CANCELLED)
    letter = Document.objects.get(kind="gov_services.termination", subject_id=app.pk)
    assert "节能审查意见" in letter.html and "2026年10月20日" in letter.html and "终止办理" in letter.html
    assert "行政复议" in letter.html and "重新提出申请" in letter.html
    assert Notification.objects.filter(body__contains="已终止办理").exists()
    flag = IntegrityFlag.objects.get(application=app, kind=FlagKind.DEFERRED_LAPSED)
    assert flag.facts == {"missing": ["节能审查意见"], "deferred_due": "2026-10-20"}
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 22)) == 0
    assert "terminate_deferred" not in {t.name for t in services.WORKFLOW.allowed_actions(window_clerk, app)}


def test_materials_arriving_late_before_the_sweep_are_received(item, submit, desk, window_clerk):
    app = _deferred_case(item, submit, desk, window_clerk)
    app = services.application_receive_deferred(app, actor=window_clerk, on=D(2026, 10, 21))
    assert app.deferred_clock.outcome == Clock.Outcome.LAPSED
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 22)) == 0
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 10, 22))
    app = services.application_decide(app, actor=window_clerk, decision="granted", on=D(2026, 10, 22))
    assert app.status == Status.CERTIFYING


def test_a_refusal_ends_the_applicants_period(item, submit, desk, window_clerk):
    app = _deferred_case(item, submit, desk, window_clerk)
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 10, 12))
    app = services.application_decide(app, actor=window_clerk, decision="denied", reasons="不符合产业政策",
                                      on=D(2026, 10, 13))
    app.deferred_clock.refresh_from_db()
    assert app.deferred_clock.outcome == Clock.Outcome.CANCELLED
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 21)) == 0


def test_a_lapse_during_a_special_procedure_terminates_it_too(item, submit, desk, window_clerk):
    app = _deferred_case(item, submit, desk, window_clerk)
    app = services.application_start_special(app, actor=window_clerk, procedure="专家评审", days=10,
                                             on=D(2026, 10, 12))
    assert deferred.terminate_lapsed_deferred(today=D(2026, 10, 21)) == 1
    app.refresh_from_db()
    assert app.status == Status.TERMINATED and app.special_procedure == ""
    assert app.statutory_clock.outcome == Clock.Outcome.CANCELLED
