"""The limits of an application with exact 2026 dates (行政许可法 §32, §42, §44, §45; working days §82).

2026 calendar (State Council): National Day 10-01..10-07, make-up working days Sun 09-20 and Sat 10-10;
Mid-autumn Sun 09-27 is not a working day; Spring Festival 02-15..02-23, make-up Sat 02-14 and Sat 02-28.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.gov_services import services
from sunshine.gov_services.models import Application
from sunshine.gov_services.workflow import Status

D = dt.date


def _dispatched(submit, desk, on):
    app = submit(on=on)
    return services.application_dispatch(app, actor=desk)


def test_acceptance_the_day_before_national_day(submit, desk, window_clerk):
    app = _dispatched(submit, desk, D(2026, 9, 25))
    assert app.notice_clock.due_date == D(2026, 10, 9)  # 09-28, 29, 30, 10-08, 10-09
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 30))
    app.refresh_from_db()
    assert app.status == Status.REVIEWING
    assert app.accepted_on == D(2026, 9, 30)
    assert app.notice_clock.outcome == Clock.Outcome.ON_TIME
    # 20 working days after 09-30: 10-08, 09, 10 (Sat, make-up), 12 … 10-30 (18), 11-02, 11-03
    assert app.statutory_clock.due_date == D(2026, 11, 3)
    # promised 10: 10-08, 09, 10, 12, 13, 14, 15, 16, 19, 20
    assert app.promised_clock.due_date == D(2026, 10, 20)
    # the review step's own limit (5): 10-08, 09, 10, 12, 13
    assert app.step_clock.due_date == D(2026, 10, 13) and app.current_step == "review"
    assert app.step_clock.kind == "gov_services.step" and app.step_clock.unit == Clock.Unit.WORKING_DAYS
    assert app.statutory_clock.obligor == Clock.Obligor.AGENCY
    # extension with approval (§42: +10): 11-04 … 11-17
    app = services.application_extend(app, actor=_head(app), reason="需要现场核查")
    app.statutory_clock.refresh_from_db()
    assert app.statutory_clock.due_date == D(2026, 11, 17)
    with pytest.raises(DomainError, match="已延期一次"):
        services.application_extend(app, actor=_head(app), reason="再延")


def _head(app):
    from sunshine.accounts.models import User

    return User.objects.get(username="head_fgw")


@pytest.fixture(autouse=True)
def _head_user(head):
    return head


def test_late_notice_is_acceptance_on_receipt_day_with_make_up_saturday(submit, desk, window_clerk):
    app = _dispatched(submit, desk, D(2026, 10, 9))
    # 5 working days after Fri 10-09: Sat 10-10 (make-up), 12, 13, 14, 15
    assert app.notice_clock.due_date == D(2026, 10, 15)
    assert services.accept_late_notices(today=D(2026, 10, 15)) == 0  # the last day: still in time
    with pytest.raises(DomainError, match="视为受理"):
        services.application_notify_missing(app, actor=window_clerk, missing=["营业执照"], on=D(2026, 10, 16))
    assert services.accept_late_notices(today=D(2026, 10, 16)) == 1
    app.refresh_from_db()
    assert app.status == Status.REVIEWING and app.accepted_by_lapse is True
    assert app.accepted_on == D(2026, 10, 9)
    assert app.notice_clock.outcome == Clock.Outcome.LATE
    # statutory 20 from the receipt day: 10-10, 12-16, 19-23, 26-30, 11-02, 03, 04, 05
    assert app.statutory_clock.due_date == D(2026, 11, 5)
    assert services.accept_late_notices(today=D(2026, 10, 17)) == 0  # once only
    assert Application.objects.filter(accepted_by_lapse=True).count() == 1


def test_timely_notice_then_limits_from_the_day_materials_are_complete(submit, desk, window_clerk):
    app = _dispatched(submit, desk, D(2026, 9, 21))
    app = services.application_notify_missing(app, actor=window_clerk, missing=["营业执照复印件", "项目申请报告"],
                                              on=D(2026, 9, 24))
    assert app.status == Status.AWAITING_MATERIALS
    assert app.missing_materials == ["营业执照复印件", "项目申请报告"]
    assert services.accept_late_notices(today=D(2026, 10, 30)) == 0  # a timely notice: no lapse
    app = services.application_receive_materials(app, on=D(2026, 9, 30))
    assert app.status == Status.DISPATCHED
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 10, 8))
    assert app.accepted_on == D(2026, 9, 30)
    assert app.statutory_clock.due_date == D(2026, 11, 3)


def test_special_procedure_pause_across_spring_festival(submit, desk, window_clerk):
    app = _dispatched(submit, desk, D(2026, 2, 2))
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 2, 2))
    # without a pause: 02-03 … 02-13 (9), Sat 02-14 (10), [02-15 … 02-23], 02-24 … 27 (14), Sat 02-28 (15),
    # 03-02 … 03-06 (20)
    assert app.statutory_clock.due_date == D(2026, 3, 6)
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 2, 9))
    assert app.status == Status.DECIDING
    app = services.application_start_special(app, actor=window_clerk, procedure="专家评审", days=10,
                                             on=D(2026, 2, 11))
    assert app.status == Status.SPECIAL and app.paused_from == Status.DECIDING
    for clock in (app.statutory_clock, app.promised_clock, app.step_clock):
        clock.refresh_from_db()
        assert clock.state == Clock.State.PAUSED
    app = services.application_end_special(app, actor=window_clerk, on=D(2026, 2, 26))
    assert app.status == Status.DECIDING
    app.statutory_clock.refresh_from_db()
    app.promised_clock.refresh_from_db()
    # used 02-03 … 02-11 = 7; 13 left after 02-26: 02-27, Sat 02-28, 03-02 … 06, 09 … 13, 16
    assert app.statutory_clock.due_date == D(2026, 3, 16)
    # promised 10: 7 used, 3 left: 02-27, 02-28, 03-02
    assert app.promised_clock.due_date == D(2026, 3, 2)
    from sunshine.documents.models import Document

    notice = Document.objects.get(kind="gov_services.special_procedure", subject_id=app.pk)
    assert "专家评审" in notice.html and "不计算在办理期限内" in notice.html and "10个工作日" in notice.html


def test_counted_procedure_does_not_pause(submit, desk, window_clerk):
    app = _dispatched(submit, desk, D(2026, 9, 21))
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 21))
    app = services.application_start_special(app, actor=window_clerk, procedure="公示", days=5, on=D(2026, 9, 22))
    app.statutory_clock.refresh_from_db()
    assert app.statutory_clock.state == Clock.State.RUNNING


def test_certificate_within_ten_days_of_a_grant_on_a_make_up_saturday(submit, desk, window_clerk):
    app = _dispatched(submit, desk, D(2026, 9, 28))
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 28))
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 10, 9))
    app = services.application_decide(app, actor=window_clerk, decision="granted", on=D(2026, 10, 10))
    assert app.status == Status.CERTIFYING
    assert app.statutory_clock.outcome == Clock.Outcome.ON_TIME
    # 10 working days after Sat 10-10: 10-12 … 16, 19 … 23
    assert app.certificate_clock.due_date == D(2026, 10, 23)
    app = services.application_issue_certificate(app, actor=window_clerk, number="随发改核〔2026〕12号",
                                                  on=D(2026, 10, 12))
    assert app.certificate_clock.outcome == Clock.Outcome.ON_TIME
    app = services.application_deliver(app, actor=window_clerk, on=D(2026, 10, 13))
    assert app.status == Status.RETURNED
    app = services.application_complete(app, actor=desk, on=D(2026, 10, 13))
    assert app.status == Status.COMPLETED
    # promised 10 after 09-28: 09-29, 30, 10-08, 09, 10, 12, 13, 14, 15, 16 → on time
    assert app.promised_clock.due_date == D(2026, 10, 16)
    assert app.promised_clock.outcome == Clock.Outcome.ON_TIME


def test_on_the_spot_item_is_due_the_day_of_acceptance(make_item, submit, desk, window_clerk):
    spot = make_item("fgw-002", "企业投资项目备案", statutory=0, promised=0, on_the_spot=True)
    app = services.application_dispatch(submit(on=D(2026, 10, 9), the_item=spot), actor=desk)
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 10, 9))
    assert app.promised_clock.due_date == D(2026, 10, 9)


def test_deferred_materials_applicant_period_and_lapse(item, submit, desk, window_clerk):
    """容缺受理: the minor material follows within the item's period (an applicant's clock: lapsed, never late)."""
    energy = item.current_version.materials.get(name="节能审查意见")
    licence = item.current_version.materials.get(name="营业执照")
    app = _dispatched(submit, desk, D(2026, 9, 25))
    with pytest.raises(DomainError, match="可容缺"):
        services.application_accept(app, actor=window_clerk, on=D(2026, 9, 30), deferred=[licence.pk])
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 30), deferred=[energy.pk])
    assert app.deferred_materials == ["节能审查意见"]
    clock = app.deferred_clock
    assert clock.obligor == Clock.Obligor.APPLICANT and clock.kind == "gov_services.deferred"
    # 10 working days after 09-30: 10-08, 09, Sat 10-10, 12 … 16, 19, 20
    assert clock.due_date == D(2026, 10, 20)
    app = services.application_receive_deferred(app, actor=window_clerk, on=D(2026, 10, 21))
    clock.refresh_from_db()
    assert clock.outcome == Clock.Outcome.LAPSED and app.deferred_materials == []
    with pytest.raises(DomainError, match="没有待后补"):
        services.application_receive_deferred(app, actor=window_clerk, on=D(2026, 10, 22))
