"""Table 2 of the annual report (二、主动公开政府信息情况): exact numbers on constructed data — year boundaries
(12-31 / 01-01) for documents, licensing decisions and fees, a 不予受理 that is no decision, another item type,
a withdrawn and an abolished 规范性文件, the department filter — through the API, the page and the .xlsx sheet.
Tests build the domains' rows directly; the reports app itself reads only the providers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
API = "/api/v1/reports/proactive-disclosure-table"
PAGE = "/ysq/staff/report/"


def _at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture
def proactive_data(departments):
    from sunshine.gov_services.models import Application, FeePayment, ServiceItem, ServiceItemVersion
    from sunshine.publications.models import Category, Genre, Publication, PublicationRevision

    category, _ = Category.objects.get_or_create(code="regulations", defaults={"name": "法规规章和规范性文件"})
    genres = {code: Genre.objects.get_or_create(code=code, defaults={"name": name, "is_normative": True})[0]
              for code, name in (("normative", "规范性文件"), ("rules", "规章"), ("document", "文件"))}
    seq = iter(range(1, 100))

    def pub(genre, created_on, published_at, *, department="fgw", validity="effective", withdrawn_at=None,
            abolished_at=None):
        p = Publication.objects.create(
            index_number=f"T2-{next(seq):03d}", title="测试文件", department=departments[department],
            category=category, genre=genres[genre], created_on=created_on, published_at=published_at,
            validity=validity, withdrawn_at=withdrawn_at, status="published" if published_at else "draft")
        if abolished_at is not None:
            PublicationRevision.objects.create(publication=p, number=1, snapshot={"validity": "effective"})
            rev = PublicationRevision.objects.create(publication=p, number=2, snapshot={"validity": validity})
            PublicationRevision.objects.filter(pk=rev.pk).update(created_at=abolished_at)
        return p

    pub("normative", dt.date(2025, 3, 1), _at(2025, 3, 5))  # made, in force
    pub("normative", dt.date(2024, 6, 1), _at(2024, 6, 3), validity="repealed",
        abolished_at=_at(2025, 12, 31, 23, 30))  # abolished in 2025 (last evening)
    pub("normative", dt.date(2026, 1, 1), _at(2026, 1, 1, 0, 10))  # made on 01-01 of the next year
    pub("normative", dt.date(2023, 1, 1), _at(2023, 1, 2), validity="expired",
        abolished_at=_at(2025, 1, 1, 0, 0) - dt.timedelta(minutes=1))  # 失效 on 2024-12-31 23:59
    pub("normative", dt.date(2025, 2, 1), _at(2025, 2, 2), withdrawn_at=_at(2025, 8, 1))  # made, withdrawn
    pub("document", dt.date(2025, 4, 1), _at(2025, 4, 2))  # 文件: not a 规范性文件
    pub("rules", dt.date(2025, 4, 1), _at(2025, 4, 3))  # 规章
    pub("normative", dt.date(2025, 5, 1), _at(2025, 5, 2), department="zjj")  # other department
    pub("normative", dt.date(2025, 6, 1), None, validity="")  # draft: never counted

    def item(code, department, item_type):
        it = ServiceItem.objects.create(code=code, name=f"事项{code}", item_type=item_type,
                                        department=departments[department])
        version = ServiceItemVersion.objects.create(
            item=it, version=1, status="published", published_on=dt.date(2024, 1, 5), legal_basis="依据",
            statutory_limit_days=20, promised_limit_days=10)
        return it, version

    licence, licence_v = item("fgw-001", "fgw", "licensing")
    _service, service_v = item("fgw-002", "fgw", "public_service")
    zjj_licence, zjj_v = item("zjj-001", "zjj", "licensing")
    codes = iter(range(1, 100))

    def app(version, department="fgw", **fields):
        return Application.objects.create(
            tracking_code=f"T2{next(codes):06d}", item_version=version, department=departments[department],
            channel="hall", applicant_name="张三", applicant_id_number="420000199001011234",
            applicant_phone="13800000000", **{"received_on": dt.date(2024, 12, 1), **fields})

    a1 = app(licence_v, decision="granted", decided_on=dt.date(2025, 12, 31), status="completed")
    app(licence_v, decision="denied", decided_on=dt.date(2025, 1, 1), status="completed")
    app(licence_v, status="not_accepted", received_on=dt.date(2025, 6, 1))  # 不予受理: no decision
    app(licence_v, decision="granted", decided_on=dt.date(2026, 1, 1), status="completed")  # next year
    app(service_v, decision="granted", decided_on=dt.date(2025, 5, 1), status="completed")  # 公共服务
    a6 = app(zjj_v, "zjj", decision="granted", decided_on=dt.date(2025, 7, 1), status="completed")

    def fee(application, department, it, fen, paid_on):
        FeePayment.objects.create(application=application, department=departments[department], item=it,
                                  amount=fen, standard_amount=fen, channel="non_tax", reference=f"R{fen}",
                                  backend="test", paid_on=paid_on)

    fee(a1, "fgw", licence, 12_345_600, dt.date(2025, 12, 31))  # 12.3456 万元, last day
    fee(a1, "fgw", licence, 500_000, dt.date(2026, 1, 1))  # next year
    fee(a1, "fgw", licence, 100, dt.date(2025, 1, 1))  # 1 yuan on the first day
    fee(a1, "fgw", licence, 700_000, dt.date(2024, 12, 31))  # last year
    fee(a6, "zjj", zjj_licence, 1_000_000, dt.date(2025, 3, 1))  # other department


def _flat(data):
    out = {}
    for section in data["sections"]:
        for row in section["rows"]:
            for column in section["columns"]:
                out[(row["key"], column["key"])] = row[column["key"]]
    return out


FGW_2025 = {("rules", "made"): 1, ("rules", "abolished"): 0, ("rules", "in_force"): 1,
            ("normative", "made"): 2, ("normative", "abolished"): 1, ("normative", "in_force"): 1,
            ("licensing", "decisions"): 2, ("penalty", "decisions"): "—", ("coercion", "decisions"): "—",
            ("fees", "amount_wan"): "12.3457"}


def test_api_for_the_clerks_department(proactive_data, clerk, api_client, django_assert_max_num_queries):
    api_client.force_authenticate(clerk)
    with django_assert_max_num_queries(12):
        response = api_client.get(API, {"year": 2025})
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2025 and data["department"] == {"code": "fgw", "name": "随县发展和改革局"}
    assert [s["label"] for s in data["sections"]] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                                                     "第二十条第（八）项"]
    assert [c["label"] for c in data["sections"][0]["columns"]] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert [r["label"] for r in data["sections"][0]["rows"]] == ["规章", "行政规范性文件"]
    assert data["sections"][3]["columns"][0]["label"] == "本年收费金额（单位：万元）"
    assert _flat(data) == FGW_2025
    assert any("未安装行政处罚、行政强制模块" in n for n in data["notes"])


def test_api_county_wide_and_department_filter(proactive_data, office_head, api_client):
    api_client.force_authenticate(office_head)
    county = _flat(api_client.get(API, {"year": 2025}).json())
    assert county == {**FGW_2025, ("normative", "made"): 3, ("normative", "in_force"): 2,
                      ("licensing", "decisions"): 3, ("fees", "amount_wan"): "13.3457"}
    zjj = _flat(api_client.get(API, {"year": 2025, "department": "zjj"}).json())
    assert zjj == {("rules", "made"): 0, ("rules", "abolished"): 0, ("rules", "in_force"): 0,
                   ("normative", "made"): 1, ("normative", "abolished"): 0, ("normative", "in_force"): 1,
                   ("licensing", "decisions"): 1, ("penalty", "decisions"): "—", ("coercion", "decisions"): "—",
                   ("fees", "amount_wan"): "1.0000"}
    # the boundaries seen from the other side: 2024 and 2026
    fgw_2024 = _flat(api_client.get(API, {"year": 2024, "department": "fgw"}).json())
    assert (fgw_2024[("normative", "made")], fgw_2024[("normative", "abolished")],
            fgw_2024[("normative", "in_force")], fgw_2024[("fees", "amount_wan")],
            fgw_2024[("licensing", "decisions")]) == (1, 1, 1, "0.7000", 0)  # the one repealed in 2025 was in force
    fgw_2026 = _flat(api_client.get(API, {"year": 2026, "department": "fgw"}).json())
    assert (fgw_2026[("normative", "made")], fgw_2026[("normative", "in_force")],
            fgw_2026[("fees", "amount_wan")], fgw_2026[("licensing", "decisions")]) == (1, 2, "0.5000", 1)


def test_api_errors_like_tables_3_and_4(proactive_data, clerk, api_client):
    assert api_client.get(API, {"year": 2025}).status_code in (401, 403)
    api_client.force_authenticate(clerk)
    assert api_client.get(API, {"year": 2025, "department": "zjj"}).status_code == 404
    bad = api_client.get(API, {"year": "20x5"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_year"


def test_page_and_xlsx_sheet(proactive_data, clerk, client):
    client.force_login(clerk)
    page = client.get(PAGE, {"year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert "表二：主动公开政府信息情况" in html and 'id="proactive-table"' in html
    assert "未安装行政处罚、行政强制模块" in html
    table2 = page.context["table2"]
    assert _flat(table2) == FGW_2025
    export = client.get(PAGE, {"year": 2025, "export": "xlsx"})
    wb = load_workbook(io.BytesIO(export.content))
    assert wb.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                             "四、政府信息公开行政复议、行政诉讼情况", "勾稽关系校验"]
    ws = wb["二、主动公开政府信息情况"]
    rows = [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    assert ["规章", 1, 0, 1] in rows and ["行政规范性文件", 2, 1, 1] in rows
    assert ["行政许可", 2] in rows and ["行政处罚", "—"] in rows and ["行政强制", "—"] in rows
    assert ["行政事业性收费", Decimal("12.3457")] in rows or ["行政事业性收费", 12.3457] in rows
