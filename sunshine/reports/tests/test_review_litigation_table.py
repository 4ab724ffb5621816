"""Table 4 of the annual report (行政复议、行政诉讼情况) in the reports app: the API contract, the scope and year rules
(as for table 3), the staff page beside table 3, and the second sheet of the .xlsx. The register's data set is the
one of sunshine/disclosure_requests/tests/test_review_table.py (fixture `register`, imported in conftest.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
API = "/api/v1/reports/review-litigation-table"
PAGE = "/ysq/staff/report/"
FGW_2025 = [2, 1, 1, 2, 6, 0, 1, 0, 1, 2, 1, 0, 0, 0, 1]


def test_api_contract_for_the_clerks_department(register, clerk, api_client):
    api_client.force_authenticate(clerk)
    response = api_client.get(API, {"year": 2025})
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2025 and data["department"] == {"code": "fgw", "name": "随县发展和改革局"}
    assert [c["key"] for c in data["columns"]][:5] == ["review_upheld", "review_corrected", "review_other",
                                                       "review_pending", "review_total"]
    assert len(data["columns"]) == 15 and [c["label"] for c in data["columns"]][-1] == "行政诉讼·复议后起诉·总计"
    assert [data["values"][c["key"]] for c in data["columns"]] == FGW_2025
    assert [(c["name"], c["passed"]) for c in data["checks"]] == [
        ("表四·行政复议：维持＋纠正＋其他结果＋尚未审结＝总计", True),
        ("表四·行政诉讼·未经复议直接起诉：维持＋纠正＋其他结果＋尚未审结＝总计", True),
        ("表四·行政诉讼·复议后起诉：维持＋纠正＋其他结果＋尚未审结＝总计", True)]
    assert {n["key"]: n["count"] for n in data["not_counted"]} == {
        "earlier_filed_decided": 1, "earlier_filed_pending": 1, "co_defendant": 0}


def test_api_scope_and_year_like_table_3(register, clerk, office_head, citizen, api_client):
    assert api_client.get(API, {"year": 2025}).status_code in (401, 403)
    api_client.force_authenticate(clerk)
    assert api_client.get(API, {"year": 2025, "department": "zjj"}).status_code == 404
    bad = api_client.get(API, {"year": "20x5"})
    assert bad.status_code == 400 and bad.json()["errors"]["year"] == ["年度格式不正确，应为四位数字，例如 2025。"]
    api_client.force_authenticate(office_head)
    county = api_client.get(API, {"year": 2025}).json()
    assert county["department"] is None and county["values"]["suit_direct_total"] == 3
    assert api_client.get(API, {"year": 2025, "department": "zjj"}).json()["values"]["suit_direct_other"] == 1
    api_client.force_authenticate(citizen)
    assert api_client.get(API, {"year": 2025}).status_code == 403


def test_page_shows_table_4_beside_table_3_and_the_workbook_has_it(register, clerk, client):
    client.force_login(clerk)
    page = client.get(PAGE, {"year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="review-table"' in html and "表四：政府信息公开行政复议、行政诉讼情况" in html
    assert 'data-column="review_total">6<' in html and 'data-column="suit_direct_pending">1<' in html
    assert "表四·行政复议：维持＋纠正＋其他结果＋尚未审结＝总计" in html
    workbook = client.get(PAGE, {"year": 2025, "export": "xlsx"})
    wb = load_workbook(io.BytesIO(workbook.content))
    assert wb.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                             "四、政府信息公开行政复议、行政诉讼情况",
                             "勾稽关系校验"]
    sheet = wb["四、政府信息公开行政复议、行政诉讼情况"]
    assert [sheet.cell(row=5, column=c).value for c in range(1, 16)] == FGW_2025
    assert sheet["A2"].value == "行政复议" and sheet["F2"].value == "行政诉讼" and sheet["K3"].value == "复议后起诉"
    assert sheet["A4"].value == "结果维持" and sheet["E4"].value == "总计"
    checks = [row[0] for row in wb["勾稽关系校验"].iter_rows(min_row=2, values_only=True)]
    assert "表四·行政复议：维持＋纠正＋其他结果＋尚未审结＝总计" in checks
