"""Table 3 of the annual report (表三): exact cells, carry-over, checks, query count. The page, the .xlsx and the
API that show it are the reports app's (sunshine/reports/tests/test_request_table.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from sunshine.disclosure_requests.annual_table import (
    CARRIED_IN,
    CARRIED_OVER,
    LEAF_KEYS,
    RECEIVED,
    RESULTS_TOTAL,
    TOTAL,
    Row,
    Table,
    build_rows,
    check_balance,
    check_carry_over,
    check_columns,
    check_leaves,
    request_table,
)
from sunshine.disclosure_requests.outcomes import OUTCOME_ROW, RESULT_ROWS, ApplicantType, Outcome

TYPES = [t.value for t in ApplicantType]
NAT, COM, RES, WEL, LEG, OTH = TYPES
D = dt.date
_seq = itertools.count(1)

DOMAIN_LABELS = [  # DOMAIN.md §6, exactly
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开", "1.属于国家秘密",
    "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
    "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供", "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请",
    "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
    "四、结转下年度继续办理",
]


def make(department, applicant_type, received, decided=None, outcome="", status=None):
    from sunshine.disclosure_requests.models import DisclosureRequest

    n = next(_seq)
    if status is None:
        status = "closed" if decided else "processing"
    return DisclosureRequest.objects.create(
        tracking_code=f"T{n:08d}", verification_secret_hash="x" * 64, department=department,
        applicant_name=f"申请人{n}", applicant_type=applicant_type, id_type="resident_id",
        id_number="11010519491231002X", phone="13800138000", address="随县厉山镇", description="某文件",
        submitted_at=timezone.now(), received_on=received, status=status, outcome=str(outcome),
        decided_on=decided)


@pytest.fixture
def dataset(departments):
    fgw, zjj = departments["fgw"], departments["zjj"]
    make(fgw, NAT, D(2024, 6, 1), D(2024, 6, 20), Outcome.DISCLOSED)  # A: 2024 only
    make(fgw, COM, D(2024, 12, 20), D(2025, 1, 10), Outcome.PARTIALLY_DISCLOSED)  # B: carried in, decided 2025
    make(fgw, NAT, D(2024, 11, 1))  # C: carried in and out (still open)
    make(fgw, RES, D(2023, 5, 5), D(2025, 2, 2), Outcome.NOT_HELD)  # D: from 2023, decided 2025
    for i, outcome in enumerate(Outcome):  # E: every outcome, received and decided in 2025
        make(fgw, TYPES[i % 6], D(2025, 3, 1), D(2025, 4, 1), outcome)
    make(fgw, LEG, D(2025, 12, 30), D(2026, 1, 5), Outcome.DISCLOSED)  # F: carried out, decided next year
    make(fgw, OTH, D(2025, 12, 31))  # G: received on the last day, open
    make(fgw, NAT, D(2025, 1, 1), D(2025, 12, 31), Outcome.REFUSED_STATE_SECRET)  # H: boundaries
    make(fgw, NAT, D(2025, 5, 1), status="split")  # S: a split parent is not counted
    make(zjj, NAT, D(2025, 5, 1), D(2025, 5, 10), Outcome.DISCLOSED)  # X: another department
    return fgw, zjj


def naive_cell(requests, year, row_key, column):
    """Independent oracle: count one cell by looping over the requests in Python."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    count = 0
    for r in requests:
        if r.status == "split" or (column != TOTAL and r.applicant_type != column):
            continue
        open_at_end = r.received_on <= end and (r.decided_on is None or r.decided_on > end)
        if row_key == RECEIVED:
            count += start <= r.received_on <= end
        elif row_key == CARRIED_IN:
            count += r.received_on < start and (r.decided_on is None or r.decided_on >= start)
        elif row_key == CARRIED_OVER:
            count += open_at_end
        elif r.decided_on and start <= r.decided_on <= end:
            count += row_key == RESULTS_TOTAL or OUTCOME_ROW[r.outcome] == row_key
    return count


def test_exact_cells_for_one_department(dataset):
    fgw, _ = dataset
    table = request_table(year=2025, department=fgw)
    v = table.value
    assert (v(RECEIVED), v(CARRIED_IN), v(RESULTS_TOTAL), v(CARRIED_OVER)) == (28, 3, 28, 3)
    assert (v(RECEIVED, NAT), v(CARRIED_IN, NAT), v(RESULTS_TOTAL, NAT), v(CARRIED_OVER, NAT)) == (6, 1, 6, 1)
    assert v(CARRIED_IN, COM) == 1 and v(CARRIED_IN, RES) == 1
    assert v(CARRIED_OVER, LEG) == 1 and v(CARRIED_OVER, OTH) == 1 and v(CARRIED_OVER, COM) == 0
    # （一）予以公开 = disclosed + already published; F (decided in 2026) is not in it.
    assert v("disclosed") == 2 and v("disclosed", NAT) == 1 and v("disclosed", COM) == 1
    assert v("partially_disclosed") == 2 and v("partially_disclosed", COM) == 1  # B counted in the decision year
    assert v("refused_1") == 2 and v("refused_1", NAT) == 1 and v("refused_1", WEL) == 1
    assert v("unavailable_1") == 3 and v("unavailable_1", RES) == 1  # not held + not this agency + D
    assert v("other_3") == 3  # special registration, withdrawn, other
    assert v("refused") == 9  # the （三） group row sums its eight leaves
    assert v("unavailable") == 5 and v("not_processed") == 5 and v("other") == 5
    assert table.row("results").values == table.row(RESULTS_TOTAL).values
    assert all(check.passed for check in table.checks), [c.as_dict() for c in table.checks]


def test_every_cell_matches_an_independent_count(dataset):
    from sunshine.disclosure_requests.models import DisclosureRequest

    fgw, _ = dataset
    for year, department in [(2024, fgw), (2025, fgw), (2025, None), (2026, None)]:
        requests = list(DisclosureRequest.objects.filter(department=department) if department
                        else DisclosureRequest.objects.all())
        table = request_table(year=year, department=department)
        for key in [RECEIVED, CARRIED_IN, RESULTS_TOTAL, CARRIED_OVER, *LEAF_KEYS]:
            for column in [*TYPES, TOTAL]:
                assert table.value(key, column) == naive_cell(requests, year, key, column), (year, key, column)
        assert table.all_passed


def test_carry_over_between_years_and_county_wide(dataset):
    fgw, _ = dataset
    t2024 = request_table(year=2024, department=fgw)
    t2025 = request_table(year=2025, department=fgw)
    assert (t2024.value(RECEIVED), t2024.value(CARRIED_IN), t2024.value(RESULTS_TOTAL),
            t2024.value(CARRIED_OVER)) == (3, 1, 1, 3)
    assert t2024.row(CARRIED_OVER).values == t2025.row(CARRIED_IN).values
    t2026 = request_table(year=2026, department=fgw)
    assert t2026.value(CARRIED_IN) == 3 and t2026.value("disclosed", LEG) == 1  # C, F, G carried into 2026
    county = request_table(year=2025)
    assert county.value(RECEIVED) == 29 and county.value("disclosed") == 3 and county.all_passed


def test_rows_and_columns_have_the_official_labels(dataset):
    fgw, _ = dataset
    data = request_table(year=2025, department=fgw).as_dict()
    assert [c["label"] for c in data["columns"]] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                                                   "其他", "总计"]
    assert [c["key"] for c in data["columns"]] == [*TYPES, "total"]
    assert [r["label"] for r in data["rows"]] == DOMAIN_LABELS
    assert len({r["key"] for r in data["rows"]}) == len(data["rows"])
    assert [r["key"] for r in data["rows"] if r["kind"] == "leaf"] == [k for k, _ in RESULT_ROWS]
    assert {c["key"] for c in data["checks"]} == {"balance", "leaves", "columns", "carry_over"}


def test_unknown_applicant_type_fails_the_column_check(dataset):
    """A broken dataset: a request whose applicant type is none of the six (legacy import)."""
    fgw, _ = dataset
    make(fgw, "", D(2025, 6, 1), D(2025, 6, 2), Outcome.DISCLOSED)
    table = request_table(year=2025, department=fgw)
    checks = {c.key: c for c in table.checks}
    assert not checks["columns"].passed
    assert "一、本年新收政府信息公开申请数量：各类申请人之和＝28，总计＝29" in checks["columns"].detail
    assert checks["balance"].passed and checks["leaves"].passed and not table.all_passed


def _hand_table(overrides: dict | None = None) -> Table:
    """A table built from hand-made cells (one request per applicant type, all decided as disclosed)."""
    cells = {key: dict.fromkeys([*TYPES, TOTAL], 0) for key in [RECEIVED, CARRIED_IN, RESULTS_TOTAL,
                                                                 CARRIED_OVER, *LEAF_KEYS]}
    for column in TYPES:
        cells[RECEIVED][column] = cells[RESULTS_TOTAL][column] = cells["disclosed"][column] = 1
    for key in (RECEIVED, RESULTS_TOTAL, "disclosed"):
        cells[key][TOTAL] = 6
    for (key, column), value in (overrides or {}).items():
        cells[key][column] = value
    return Table(year=2025, department=None, rows=build_rows(cells))


def test_check_functions_pass_on_a_consistent_table():
    table = _hand_table()
    assert check_balance(table).passed and check_leaves(table).passed and check_columns(table).passed
    assert check_carry_over(table, dict.fromkeys([*TYPES, TOTAL], 0)).passed


def test_check_functions_fail_on_inconsistent_tables():
    broken = _hand_table({(CARRIED_OVER, NAT): 1, (CARRIED_OVER, TOTAL): 1})  # 四 without a matching 一/二
    check = check_balance(broken)
    assert not check.passed and check.detail == "自然人：一＋二＝1，（七）＋四＝2；总计：一＋二＝6，（七）＋四＝7"
    leaves = check_leaves(_hand_table({("disclosed", COM): 0, ("disclosed", TOTAL): 5}))
    assert not leaves.passed and "商业企业：21个细项之和＝0，（七）总计＝1" in leaves.detail
    columns = check_columns(_hand_table({(RECEIVED, TOTAL): 7}))
    assert not columns.passed
    assert columns.detail.startswith("一、本年新收政府信息公开申请数量：各类申请人之和＝6，总计＝7")
    carry = check_carry_over(_hand_table(), {NAT: 2, TOTAL: 2})
    assert not carry.passed and "上年四＝2，本年二＝0" in carry.detail


def test_published_previous_year_figures_are_checked(dataset):
    fgw, _ = dataset
    published = {NAT: 1, COM: 1, RES: 0, WEL: 0, LEG: 0, OTH: 0, TOTAL: 2}  # one request was missing last year
    table = request_table(year=2025, department=fgw, previous_carried_over=published)
    assert not {c.key: c for c in table.checks}["carry_over"].passed


def test_query_count_is_fixed(departments, django_assert_num_queries):
    fgw = departments["fgw"]
    make(fgw, NAT, D(2025, 3, 1), D(2025, 3, 2), Outcome.DISCLOSED)
    with django_assert_num_queries(1):
        request_table(year=2025, department=fgw)
    for i, outcome in enumerate(list(Outcome) * 4):
        make(fgw, TYPES[i % 6], D(2024 + i % 2, 6, 1), D(2025, 7, 1) if i % 3 else None,
             outcome if i % 3 else "")
    with django_assert_num_queries(1):
        table = request_table(year=2025, department=fgw)
    assert table.value(RESULTS_TOTAL) == 1 + sum(1 for i in range(100) if i % 3) and table.all_passed


def test_row_dataclass_as_dict():
    row = Row("refused_1", "1.属于国家秘密", "leaf", {TOTAL: 1}, group="refused")
    assert row.as_dict() == {"key": "refused_1", "label": "1.属于国家秘密", "kind": "leaf", "values": {TOTAL: 1},
                             "group": "refused"}
