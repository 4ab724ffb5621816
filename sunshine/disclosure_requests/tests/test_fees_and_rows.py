"""Fees by 国办函〔2020〕109号 (exact amounts) and every outcome's row in table 3."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunshine.disclosure_requests import fees
from sunshine.disclosure_requests.outcomes import OUTCOME_ROW, RESULT_ROWS, Outcome


@pytest.mark.parametrize(("rank", "amount"), [
    (1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (95, 800),
])
def test_fee_per_item(rank, amount):
    assert fees.fee_per_item(rank) == Decimal(amount)


@pytest.mark.parametrize(("pages", "amount"), [
    (0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (150, 70 * 10 + 50 * 20), (200, 2700), (201, 2740),
    (250, 700 + 2000 + 50 * 40),
])
def test_fee_per_page(pages, amount):
    assert fees.fee_per_page(pages) == Decimal(amount)


def test_fee_rejects_nonsense():
    with pytest.raises(ValueError):
        fees.fee_per_item(0)
    with pytest.raises(ValueError):
        fees.fee_per_page(-1)
    with pytest.raises(ValueError):
        fees.compute_fee(method="per_kilo")
    assert fees.compute_fee(method="per_page", pages=150) == 1700


EXPECTED_ROWS = {
    "disclosed": "（一）予以公开",
    "already_published": "（一）予以公开",
    "partially_disclosed": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "refused_state_secret": "1.属于国家秘密",
    "refused_law_forbids": "2.其他法律行政法规禁止公开",
    "refused_security_stability": "3.危及“三安全一稳定”",
    "refused_third_party": "4.保护第三方合法权益",
    "refused_internal_affairs": "5.属于三类内部事务信息",
    "refused_process_info": "6.属于四类过程性信息",
    "refused_enforcement_file": "7.属于行政执法案卷",
    "refused_admin_query": "8.属于行政查询事项",
    "not_held": "1.本机关不掌握相关政府信息",
    "not_this_agency": "1.本机关不掌握相关政府信息",
    "needs_production": "2.没有现成信息需要另行制作",
    "unclear_after_supplement": "3.补正后申请内容仍不明确",
    "petition_complaint": "1.信访举报投诉类申请",
    "repeated": "2.重复申请",
    "publication": "3.要求提供公开出版物",
    "excessive": "4.无正当理由大量反复申请",
    "confirm_or_reissue": "5.要求行政机关确认或重新出具已获取信息",
    "supplement_not_provided": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "fee_not_paid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "special_registration": "3.其他",
    "withdrawn": "3.其他",
    "other": "3.其他",
}


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_row(outcome):
    labels = dict(RESULT_ROWS)
    assert labels[OUTCOME_ROW[outcome]] == EXPECTED_ROWS[outcome]


def test_refusal_group_rows_are_under_refused_heading():
    assert OUTCOME_ROW[Outcome.REFUSED_THIRD_PARTY] == "refused_4"
    assert OUTCOME_ROW[Outcome.NOT_THIS_AGENCY] == "unavailable_1"
    assert OUTCOME_ROW[Outcome.FEE_NOT_PAID] == "other_2"


def test_every_closing_outcome_reachable_by_a_transition():
    """Each outcome is reachable: by a reply, or by its own transition (abandonment, fee, withdrawal)."""
    from sunshine.disclosure_requests.services import NOT_BY_REPLY

    assert set(NOT_BY_REPLY) == {Outcome.SUPPLEMENT_NOT_PROVIDED, Outcome.FEE_NOT_PAID, Outcome.WITHDRAWN}
