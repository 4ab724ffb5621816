"""Fees (收费): the standard as data, exact amounts, a fee outside the standard (refused, or recorded and flagged),
票款分离 through the backend, no delivery or completion before payment, the yearly sums in 万元 for table 2."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.core.errors import DomainError
from sunshine.gov_services import fees, services
from sunshine.gov_services.fees import FeeScheduleError, amount_due, validate_fee_schedule
from sunshine.gov_services.models import FeePayment, FlagKind, IntegrityFlag

D = dt.date
TIERS = {"kind": "tiered", "unit": "万元", "quantity_field": "investment",
         "tiers": [{"up_to": 1000, "amount": "500"}, {"up_to": 5000, "amount": "1000"},
                   {"up_to": None, "amount": "2000"}]}
FORM = [{"name": "investment", "label": "总投资（万元）", "type": "integer", "required": True},
        {"name": "area", "label": "面积", "type": "integer", "required": False}]


def test_amounts_are_exact():
    assert amount_due({}, {}) == 0 and amount_due({"kind": "none"}, {}) == 0
    assert amount_due({"kind": "fixed", "amount": "80"}, {}) == 8000
    per_unit = {"kind": "per_unit", "unit": "平方米", "unit_price": "0.35", "quantity_field": "area",
                "minimum": "50", "maximum": "1000"}
    assert amount_due(per_unit, {"area": "1000"}) == 35000  # 1000 × 0.35 = 350.00
    assert amount_due(per_unit, {"area": "3"}) == 5000  # 1.05 → the minimum 50.00
    assert amount_due(per_unit, {"area": "9999"}) == 100000  # 3499.65 → the maximum 1000.00
    assert amount_due({**per_unit, "minimum": "", "maximum": ""}, {"area": "7"}) == 245  # 2.45
    assert [amount_due(TIERS, {"investment": n}) for n in (0, 1000, 1001, 5000, 5001, 10**6)] == [
        50000, 50000, 100000, 100000, 200000, 200000]
    assert fees.describe(TIERS) == "1至1000万元500.00元；1001至5000万元1000.00元；5001万元以上2000.00元"
    assert fees.describe(per_unit) == "每平方米0.35元，最低50.00元，最高1000.00元"
    assert fees.wan_yuan(123456789) == Decimal("123.4568") and fees.yuan(245) == "2.45"


@pytest.mark.parametrize(("schedule", "message"), [
    ({"kind": "gift"}, "收费方式只能是"),
    ({"kind": "fixed", "amount": "0"}, "应大于0"),
    ({"kind": "fixed", "amount": "12.345"}, "最多两位小数"),
    ({"kind": "fixed", "amount": "-5"}, "不小于0"),
    ({"kind": "per_unit", "unit": "平方米", "unit_price": "2", "quantity_field": "name"}, "整数字段"),
    ({"kind": "per_unit", "unit": "", "unit_price": "2", "quantity_field": "area"}, "计费单位"),
    ({**TIERS, "tiers": [{"up_to": 10, "amount": "1"}, {"up_to": 5, "amount": "2"}, {"up_to": None,
                                                                                    "amount": "3"}]}, "大于上一档"),
    ({**TIERS, "tiers": [{"up_to": 10, "amount": "1"}]}, "最后一档不应设上限"),
])
def test_bad_standards_are_refused_in_chinese(schedule, message):
    with pytest.raises(FeeScheduleError, match=message):
        validate_fee_schedule(schedule, [*FORM, {"name": "name", "label": "名称", "type": "text"}])


@pytest.fixture
def fee_item(item):
    version = item.current_version
    version.fee_schedule = TIERS
    version.fee_basis = "《某某收费标准》（示例）"
    version.save(update_fields=["fee_schedule", "fee_basis"])
    return item


SEPT_21 = D(2026, 9, 21)


def _granted(submit, desk, clerk, *, on=SEPT_21, **data):
    app = services.application_dispatch(submit(on=on, **data), actor=desk)
    app = services.application_accept(app, actor=clerk, on=on)
    app = services.application_complete_review(app, actor=clerk, on=on)
    app = services.application_decide(app, actor=clerk, decision="granted", on=on)
    return services.application_issue_certificate(app, actor=clerk, number="证2026-1", on=on)


def test_a_fee_outside_the_standard_is_refused_or_recorded_with_a_flag(fee_item, submit, desk, window_clerk):
    app = _granted(submit, desk, window_clerk)  # investment 1200 万元 → the second tier, 1000.00 元
    assert app.fee_due == 100000
    with pytest.raises(DomainError, match="尚未缴纳，不能送达"):
        services.application_deliver(app, actor=window_clerk, on=D(2026, 9, 22))
    with pytest.raises(DomainError, match=r"缴费金额800\.00元与收费标准核定的1000\.00元不符"):
        fees.application_record_fee(app, actor=window_clerk, amount="800", channel="non_tax", reference="NT-1")
    with pytest.raises(DomainError, match="金额"):
        fees.application_record_fee(app, actor=window_clerk, amount="一千", channel="non_tax", reference="NT-1")
    fee_flags = IntegrityFlag.objects.filter(kind=FlagKind.FEE_OUTSIDE_STANDARD)
    assert not FeePayment.objects.exists() and not fee_flags.exists()
    # the window records what was really paid: kept, marked, and the case flagged for supervision
    app = fees.application_record_fee(app, actor=window_clerk, amount="800", channel="non_tax", reference="NT-1",
                                      paid_on=D(2026, 9, 22), as_paid=True, note="申请人持旧标准缴款书缴款")
    payment = FeePayment.objects.get()
    assert (payment.amount, payment.standard_amount, payment.outside_standard, payment.backend) == (
        80000, 100000, True, "local")
    flag = fee_flags.get()
    assert flag.facts == {"paid": "800.00", "standard": "1000.00", "reference": "NT-1"}
    with pytest.raises(DomainError, match="已登记缴费"):
        fees.application_record_fee(app, actor=window_clerk, amount="1000", channel="non_tax", reference="NT-2")
    app = services.application_deliver(app, actor=window_clerk, on=D(2026, 9, 22))
    assert app.status == "returned"


def test_the_standard_amount_is_recorded_and_the_case_can_be_completed(fee_item, submit, desk, window_clerk):
    from sunshine.audit.models import AuditEvent

    app = _granted(submit, desk, window_clerk, form={"project_name": "光伏", "investment": "800"})
    assert app.fee_due == 50000
    app = fees.application_record_fee(app, actor=window_clerk, amount="500.00", channel="payment_window",
                                      reference="JK20260922001", paid_on=D(2026, 9, 22))
    payment = app.fee_payments.get()
    assert not payment.outside_standard and payment.receipt_number == "FS-20260922-60922001"
    assert not IntegrityFlag.objects.filter(kind=FlagKind.FEE_OUTSIDE_STANDARD).exists()
    event = AuditEvent.objects.get(action="gov_services.application.record_fee")
    assert event.after["amount"] == "500.00" and event.after["reference"] == "JK20260922001"
    other = _granted(submit, desk, window_clerk)
    with pytest.raises(DomainError, match="已登记过"):
        fees.application_record_fee(other, actor=window_clerk, amount="1000", channel="payment_window",
                                    reference="JK20260922001")
    app = services.application_deliver(app, actor=window_clerk, on=D(2026, 9, 22))
    app = services.application_complete(app, actor=desk, on=D(2026, 9, 23))
    assert app.status == "completed"


def test_no_fee_item_and_denied_case_owe_nothing(item, submit, desk, window_clerk):
    app = _granted(submit, desk, window_clerk)
    assert app.fee_due == 0 and not fees.owes_fee(app)
    with pytest.raises(DomainError, match="不收费"):
        fees.application_record_fee(app, actor=window_clerk, amount="10", channel="non_tax", reference="NT-9")
    services.application_deliver(app, actor=window_clerk, on=D(2026, 9, 22))


class RefusingBackend:
    name = "nontax-test"

    def confirm(self, *, application, channel, reference, amount, paid_on):
        raise DomainError("非税收入系统未查到该缴款码。", code="payment_unknown", field="reference")


class ShortBackend:
    name = "nontax-short"

    def confirm(self, *, application, channel, reference, amount, paid_on):
        return fees.Confirmation(reference=reference, amount=amount - 100, paid_on=paid_on, receipt_number="PJ-1")


def test_the_backend_confirms_the_payment(fee_item, submit, desk, window_clerk, settings):
    app = _granted(submit, desk, window_clerk)
    settings.GOV_SERVICES_FEE_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(DomainError, match="未查到该缴款码"):
        fees.application_record_fee(app, actor=window_clerk, amount="1000", channel="non_tax", reference="NT-404")
    assert not FeePayment.objects.exists()
    settings.GOV_SERVICES_FEE_BACKEND = f"{__name__}.ShortBackend"  # the system received 1 元 less
    fees.application_record_fee(app, actor=window_clerk, amount="1000", channel="non_tax", reference="NT-405")
    payment = FeePayment.objects.get()
    assert (payment.amount, payment.outside_standard, payment.backend) == (99900, True, "nontax-short")
    assert IntegrityFlag.objects.filter(kind=FlagKind.FEE_OUTSIDE_STANDARD).count() == 1


def test_a_running_case_keeps_its_version_and_fee(fee_item, submit, desk, window_clerk):
    from sunshine.gov_services.models import ServiceItemVersion

    app = services.application_dispatch(submit(), actor=desk)
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 21))
    old = fee_item.current_version
    new = ServiceItemVersion.objects.create(item=fee_item, version=2, legal_basis=old.legal_basis,
                                            statutory_limit_days=5, promised_limit_days=3,
                                            fee_schedule={"kind": "fixed", "amount": "20"},
                                            steps=[{"code": "review", "name": "审查", "role": "窗口人员",
                                                    "limit_days": 1}, {"code": "decide", "name": "决定",
                                                                       "role": "审核人", "limit_days": 1}])
    fee_item.current_version = new
    fee_item.save(update_fields=["current_version"])
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 9, 22))
    app.refresh_from_db()
    assert app.item_version_id == old.pk and app.fee_due == 100000
    assert app.statutory_clock.limit_days == 20 and app.step_clock.limit_days == 3  # the old 决定 step
    fresh = submit(on=D(2026, 9, 22))
    assert fresh.item_version_id == new.pk and fresh.fee_due == 2000


def test_yearly_sums_in_wan_yuan_for_table_2(fee_item, make_item, submit, desk, window_clerk, make_staff):
    from sunshine.core.statistics import provider

    zjj_item = make_item("zjj-009", "建设工程规划许可", department="zjj")
    version = zjj_item.current_version
    version.fee_schedule = {"kind": "fixed", "amount": "1234.56"}
    version.save(update_fields=["fee_schedule"])
    zjj_clerk = make_staff("zjj_window", department="zjj", role="窗口人员")
    a = _granted(submit, desk, window_clerk)
    b = _granted(submit, desk, window_clerk, form={"project_name": "光伏二期", "investment": "9000"})
    c = _granted(submit, desk, zjj_clerk, the_item=zjj_item)
    old = _granted(submit, desk, window_clerk, on=D(2025, 12, 30))
    fees.application_record_fee(a, actor=window_clerk, amount="1000", channel="non_tax", reference="A",
                                paid_on=D(2026, 9, 22))
    fees.application_record_fee(b, actor=window_clerk, amount="2000", channel="non_tax", reference="B",
                                paid_on=D(2026, 12, 31))
    fees.application_record_fee(c, actor=zjj_clerk, amount="1234.56", channel="payment_window", reference="C",
                                paid_on=D(2026, 1, 1))
    fees.application_record_fee(old, actor=window_clerk, amount="1000", channel="non_tax", reference="OLD",
                                paid_on=D(2025, 12, 31))
    table = provider("gov_services").annual_fee_table(year=2026)
    assert table["unit"] == "万元"
    assert [(r["item_code"], r["payments"], r["amount_fen"], r["amount_wan"]) for r in table["items"]] == [
        ("fgw-001", 2, 300000, "0.3000"), ("zjj-009", 1, 123456, "0.1235")]
    assert [(d["items"], d["amount_wan"]) for d in table["departments"]] == [(1, "0.3000"), (1, "0.1235")]
    assert table["total"] == {"items": 2, "payments": 3, "amount_fen": 423456, "amount_wan": "0.4235"}
    only_zjj = provider("gov_services").annual_fee_table(year=2026, department_ids=[zjj_item.department_id])
    assert only_zjj["total"]["amount_fen"] == 123456
    rows = provider("gov_services").figures(start=D(2026, 1, 1), end=D(2026, 12, 31), group_by=("year",))
    assert [(r["year"], r["fee_payments"], r["fee_amount"]) for r in rows] == [(2026, 3, 423456)]


def test_the_case_page_records_the_fee_and_the_guide_shows_the_standard(client, fee_item, submit, desk,
                                                                        window_clerk):
    html = client.get("/zw/items/fgw-001/").content.decode()
    assert "1至1000万元500.00元；1001至5000万元1000.00元；5001万元以上2000.00元" in html
    app = _granted(submit, desk, window_clerk)
    client.force_login(window_clerk)
    html = client.get(f"/zw/staff/cases/{app.pk}/").content.decode()
    assert "1000.00元（按收费标准核定）" in html and 'id="section-record_fee"' in html
    r = client.post(f"/zw/staff/cases/{app.pk}/record_fee/", {
        "record_fee-amount": "900", "record_fee-channel": "non_tax", "record_fee-reference": "NT-77"})
    assert r.status_code == 400 and "与收费标准核定的1000.00元不符" in r.content.decode()
    r = client.post(f"/zw/staff/cases/{app.pk}/record_fee/", {
        "record_fee-amount": "900", "record_fee-channel": "non_tax", "record_fee-reference": "NT-77",
        "record_fee-as_paid": "on", "record_fee-note": "按实际缴纳"}, follow=True)
    html = r.content.decode()
    assert r.status_code == 200 and "实收900.00元" in html and "收费不符合标准</span>" in html
    assert 'id="section-record_fee"' not in html  # paid: no second payment
