"""The indicator page (考核指标): the office and the supervisors only, filters with Chinese errors, the formulas on
the page, the .xlsx export with the same numbers, a fixed number of queries."""

from __future__ import annotations

import io

import pytest

from sunshine.hotline import services

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def october(submit, departments, operator, other_clerk):
    """7 callbacks to 住建局 in October 2026: 5 satisfied, 1 basically, 1 unsatisfied."""
    outcomes = ["satisfied"] * 5 + ["basic", "unsatisfied"]
    for n, satisfaction in enumerate(outcomes):
        t = submit(when=at(2026, 10, 12, 8), phone=f"1381234560{n}")
        services.ticket_dispatch(ticket=t, department=departments["zjj"], actor=operator, at=at(2026, 10, 12, 9))
        services.ticket_sign_for(ticket=t, actor=other_clerk, at=at(2026, 10, 12, 10))
        services.ticket_contact(ticket=t, note="已联系", actor=other_clerk, at=at(2026, 10, 12, 11))
        services.ticket_reply(ticket=t, text="已办理。", resolved=True, actor=other_clerk, at=at(2026, 10, 16, 9))
        services.ticket_approve_reply(ticket=t, actor=operator, at=at(2026, 10, 16, 10))
        services.ticket_callback(ticket=t, resolved=satisfaction != "unsatisfied", satisfaction=satisfaction,
                                 actor=operator, at=at(2026, 10, 21, 9 + n))


URL = "/rx/staff/indicators/"
QUERY = {"start": "2026-10", "end": "2026-10", "group": "department"}


def test_office_sees_indicators_and_formulas(client, october, operator, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(25):
        response = client.get(URL, QUERY)
    html = response.content.decode()
    assert response.status_code == 200
    assert "随县住房和城乡建设局" in html and "85.7%" in html and "6/7" in html
    for label in ("响应率", "签收及时率", "按时办结率", "解决率", "满意率", "退单率", "重复来电率", "直接办结率"):
        assert label in html
    assert "回访结果为满意或基本满意的回访 ÷ 回访次数" in html and "回访时间（made_at）在期间内" in html
    by_month = client.get(URL, {**QUERY, "group": "month", "start": "2026-09"}).content.decode()
    assert "2026-10" in by_month and "85.7%" in by_month


def test_export_xlsx_has_the_same_numbers(client, october, operator):
    from openpyxl import load_workbook

    client.force_login(operator)
    response = client.get(URL, {**QUERY, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="hotline-indicators-2026-10-2026-10-department.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["考核指标"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    zjj = next(r for r in rows if r[0] == "随县住房和城乡建设局")
    satisfaction = 2 + 3 * 4  # the fifth indicator's three columns
    assert zjj[satisfaction - 1: satisfaction + 2] == (6, 7, 85.7)
    assert rows[-1][0] == "合计"
    assert [r[0] for r in wb["指标口径"].iter_rows(min_row=2, values_only=True)][4] == "满意率"


def test_department_clerk_is_refused_and_bad_filters_are_chinese(client, october, other_clerk, supervisor):
    client.force_login(other_clerk)
    assert client.get(URL, QUERY).status_code == 403
    client.force_login(supervisor)
    assert client.get(URL, QUERY).status_code == 200
    assert client.get(URL).status_code == 200  # the last full month by default
    bad = client.get(URL, {**QUERY, "start": "2026-13"})
    assert bad.status_code == 400 and "起始月份格式应为“年-月”" in bad.content.decode()
    reversed_period = client.get(URL, {**QUERY, "start": "2026-11"})
    assert reversed_period.status_code == 400 and "截止月份不能早于起始月份" in reversed_period.content.decode()
    assert "统计维度无效" in client.get(URL, {**QUERY, "group": "x"}).content.decode()
    assert "没有这个部门" in client.get(URL, {**QUERY, "department": "999999"}).content.decode()
