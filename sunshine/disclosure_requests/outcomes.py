"""Applicant types and outcomes of a disclosure request (依申请公开), and their rows in table 3 of the
annual report (国办公开办函〔2021〕30号; DOMAIN.md §5 and §6).

Every closed request has exactly one `Outcome`; `OUTCOME_ROW` maps it to exactly one leaf row of the
table. Row keys are stable identifiers; labels are exactly the table's wording.
"""

from __future__ import annotations

from django.db import models


class ApplicantType(models.TextChoices):
    """申请人类型: the table's seven columns are these six plus the total."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", "商业企业"
    RESEARCH_INSTITUTION = "research_institution", "科研机构"
    PUBLIC_WELFARE_ORGANIZATION = "public_welfare_organization", "社会公益组织"
    LEGAL_SERVICE_INSTITUTION = "legal_service_institution", "法律服务机构"
    OTHER_ORGANIZATION = "other_organization", "其他"


class Outcome(models.TextChoices):
    """办理结果 (Art. 36–39, 42, 30). More outcomes than leaf rows: several map to one row."""

    DISCLOSED = "disclosed", "予以公开"
    ALREADY_PUBLISHED = "already_published", "已主动公开（告知获取方式）"
    PARTIALLY_DISCLOSED = "partially_disclosed", "部分公开"
    REFUSED_STATE_SECRET = "refused_state_secret", "不予公开：属于国家秘密"
    REFUSED_LAW_FORBIDS = "refused_law_forbids", "不予公开：其他法律行政法规禁止公开"
    REFUSED_SECURITY_STABILITY = "refused_security_stability", "不予公开：危及“三安全一稳定”"
    REFUSED_THIRD_PARTY = "refused_third_party", "不予公开：保护第三方合法权益"
    REFUSED_INTERNAL_AFFAIRS = "refused_internal_affairs", "不予公开：属于三类内部事务信息"
    REFUSED_PROCESS_INFO = "refused_process_info", "不予公开：属于四类过程性信息"
    REFUSED_ENFORCEMENT_FILE = "refused_enforcement_file", "不予公开：属于行政执法案卷"
    REFUSED_ADMIN_QUERY = "refused_admin_query", "不予公开：属于行政查询事项"
    NOT_HELD = "not_held", "无法提供：本机关不掌握相关政府信息"
    NOT_THIS_AGENCY = "not_this_agency", "无法提供：非本机关负责公开（告知负责机关）"
    NEEDS_PRODUCTION = "needs_production", "无法提供：没有现成信息需要另行制作"
    UNCLEAR_AFTER_SUPPLEMENT = "unclear_after_supplement", "无法提供：补正后申请内容仍不明确"
    PETITION_COMPLAINT = "petition_complaint", "不予处理：信访举报投诉类申请"
    REPEATED = "repeated", "不予处理：重复申请"
    PUBLICATION = "publication", "不予处理：要求提供公开出版物"
    EXCESSIVE = "excessive", "不予处理：无正当理由大量反复申请"
    CONFIRM_OR_REISSUE = "confirm_or_reissue", "不予处理：要求行政机关确认或重新出具已获取信息"
    SUPPLEMENT_NOT_PROVIDED = "supplement_not_provided", "其他处理：申请人逾期不补正"
    FEE_NOT_PAID = "fee_not_paid", "其他处理：申请人逾期未缴纳费用"
    SPECIAL_REGISTRATION = "special_registration", "其他处理：按工商、不动产登记等特别规定办理"
    WITHDRAWN = "withdrawn", "其他处理：申请人撤回申请"
    OTHER = "other", "其他处理：其他"


# Leaf rows of section 三、本年度办理结果, in table order: (key, label).
RESULT_ROWS: list[tuple[str, str]] = [
    ("disclosed", "（一）予以公开"),
    ("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("refused_1", "1.属于国家秘密"),
    ("refused_2", "2.其他法律行政法规禁止公开"),
    ("refused_3", "3.危及“三安全一稳定”"),
    ("refused_4", "4.保护第三方合法权益"),
    ("refused_5", "5.属于三类内部事务信息"),
    ("refused_6", "6.属于四类过程性信息"),
    ("refused_7", "7.属于行政执法案卷"),
    ("refused_8", "8.属于行政查询事项"),
    ("unavailable_1", "1.本机关不掌握相关政府信息"),
    ("unavailable_2", "2.没有现成信息需要另行制作"),
    ("unavailable_3", "3.补正后申请内容仍不明确"),
    ("not_processed_1", "1.信访举报投诉类申请"),
    ("not_processed_2", "2.重复申请"),
    ("not_processed_3", "3.要求提供公开出版物"),
    ("not_processed_4", "4.无正当理由大量反复申请"),
    ("not_processed_5", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_3", "3.其他"),
]

# Group headings that sum their leaf rows (for display): key → (label, leaf row keys).
RESULT_GROUPS: dict[str, tuple[str, list[str]]] = {
    "refused": ("（三）不予公开", [f"refused_{i}" for i in range(1, 9)]),
    "unavailable": ("（四）无法提供", [f"unavailable_{i}" for i in range(1, 4)]),
    "not_processed": ("（五）不予处理", [f"not_processed_{i}" for i in range(1, 6)]),
    "other": ("（六）其他处理", [f"other_{i}" for i in range(1, 4)]),
}

OUTCOME_ROW: dict[str, str] = {
    Outcome.DISCLOSED: "disclosed",
    Outcome.ALREADY_PUBLISHED: "disclosed",
    Outcome.PARTIALLY_DISCLOSED: "partially_disclosed",
    Outcome.REFUSED_STATE_SECRET: "refused_1",
    Outcome.REFUSED_LAW_FORBIDS: "refused_2",
    Outcome.REFUSED_SECURITY_STABILITY: "refused_3",
    Outcome.REFUSED_THIRD_PARTY: "refused_4",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "refused_5",
    Outcome.REFUSED_PROCESS_INFO: "refused_6",
    Outcome.REFUSED_ENFORCEMENT_FILE: "refused_7",
    Outcome.REFUSED_ADMIN_QUERY: "refused_8",
    Outcome.NOT_HELD: "unavailable_1",
    Outcome.NOT_THIS_AGENCY: "unavailable_1",
    Outcome.NEEDS_PRODUCTION: "unavailable_2",
    Outcome.UNCLEAR_AFTER_SUPPLEMENT: "unavailable_3",
    Outcome.PETITION_COMPLAINT: "not_processed_1",
    Outcome.REPEATED: "not_processed_2",
    Outcome.PUBLICATION: "not_processed_3",
    Outcome.EXCESSIVE: "not_processed_4",
    Outcome.CONFIRM_OR_REISSUE: "not_processed_5",
    Outcome.SUPPLEMENT_NOT_PROVIDED: "other_1",
    Outcome.FEE_NOT_PAID: "other_2",
    Outcome.SPECIAL_REGISTRATION: "other_3",
    Outcome.WITHDRAWN: "other_3",
    Outcome.OTHER: "other_3",
}

assert set(OUTCOME_ROW) == set(Outcome.values), "every outcome maps to a row"
assert set(OUTCOME_ROW.values()) == {key for key, _ in RESULT_ROWS}, "every leaf row is reachable"
