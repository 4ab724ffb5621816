"""Demo entries of the register of review and litigation cases (行政复议、行政诉讼案件登记), so that table 4 of the
demo's annual report is not all zeros: an applicant refused in 2025 applies for review (upheld) and then sues (复议后
起诉, still pending); another refusal is corrected on review. Since 2024 a refusal goes to review first (复议前置,
行政复议法 art. 23), so no direct suit is made up here. Written through `review_cases` (audited)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import review_cases
from .models import DisclosureRequest, ReviewLitigationCase

Kind, Result = ReviewLitigationCase.Kind, ReviewLitigationCase.Result


def load(actor) -> int:
    """Register the entries once (none if the register has any); returns how many were registered."""
    if ReviewLitigationCase.objects.exists():
        return 0
    today = timezone.localdate()
    refused = list(DisclosureRequest.objects.filter(outcome__startswith="refused", decided_on__isnull=False)
                   .order_by("decided_on", "pk")[:2])
    count = 0
    for i, req in enumerate(refused):
        filed = req.decided_on + dt.timedelta(days=20)
        decided = filed + dt.timedelta(days=55)
        if decided > today:
            continue
        result = Result.UPHELD if i == 0 else Result.CORRECTED
        review_cases.review_case_register(request=req, kind=Kind.REVIEW, filed_on=filed, result=result,
                                          decided_on=decided, actor=actor, body_name="随县人民政府",
                                          case_number=f"随政复〔{filed.year}〕{11 + i}号")
        count += 1
        suit_filed = decided + dt.timedelta(days=12)
        if i == 0 and suit_filed <= today:
            review_cases.review_case_register(request=req, kind=Kind.SUIT_AFTER_REVIEW, filed_on=suit_filed,
                                              actor=actor, body_name="随县人民法院",
                                              case_number=f"（{suit_filed.year}）鄂1321行初{20 + i}号")
            count += 1
    return count
