"""The indicators (考核指标) on constructed tickets: exact numbers, the period boundaries (local midnight), and the
grouping by department, town and month; a fixed number of queries whatever the number of tickets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.hotline import services
from sunshine.hotline.statistics import INDICATORS, indicators, rate, total

from .conftest import at

OCT = {"start": dt.date(2026, 10, 1), "end": dt.date(2026, 10, 31)}
NOV = {"start": dt.date(2026, 11, 1), "end": dt.date(2026, 11, 30)}


def _handled(submit, zjj, operator, clerk, *, reply_at, callback_at, satisfaction, resolved=True, **extra):
    """A ticket dispatched 10-12 to 住建局, signed and contacted at once, replied at `reply_at`, called back."""
    t = submit(when=extra.pop("when", at(2026, 10, 12, 8)), **extra)
    services.ticket_dispatch(ticket=t, department=zjj, actor=operator, at=at(2026, 10, 12, 9))
    services.ticket_sign_for(ticket=t, actor=clerk, at=at(2026, 10, 12, 10))
    services.ticket_contact(ticket=t, note="已电话联系", actor=clerk, at=at(2026, 10, 12, 11))
    services.ticket_reply(ticket=t, text="已办理。", resolved=resolved, actor=clerk, at=reply_at)
    services.ticket_approve_reply(ticket=t, actor=operator, at=reply_at + dt.timedelta(hours=1))
    services.ticket_callback(ticket=t, resolved=resolved, satisfaction=satisfaction, actor=operator, at=callback_at)
    return t


def test_rate_rounds_half_up_to_one_decimal():
    assert rate(6, 7) == Decimal("85.7")
    assert rate(1, 8) == Decimal("12.5") and rate(1, 16) == Decimal("6.3")
    assert rate(0, 0) is None and rate(3, 3) == Decimal("100.0")


@pytest.mark.django_db
def test_satisfaction_seven_callbacks_five_satisfied_one_basic(submit, departments, operator, other_clerk):
    zjj = departments["zjj"]
    outcomes = ["satisfied"] * 5 + ["basic", "unsatisfied"]
    for n, satisfaction in enumerate(outcomes):
        _handled(submit, zjj, operator, other_clerk, reply_at=at(2026, 10, 16, 9), satisfaction=satisfaction,
                 callback_at=at(2026, 10, 21, 9 + n), resolved=satisfaction != "unsatisfied",
                 phone=f"1381234560{n}")
    row = total(**OCT)
    assert (row["callbacks"], row["satisfied"], row["resolved"]) == (7, 6, 6)
    assert row["satisfaction_rate"] == Decimal("85.7") and row["resolve_rate"] == Decimal("85.7")
    assert (row["signed"], row["signed_on_time"], row["sign_rate"]) == (7, 7, Decimal("100.0"))
    assert (row["contact_due"], row["contacted_on_time"], row["response_rate"]) == (7, 7, Decimal("100.0"))
    assert (row["replied"], row["replied_on_time"], row["on_time_rate"]) == (7, 7, Decimal("100.0"))
    by_department = indicators(group_by=("department",), **OCT)
    assert [r["department_id"] for r in by_department] == [zjj.pk]
    assert by_department[0]["satisfaction_rate"] == Decimal("85.7")


@pytest.mark.django_db
def test_every_indicator_exact(submit, departments, operator, clerk, other_clerk, town):
    """住建局: 3 handled (one replied late: due Mon 10-19, replied Tue 10-20; one signed late: due 10-13, signed
    10-14), 发改局: one return of two dispatches; the office: one direct answer, one merged repeat call."""
    zjj, fgw = departments["zjj"], departments["fgw"]
    _handled(submit, zjj, operator, other_clerk, reply_at=at(2026, 10, 16, 9), callback_at=at(2026, 10, 21, 9),
                 satisfaction="satisfied")
    _handled(submit, zjj, operator, other_clerk, reply_at=at(2026, 10, 20, 9), callback_at=at(2026, 10, 21, 10),
             satisfaction="unsatisfied", resolved=False, phone="13900000001")
    late_sign = submit(when=at(2026, 10, 12, 8), phone="13900000002", place=town)
    services.ticket_dispatch(ticket=late_sign, department=zjj, actor=operator, at=at(2026, 10, 12, 9))
    services.ticket_sign_for(ticket=late_sign, actor=other_clerk, at=at(2026, 10, 14, 9))
    no_phone = submit(when=at(2026, 10, 12, 8), kind="suggestion", name="", phone="")
    services.ticket_dispatch(ticket=no_phone, department=zjj, actor=operator, at=at(2026, 10, 12, 9))
    services.ticket_sign_for(ticket=no_phone, actor=other_clerk, at=at(2026, 10, 12, 9, 30))
    returned, kept = submit(phone="13900000003", when=at(2026, 10, 12, 8)), submit(phone="13900000004",
                                                                                 when=at(2026, 10, 12, 8))
    for t in (returned, kept):
        services.ticket_dispatch(ticket=t, department=fgw, actor=operator, at=at(2026, 10, 12, 9))
    services.ticket_return(ticket=returned, reason="不属于本局职责", actor=clerk, at=at(2026, 10, 13, 9))
    direct = submit(kind="consult", name="", phone="", when=at(2026, 10, 15, 9))
    services.ticket_close_directly(ticket=direct, answer="已按知识库解答。", actor=operator, at=at(2026, 10, 15, 9, 5))
    repeat = submit(phone="13900000005", when=at(2026, 10, 15, 10), place=town)
    services.ticket_merge(ticket=repeat, into=late_sign, reason="同一诉求", actor=operator, at=at(2026, 10, 15, 11))

    row = total(**OCT)
    assert row["received"] == 8
    assert (row["closed_directly"], row["direct_rate"]) == (1, Decimal("12.5"))
    assert (row["merged"], row["repeat_rate"]) == (1, Decimal("12.5"))
    assert (row["lead_dispatches"], row["returned"], row["return_rate"]) == (6, 1, Decimal("16.7"))
    assert (row["signed"], row["signed_on_time"], row["sign_rate"]) == (4, 3, Decimal("75.0"))
    # the no-phone suggestion needs no first contact; the late-signed one was not contacted yet
    assert (row["contact_due"], row["contacted_on_time"], row["response_rate"]) == (3, 2, Decimal("66.7"))
    assert (row["replied"], row["replied_on_time"], row["on_time_rate"]) == (2, 1, Decimal("50.0"))  # no direct
    assert (row["callbacks"], row["satisfied"], row["satisfaction_rate"]) == (2, 1, Decimal("50.0"))

    rows = {r["department_id"]: r for r in indicators(group_by=("department",), **OCT)}
    assert set(rows) == {None, zjj.pk, fgw.pk}
    assert (rows[fgw.pk]["lead_dispatches"], rows[fgw.pk]["returned"], rows[fgw.pk]["return_rate"]) == (
        2, 1, Decimal("50.0"))
    assert rows[zjj.pk]["received"] == 5 and rows[zjj.pk]["merged"] == 1  # the repeat counts under its case's lead
    assert rows[zjj.pk]["repeat_rate"] == Decimal("20.0")
    assert (rows[None]["received"], rows[None]["direct_rate"]) == (1, Decimal("100.0"))
    assert rows[zjj.pk]["return_rate"] == Decimal("0.0") and rows[None]["sign_rate"] is None

    towns = {r["town_id"]: r for r in indicators(group_by=("town",), **OCT)}
    town_id = town.parent_id  # the village's town
    assert (towns[town_id]["received"], towns[town_id]["merged"], towns[town_id]["callbacks"]) == (2, 1, 0)
    assert (towns[town_id]["signed"], towns[town_id]["sign_rate"]) == (1, Decimal("0.0"))
    assert towns[None]["received"] == 6
    only_town = total(town_ids=[town_id], **OCT)
    assert (only_town["received"], only_town["repeat_rate"], only_town["satisfaction_rate"]) == (
        2, Decimal("50.0"), None)
    only_fgw = total(department_ids=[fgw.pk], **OCT)
    assert (only_fgw["received"], only_fgw["return_rate"]) == (2, Decimal("50.0"))  # returned, not reassigned yet


@pytest.mark.django_db
def test_period_boundaries_are_local_midnight(submit, departments, operator, other_clerk):
    """Asia/Shanghai days: 10-31 23:59 is October, 11-01 00:00 November (UTC would put both in October)."""
    zjj = departments["zjj"]
    last = submit(when=at(2026, 10, 31, 23, 59), phone="13900000011")
    first = submit(when=at(2026, 11, 1, 0, 0), phone="13900000012")
    before_first = submit(when=at(2026, 9, 30, 23, 59), phone="13900000013")
    t = _handled(submit, zjj, operator, other_clerk, when=at(2026, 10, 1, 0, 0), reply_at=at(2026, 10, 16, 9),
                 callback_at=at(2026, 10, 31, 23, 59), satisfaction="basic", phone="13900000014")
    assert t.received_at.astimezone(dt.UTC).day == 30  # 10-01 00:00 local is 09-30 in UTC
    oct_row, nov_row = total(**OCT), total(**NOV)
    assert (oct_row["received"], nov_row["received"]) == (2, 1)
    assert oct_row["callbacks"] == 1 and nov_row["callbacks"] == 0
    assert total(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))["received"] == 1
    months = {r["month"]: r["received"] for r in indicators(group_by=("month",), start=dt.date(2026, 9, 1),
                                                                end=dt.date(2026, 11, 30))}
    assert months == {"2026-09": 1, "2026-10": 2, "2026-11": 1}
    assert {last.pk, first.pk, before_first.pk}  # created


@pytest.mark.django_db
def test_queries_do_not_grow_with_tickets(submit, departments, operator, django_assert_num_queries):
    for n in range(5):
        t = submit(when=at(2026, 10, 12, 8), phone=f"1390000010{n}")
        services.ticket_dispatch(ticket=t, department=departments["zjj"], actor=operator, at=at(2026, 10, 12, 9))
    with django_assert_num_queries(6):
        indicators(group_by=("department", "month"), **OCT)
    assert [i.code for i in INDICATORS] == ["response_rate", "sign_rate", "on_time_rate", "resolve_rate",
                                            "satisfaction_rate", "return_rate", "repeat_rate", "direct_rate"]
