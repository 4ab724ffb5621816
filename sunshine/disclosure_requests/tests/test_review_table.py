"""Table 4 of the annual report (行政复议、行政诉讼情况) and its register: exact figures for a data set built to hit
every placement rule (filing year, result as of 31 December, earlier-year cases, the co-defendant rule of
国办公开办函〔2016〕201号), the checks, the register's rules, scope and audit, and its pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.disclosure_requests import review_cases
from sunshine.disclosure_requests.models import ReviewLitigationCase
from sunshine.disclosure_requests.review_table import COLUMNS, check_blocks, review_litigation_table
from sunshine.disclosure_requests.statistics import provider

pytestmark = pytest.mark.django_db
D = dt.date
R, K = ReviewLitigationCase.Result, ReviewLitigationCase.Kind


@pytest.fixture
def requests_(submit, departments):
    fgw = submit(received_on=D(2024, 11, 4)).request
    zjj = submit(received_on=D(2024, 11, 4), department=departments["zjj"]).request
    return fgw, zjj


def _case(request, kind, filed_on, result=R.PENDING, decided_on=None, **extra):
    return ReviewLitigationCase.objects.create(request=request, department=extra.pop("department", request.department),
                                               kind=kind, filed_on=filed_on, result=result, decided_on=decided_on,
                                               **extra)


@pytest.fixture
def register(requests_, departments):
    """fgw's cases (and one of zjj, one of the review body) around 2025."""
    fgw, zjj = requests_
    gkb = departments["gkb"]
    # counted in 2025, reviews: 2 upheld, 1 corrected, 1 other, 1 decided in 2026 (→ pending in 2025), 1 pending
    _case(fgw, K.REVIEW, D(2025, 1, 6), R.UPHELD, D(2025, 3, 1))
    _case(fgw, K.REVIEW, D(2025, 2, 10), R.UPHELD, D(2025, 12, 31))
    _case(fgw, K.REVIEW, D(2025, 4, 1), R.CORRECTED, D(2025, 6, 1))
    _case(fgw, K.REVIEW, D(2025, 5, 1), R.OTHER, D(2025, 5, 20))
    _case(fgw, K.REVIEW, D(2025, 11, 3), R.UPHELD, D(2026, 1, 5))
    _case(fgw, K.REVIEW, D(2025, 12, 31))
    # suits without review: 1 corrected, 1 pending
    _case(fgw, K.SUIT_DIRECT, D(2025, 7, 1), R.CORRECTED, D(2025, 10, 9))
    _case(fgw, K.SUIT_DIRECT, D(2025, 9, 1))
    # suit after review: 1 upheld (fgw, original agency); the review body's own entry is never counted
    _case(fgw, K.SUIT_AFTER_REVIEW, D(2025, 8, 1), R.UPHELD, D(2025, 11, 30))
    _case(fgw, K.SUIT_AFTER_REVIEW, D(2025, 8, 1), R.UPHELD, D(2025, 11, 30), department=gkb,
          role=ReviewLitigationCase.Role.REVIEW_BODY)
    # other years: filed 2024 and decided 2025; filed 2024 and still pending; filed 2026
    _case(fgw, K.REVIEW, D(2024, 12, 30), R.CORRECTED, D(2025, 2, 1))
    _case(fgw, K.SUIT_DIRECT, D(2024, 6, 1))
    _case(fgw, K.REVIEW, D(2026, 1, 2), R.UPHELD, D(2026, 2, 2))
    # another department's case in 2025
    _case(zjj, K.SUIT_DIRECT, D(2025, 3, 3), R.OTHER, D(2025, 4, 4))


def _values(table) -> list[int]:
    return [table.values[key] for key, _ in COLUMNS]


def test_table4_for_one_department_has_exact_figures(register, departments):
    table = review_litigation_table(year=2025, department=departments["fgw"])
    # 行政复议 维持 纠正 其他 尚未审结 总计 | 直接起诉 … | 复议后起诉 …
    assert _values(table) == [2, 1, 1, 2, 6, 0, 1, 0, 1, 2, 1, 0, 0, 0, 1]
    assert all(check.passed for check in table.checks) and len(table.checks) == 3
    assert table.not_counted == {"earlier_filed_decided": 1, "earlier_filed_pending": 1, "co_defendant": 0}
    assert table.department.code == "fgw"


def test_table4_county_wide_and_per_year(register, departments):
    county = review_litigation_table(year=2025)
    assert _values(county) == [2, 1, 1, 2, 6, 0, 1, 1, 1, 3, 1, 0, 0, 0, 1]
    assert county.not_counted["co_defendant"] == 1  # the review body's entry (gkb)
    # 2024: the review decided in 2025 was pending on 31 December 2024; the suit is still pending
    assert _values(review_litigation_table(year=2024)) == [0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    # 2026: the case filed in 2026; 2025's review decided on 2026-01-05 is not counted again
    y2026 = review_litigation_table(year=2026, department=departments["fgw"])
    assert _values(y2026) == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert y2026.not_counted == {"earlier_filed_decided": 1, "earlier_filed_pending": 3, "co_defendant": 0}
    # the review body's department counts nothing for the co-defendant suit
    assert sum(_values(review_litigation_table(year=2025, department=departments["gkb"]))) == 0


def test_table4_is_one_query_and_through_the_provider(register, departments, django_assert_num_queries):
    with django_assert_num_queries(1):
        review_litigation_table(year=2025, department=departments["fgw"])
    data = provider.review_litigation_table(year=2025, department_ids=[departments["fgw"].pk]).as_dict()
    assert set(data) >= {"year", "columns", "values", "checks"} and len(data["columns"]) == 15
    assert data["columns"][0] == {"key": "review_upheld", "label": "行政复议·结果维持"}
    assert data["values"]["review_total"] == 6 and data["values"]["suit_after_review_total"] == 1
    assert [c["passed"] for c in data["checks"]] == [True, True, True]


def test_table4_check_fails_when_a_block_does_not_add_up():
    values = dict.fromkeys((key for key, _ in COLUMNS), 0) | {"review_upheld": 2, "review_total": 3,
                                                               "suit_direct_pending": 1, "suit_direct_total": 1}
    checks = check_blocks(values)
    assert [c.passed for c in checks] == [False, True, True]
    assert checks[0].detail == "行政复议：四项之和＝2，总计＝3"


# --- the register: rules, scope, audit --------------------------------------------------------------------------

def test_register_rules_refuse_in_chinese(requests_, departments):
    fgw, _ = requests_
    today = D(2026, 12, 3)

    def errors(**kw):
        args = {"request": fgw, "department": fgw.department, "kind": K.REVIEW, "role": "original",
                "filed_on": D(2026, 6, 1), "result": R.PENDING, "decided_on": None, "today": today} | kw
        with pytest.raises(ValidationError) as exc:
            review_cases.validate_review_case(**args)
        return exc.value.message_dict

    assert errors(filed_on=D(2026, 12, 4)) == {"filed_on": ["立案（受理）日期不能晚于今天。"]}
    assert errors(result=R.UPHELD) == {"decided_on": ["已审结的案件请填写审结日期。"]}
    assert errors(decided_on=D(2026, 7, 1)) == {"decided_on": ["尚未审结的案件不填审结日期；已审结的请选择审结结果。"]}
    assert errors(result=R.UPHELD, decided_on=D(2026, 5, 31)) == {"decided_on": ["审结日期不能早于立案（受理）日期。"]}
    assert errors(result=R.UPHELD, decided_on=D(2026, 12, 4)) == {"decided_on": ["审结日期不能晚于今天。"]}
    assert errors(role="review_body", department=departments["gkb"]) == {
        "role": ["复议机关作为共同被告，只发生在复议后起诉的行政诉讼中。"]}
    assert "department" in errors(department=departments["gkb"])
    assert "department" in errors(kind=K.SUIT_AFTER_REVIEW, role="review_body")
    review_cases.validate_review_case(request=fgw, department=fgw.department, kind=K.REVIEW, role="original",
                                      filed_on=D(2026, 6, 1), result=R.UPHELD, decided_on=D(2026, 12, 3),
                                      today=today)


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0), tick=False)
def test_register_and_update_are_audited_and_scoped(requests_, clerk, other_clerk, supervisor):
    fgw, zjj = requests_
    case = review_cases.review_case_register(request=fgw, kind=K.REVIEW, filed_on=D(2026, 3, 2), actor=clerk,
                                             case_number="随政复〔2026〕7号", body_name="随县人民政府")
    assert case.department == fgw.department and case.registered_by == clerk and case.result == R.PENDING
    event = AuditEvent.objects.get(action="disclosure_request.review_case_register")
    assert event.actor == clerk and event.after["filed_on"] == "2026-03-02"
    review_cases.review_case_update(case=case, actor=clerk, result=R.UPHELD, decided_on=D(2026, 5, 8))
    update = AuditEvent.objects.get(action="disclosure_request.review_case_update")
    assert update.before["result"] == "pending" and update.after["result"] == "upheld"
    with pytest.raises(DomainError) as exc:
        review_cases.review_case_update(case=case, actor=clerk, decided_on=D(2026, 3, 1))
    assert exc.value.field == "decided_on"
    case.refresh_from_db()
    assert case.decided_on == D(2026, 5, 8)  # nothing of the refused change is saved
    with pytest.raises(CapabilityRequired):  # another department's clerk
        review_cases.review_case_update(case=case, actor=other_clerk, note="x")
    with pytest.raises(CapabilityRequired):  # another department's request
        review_cases.review_case_register(request=zjj, kind=K.REVIEW, filed_on=D(2026, 3, 2), actor=clerk)
    with pytest.raises(CapabilityRequired):  # the supervisor sees, but registers nothing
        review_cases.review_case_register(request=fgw, kind=K.REVIEW, filed_on=D(2026, 3, 2), actor=supervisor)
    assert list(review_cases.review_cases_visible_to(other_clerk)) == []
    assert list(review_cases.review_cases_visible_to(supervisor)) == [case]


# --- the pages ---------------------------------------------------------------------------------------------------

PAGE = "/ysq/staff/review-cases/"


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0), tick=False)
def test_register_page_registers_updates_and_refuses(requests_, clerk, other_clerk, client,
                                                     django_assert_max_num_queries):
    fgw, _ = requests_
    client.force_login(clerk)
    assert client.get(PAGE).status_code == 200
    refused = client.post(PAGE, {"tracking_code": fgw.tracking_code, "kind": "review", "role": "original",
                                 "filed_on": "2026-12-04", "result": "pending"})
    assert refused.status_code == 400 and "立案（受理）日期不能晚于今天。" in refused.content.decode()
    assert not ReviewLitigationCase.objects.exists()
    response = client.post(PAGE, {"tracking_code": fgw.tracking_code, "kind": "suit_direct", "role": "original",
                                  "filed_on": "2026-04-01", "result": "pending",
                                  "case_number": "（2026）鄂1321行初5号"})
    assert response.status_code == 302
    case = ReviewLitigationCase.objects.get()
    edit = f"{PAGE}{case.pk}/"
    assert client.post(edit, {"kind": "suit_direct", "role": "original", "filed_on": "2026-04-01",
                              "result": "corrected", "decided_on": "2026-09-30"}).status_code == 302
    case.refresh_from_db()
    assert (case.result, case.decided_on) == ("corrected", D(2026, 9, 30))
    for _ in range(5):
        ReviewLitigationCase.objects.create(request=fgw, department=fgw.department, kind="review",
                                            filed_on=D(2026, 1, 5))
    with django_assert_max_num_queries(12):
        listing = client.get(PAGE)
    assert listing.content.decode().count("data-case=") == 6
    client.force_login(other_clerk)
    assert client.get(edit).status_code == 404
    foreign = client.post(PAGE, {"tracking_code": fgw.tracking_code, "kind": "review", "role": "original",
                                 "filed_on": "2026-04-01", "result": "pending"})
    assert foreign.status_code == 400 and "不属于您所在的部门" in foreign.content.decode()


@time_machine.travel(dt.datetime(2026, 12, 3, 10, 0), tick=False)
def test_admin_saves_through_the_register_service(requests_, client, django_user_model):
    fgw, _ = requests_
    admin = django_user_model.objects.create_superuser(username="root", password="pass-1234-word", kind="staff")
    client.force_login(admin)
    assert client.get("/admin/disclosure_requests/reviewlitigationcase/").status_code == 200
    data = {"request": fgw.pk, "department": fgw.department_id, "kind": "review", "role": "original",
            "case_number": "", "body_name": "", "filed_on": "2026-12-04", "result": "pending", "decided_on": "",
            "note": ""}
    refused = client.post("/admin/disclosure_requests/reviewlitigationcase/add/", data)
    assert refused.status_code == 200 and "立案（受理）日期不能晚于今天。" in refused.content.decode()
    saved = client.post("/admin/disclosure_requests/reviewlitigationcase/add/", data | {"filed_on": "2026-11-02"})
    assert saved.status_code == 302
    case = ReviewLitigationCase.objects.get()
    assert AuditEvent.objects.filter(action="disclosure_request.review_case_register", target_id=str(case.pk),
                                     actor=admin).count() == 1
    changed = client.post(f"/admin/disclosure_requests/reviewlitigationcase/{case.pk}/change/",
                          data | {"filed_on": "2026-11-02", "result": "other", "decided_on": "2026-12-01"})
    assert changed.status_code == 302
    case.refresh_from_db()
    assert (case.result, case.decided_on) == ("other", D(2026, 12, 1))
    assert AuditEvent.objects.filter(action="disclosure_request.review_case_update").count() == 1
