"""Table 4 of the annual disclosure report (四、政府信息公开行政复议、行政诉讼情况, 国办公开办函〔2021〕30号): one row
of 15 figures computed from the register (`ReviewLitigationCase`), with its checks.

Columns: 行政复议 | 行政诉讼·未经复议直接起诉 | 行政诉讼·复议后起诉, each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.

Which cases a year counts (DOMAIN.md §6 says only what the row holds; the national format
"本机关因政府信息公开工作被申请行政复议、提起行政诉讼的情况" counts the cases brought in the year, and its 尚未审结
column exists because some are still open at year end). The platform's rule [P]:

- a case counts in the year of its **filing date** (`filed_on`: the day the review body or the court accepted it,
  立案/受理), once, in its kind's block;
- its result is the one it had **on 31 December of that year**: decided by then (`decided_on` ≤ 31 December) →
  维持 / 纠正 / 其他结果; decided later or not yet → 尚未审结. So the table of a past year never changes when a
  case is decided later (the published report stays reproducible);
- a case filed in an earlier year is not counted again, whether it is still pending or was decided this year: it was
  counted (as 尚未审结) in its filing year. The page and the API show these separately (`not_counted`), for the
  narrative of section 五 or 六;
- 国办公开办函〔2016〕201号: a suit where the review body is co-defendant counts for the original agency only; an
  entry of the review body (`role` review_body) is never counted (shown in `not_counted`).

One grouped query (by kind), whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .annual_table import Check, DepartmentRef

BLOCKS: list[tuple[str, str]] = [
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
]
RESULTS: list[tuple[str, str]] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
]
COLUMNS: list[tuple[str, str]] = [(f"{block}_{result}", f"{block_label}·{result_label}")
                                  for block, block_label in BLOCKS for result, result_label in RESULTS]
NOT_COUNTED_LABELS = {
    "earlier_filed_decided": "往年立案、本年审结的案件（已在立案年度计为尚未审结，本年不再计入）",
    "earlier_filed_pending": "往年立案、本年末仍未审结的案件（不再计入）",
    "co_defendant": "本机关仅作为复议机关共同被告的本年案件（国办公开办函〔2016〕201号：不计入）",
}


@dataclass
class ReviewTable:
    """Table 4 as plain data: `values` {column key: n} in COLUMNS order."""

    year: int
    department: DepartmentRef | None
    values: dict[str, int]
    checks: list[Check] = field(default_factory=list)
    not_counted: dict[str, int] = field(default_factory=dict)
    columns: list[tuple[str, str]] = field(default_factory=lambda: list(COLUMNS))

    def value(self, block: str, result: str) -> int:
        return self.values[f"{block}_{result}"]

    @property
    def all_passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def blocks(self) -> list[dict]:
        """For templates and the workbook: [{key, label, cells: [{key, label, value}]}]."""
        return [{"key": block, "label": label,
                 "cells": [{"key": f"{block}_{result}", "label": result_label,
                            "value": self.values[f"{block}_{result}"]} for result, result_label in RESULTS]}
                for block, label in BLOCKS]

    def as_dict(self) -> dict:
        department = self.department
        return {
            "year": self.year,
            "department": ({"code": department.code, "name": department.name} if department is not None else None),
            "columns": [{"key": key, "label": label} for key, label in self.columns],
            "values": dict(self.values),
            "checks": [check.as_dict() for check in self.checks],
            "not_counted": [{"key": key, "label": NOT_COUNTED_LABELS[key], "count": n}
                            for key, n in self.not_counted.items()],
        }


def check_blocks(values: dict[str, int]) -> list[Check]:
    """In each block: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    checks = []
    for block, label in BLOCKS:
        parts = sum(values[f"{block}_{result}"] for result, _ in RESULTS[:-1])
        total = values[f"{block}_{'total'}"]
        detail = "" if parts == total else f"{label}：四项之和＝{parts}，总计＝{total}"
        checks.append(Check(f"table4_{block}", f"表四·{label}：维持＋纠正＋其他结果＋尚未审结＝总计",
                            parts == total, detail))
    return checks


def count_values(year: int, department_ids: Sequence[int] | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """({column key: n} for the 15 columns, {not-counted key: n}) in ONE query grouped by kind."""
    from .models import ReviewLitigationCase

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    Result, Role = ReviewLitigationCase.Result, ReviewLitigationCase.Role
    counted = Q(role=Role.ORIGINAL, filed_on__gte=start, filed_on__lte=end)
    decided_by_end = Q(decided_on__isnull=False, decided_on__lte=end)
    earlier = Q(role=Role.ORIGINAL, filed_on__lt=start)
    aggregates = {
        "n_total": Count("pk", filter=counted),
        "n_upheld": Count("pk", filter=counted & decided_by_end & Q(result=Result.UPHELD)),
        "n_corrected": Count("pk", filter=counted & decided_by_end & Q(result=Result.CORRECTED)),
        "n_other": Count("pk", filter=counted & decided_by_end & Q(result=Result.OTHER)),
        "n_pending": Count("pk", filter=counted & ~decided_by_end),
        "n_earlier_filed_decided": Count("pk", filter=earlier & Q(decided_on__gte=start, decided_on__lte=end)),
        "n_earlier_filed_pending": Count("pk", filter=earlier & ~decided_by_end),
        "n_co_defendant": Count("pk", filter=Q(role=Role.REVIEW_BODY, filed_on__gte=start, filed_on__lte=end)),
    }
    queryset = ReviewLitigationCase.objects.filter(filed_on__lte=end)
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=list(department_ids))
    values = dict.fromkeys((key for key, _ in COLUMNS), 0)
    not_counted = dict.fromkeys(NOT_COUNTED_LABELS, 0)
    for row in queryset.order_by().values("kind").annotate(**aggregates):
        block = row["kind"]
        for result, _ in RESULTS:
            key = f"{block}_{result}"
            if key in values:  # an unknown kind would be a data error: it is left out, and no check hides it
                values[key] += row[f"n_{result}"]
        for key in not_counted:
            not_counted[key] += row[f"n_{key}"]
    return values, not_counted


def review_litigation_table(*, year: int, department=None, department_ids=None) -> ReviewTable:
    """Table 4 for `year` and one department (None: every department, county-wide), or the departments of
    `department_ids` together."""
    if department is not None:
        department_ids = [department.pk]
    values, not_counted = count_values(year, department_ids)
    ref = None if department is None else DepartmentRef(code=department.code, name=department.name)
    return ReviewTable(year=year, department=ref, values=values, checks=check_blocks(values),
                       not_counted=not_counted)


__all__ = ["BLOCKS", "COLUMNS", "RESULTS", "ReviewTable", "check_blocks", "review_litigation_table"]
