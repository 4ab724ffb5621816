"""The statistics provider: exact figures by department, division and month on a small fixture, in two queries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from sunshine.core.statistics import StatisticsProvider, provider
from sunshine.disclosure_requests.outcomes import Outcome

D = dt.date
_seq = itertools.count(1)


def make(department, received, decided=None, outcome="", status=None, clock_outcome=None):
    from django.contrib.contenttypes.models import ContentType

    from sunshine.clocks.models import Clock
    from sunshine.disclosure_requests.models import DisclosureRequest

    n = next(_seq)
    request = DisclosureRequest.objects.create(
        tracking_code=f"S{n:08d}", verification_secret_hash="x" * 64, department=department,
        applicant_name=f"申请人{n}", applicant_type="natural_person", id_type="resident_id",
        id_number="11010519491231002X", phone="13800138000", address="随县厉山镇", description="某文件",
        submitted_at=timezone.now(), received_on=received, decided_on=decided, outcome=str(outcome),
        status=status or ("closed" if decided else "processing"))
    if clock_outcome is not None:
        request.reply_clock = Clock.objects.create(
            kind="disclosure_request.reply", subject_type=ContentType.objects.get_for_model(request),
            subject_id=str(request.pk), department=department, started_on=received, limit_days=20,
            due_date=received + dt.timedelta(days=28), state="stopped", stopped_on=decided, outcome=clock_outcome)
        request.save(update_fields=["reply_clock"])
    return request


@pytest.fixture
def cases(departments):
    from sunshine.orgs.models import Division

    fgw, zjj, gkb = departments["fgw"], departments["zjj"], departments["gkb"]
    town = Division.objects.create(code="421321100", name="厉山镇", level=Division.Level.TOWN, parent=fgw.division)
    gkb.division = town
    gkb.save()
    make(fgw, D(2025, 1, 10), D(2025, 2, 3), Outcome.DISCLOSED, clock_outcome="on_time")
    make(fgw, D(2025, 1, 20), D(2025, 3, 5), Outcome.NOT_HELD, clock_outcome="late")
    make(fgw, D(2025, 1, 31), D(2025, 2, 10), Outcome.NOT_THIS_AGENCY, clock_outcome="on_time")
    make(fgw, D(2024, 12, 30), D(2025, 1, 6), Outcome.PARTIALLY_DISCLOSED, clock_outcome="on_time")  # decided only
    make(fgw, D(2025, 3, 31))  # open
    make(fgw, D(2025, 2, 1), status="split")  # a split parent: never counted
    make(zjj, D(2025, 2, 14), D(2025, 2, 20), Outcome.WITHDRAWN, clock_outcome="")  # no on-time/late outcome
    make(gkb, D(2025, 3, 1), D(2025, 4, 2), Outcome.REFUSED_STATE_SECRET, clock_outcome="on_time")  # decided in April
    return fgw, zjj, gkb, town


def test_provider_is_found_through_the_manifest():
    found = provider("disclosure_requests")
    assert isinstance(found, StatisticsProvider)
    codes = [d.code for d in found.definitions()]
    assert codes[:4] == ["received", "decided", "on_time", "late"] and len(codes) == 4 + 21
    assert len(set(codes)) == len(codes)
    definition = {d.code: d for d in found.definitions()}
    assert definition["on_time"].denominator == "decided" and definition["on_time"].date_basis == "decided_on"
    assert definition["received"].date_basis == "received_on"
    assert definition["row_unavailable_1"].label == "1.本机关不掌握相关政府信息"


def test_figures_by_department(cases, django_assert_num_queries):
    fgw, zjj, gkb, _town = cases
    with django_assert_num_queries(2):
        rows = provider("disclosure_requests").figures(start=D(2025, 1, 1), end=D(2025, 3, 31))
    by_department = {row["department_id"]: row for row in rows}
    assert set(by_department) == {fgw.pk, zjj.pk, gkb.pk}
    f = by_department[fgw.pk]
    assert (f["received"], f["decided"], f["on_time"], f["late"]) == (4, 4, 3, 1)
    assert (f["row_disclosed"], f["row_partially_disclosed"], f["row_unavailable_1"]) == (1, 1, 2)
    z = by_department[zjj.pk]
    assert (z["received"], z["decided"], z["on_time"], z["late"], z["row_other_3"]) == (1, 1, 0, 0, 1)
    g = by_department[gkb.pk]
    assert (g["received"], g["decided"], g["row_refused_1"]) == (1, 0, 0)  # decided on 2 April: not in Q1
    assert all(isinstance(value, int) for row in rows for value in row.values())


def test_figures_by_division_and_month(cases):
    fgw, _zjj, _gkb, town = cases
    stats = provider("disclosure_requests")
    rows = stats.figures(start=D(2025, 1, 1), end=D(2025, 4, 30), group_by=("division",))
    assert [(r["division_id"], r["received"], r["decided"], r["row_refused_1"]) for r in rows] == [
        (fgw.division_id, 5, 5, 0), (town.pk, 1, 1, 1)]
    rows = stats.figures(start=D(2025, 1, 1), end=D(2025, 12, 31), group_by=("month",), department_ids=[fgw.pk])
    assert [(r["month"], r["received"], r["decided"], r["on_time"], r["late"]) for r in rows] == [
        ("2025-01", 3, 1, 1, 0), ("2025-02", 0, 2, 2, 0), ("2025-03", 1, 1, 0, 1)]
    rows = stats.figures(start=D(2024, 1, 1), end=D(2025, 12, 31), group_by=("department", "year"))
    fgw_rows = [(r["year"], r["received"], r["decided"]) for r in rows if r["department_id"] == fgw.pk]
    assert fgw_rows == [(2024, 1, 0), (2025, 4, 4)]


def test_bad_grouping_or_period_is_refused(db):
    stats = provider("disclosure_requests")
    with pytest.raises(ValueError):
        stats.figures(start=D(2025, 1, 1), end=D(2025, 1, 31), group_by=("window",))
    with pytest.raises(ValueError):
        stats.figures(start=D(2025, 2, 1), end=D(2025, 1, 31))
    assert stats.figures(start=D(2025, 1, 1), end=D(2025, 1, 31)) == []


def test_annual_request_table_is_plain_data(cases):
    fgw, *_ = cases
    table = provider("disclosure_requests").annual_request_table(year=2025, department_ids=[fgw.pk])
    assert table.department.code == "fgw" and table.value("received") == 4 and table.value("carried_in") == 1
    assert table.as_dict()["department"] == {"code": "fgw", "name": "随县发展和改革局"}
    county = provider("disclosure_requests").annual_request_table(year=2025)
    assert county.department is None and county.value("received") == 6 and county.all_passed
