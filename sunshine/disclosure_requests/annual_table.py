"""Table 3 of the annual disclosure report (政府信息公开工作年度报告 表三：收到和处理政府信息公开申请情况).

Format: 国办公开办函〔2021〕30号 (DOMAIN.md §6). The table is computed from the requests with a fixed
number of queries (ONE scan grouped by applicant type and outcome, with conditional aggregation, whatever the
number of requests):

- 一、本年新收: `received_on` in the year;
- 二、上年结转: received before the year and not decided before it (open on 1 January);
- 三、本年度办理结果: `decided_on` in the year, by `outcomes.OUTCOME_ROW` (a request is counted in the year
  its outcome was decided, whatever the year it arrived);
- 四、结转下年度继续办理: received by 31 December and not decided by then (open at year end).

Split parents (一事一申请: the original of a split application, status ``split``) are not requests of
their own and are never counted; their parts are.

Columns: the six applicant types (自然人; 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构,
其他) and 总计. 总计 sums every group, including an applicant type outside the six, so such a request shows
up as a failed column check instead of silently vanishing.

Table 4 (行政复议、行政诉讼) is computed from the register of review and litigation cases in `review_table.py`.

The table is plain data (no model instance): the statistics provider (`statistics.provider.annual_request_table`)
hands it to the reports app, which renders the page, the .xlsx and the API (sunshine/reports).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .outcomes import OUTCOME_ROW, RESULT_GROUPS, RESULT_ROWS, ApplicantType

# Statuses of records that are not requests of their own (the parent of a split application).
EXCLUDED_STATUSES = ("split",)

TOTAL = "total"
COLUMNS: list[tuple[str, str]] = [(t.value, t.label) for t in ApplicantType] + [(TOTAL, "总计")]
TYPE_KEYS: list[str] = [t.value for t in ApplicantType]
LEGAL_PERSON_KEYS: list[str] = TYPE_KEYS[1:]  # 法人或其他组织

RECEIVED, CARRIED_IN, RESULTS, RESULTS_TOTAL, CARRIED_OVER = (
    "received", "carried_in", "results", "total", "carried_over")
SECTION_LABELS = {
    RECEIVED: "一、本年新收政府信息公开申请数量",
    CARRIED_IN: "二、上年结转政府信息公开申请数量",
    RESULTS: "三、本年度办理结果",
    RESULTS_TOTAL: "（七）总计",
    CARRIED_OVER: "四、结转下年度继续办理",
}
LEAF_KEYS: list[str] = [key for key, _ in RESULT_ROWS]
_LEAF_LABELS = dict(RESULT_ROWS)
_GROUP_OF_LEAF = {leaf: group for group, (_, leaves) in RESULT_GROUPS.items() for leaf in leaves}


@dataclass(frozen=True)
class DepartmentRef:
    """The department a table is for (plain data: code and name)."""

    code: str
    name: str


@dataclass
class Row:
    """One row of the table. `kind`: section (一、二、四), heading (三), leaf (the 21 result rows),
    group (（三）–（六）, the sum of its leaves: the official format shows it only as a heading), total (（七）)."""

    key: str
    label: str
    kind: str
    values: dict[str, int]
    group: str = ""

    def as_dict(self) -> dict:
        data = {"key": self.key, "label": self.label, "kind": self.kind, "values": dict(self.values)}
        if self.group:
            data["group"] = self.group
        return data


@dataclass
class Check:
    """A consistency check (勾稽关系校验): `detail` names every failing column or row."""

    key: str
    name: str
    passed: bool
    detail: str = ""

    def as_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "passed": self.passed, "detail": self.detail}


@dataclass
class Table:
    year: int
    department: DepartmentRef | None  # None: county-wide (every department)
    rows: list[Row]
    checks: list[Check] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=lambda: list(COLUMNS))

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def value(self, row_key: str, column: str = TOTAL) -> int:
        return self.row(row_key).values[column]

    @property
    def all_passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def as_dict(self) -> dict:
        department = self.department
        return {
            "year": self.year,
            "department": ({"code": department.code, "name": department.name} if department is not None else None),
            "columns": [{"key": key, "label": label} for key, label in self.columns],
            "rows": [row.as_dict() for row in self.rows],
            "checks": [check.as_dict() for check in self.checks],
            "table4": "/api/v1/reports/review-litigation-table",
        }


# --- computation ------------------------------------------------------------------------------

def _aggregates(year: int) -> dict:
    """Four counts per (applicant type, outcome) group: the leaf rows come from the outcome of the group."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    prev_end = dt.date(year - 1, 12, 31)
    open_at = lambda day: Q(received_on__lte=day) & (Q(decided_on__isnull=True) | Q(decided_on__gt=day))  # noqa: E731
    return {
        RECEIVED: Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
        CARRIED_IN: Count("pk", filter=Q(received_on__lt=start) & (Q(decided_on__isnull=True)
                                                                  | Q(decided_on__gte=start))),
        CARRIED_OVER: Count("pk", filter=open_at(end)),
        # Last year's 四 (结转下年度), computed with last year's rule, for the carry-over check.
        "previous_carried_over": Count("pk", filter=open_at(prev_end)),
        # Every request decided in the year, whatever its outcome: this is （七）总计. An empty or unknown
        # outcome counts here but in no leaf row, and the leaf-sum check fails.
        RESULTS_TOTAL: Count("pk", filter=Q(decided_on__gte=start, decided_on__lte=end)),
    }


def _relevant(queryset, year: int):
    """Only requests that can count in this year's or last year's closing figures (a range scan, indexed)."""
    end, prev_end = dt.date(year, 12, 31), dt.date(year - 1, 12, 31)
    return (queryset.exclude(status__in=EXCLUDED_STATUSES)
            .filter(received_on__lte=end)
            .filter(Q(decided_on__isnull=True) | Q(decided_on__gt=prev_end)))


def base_queryset(department_ids=None):
    from .models import DisclosureRequest

    queryset = DisclosureRequest.objects.all()
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=list(department_ids))
    return queryset


def count_cells(year: int, department_ids=None) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """The raw counts: ({row key: {column key: n}}, last year's 四 {column: n}), in ONE query.

    The query groups the requests in scope by (applicant type, outcome): at most 6 × 26 groups whatever the
    number of requests, each with five conditional counts. 总计 is the sum of every group, including
    groups with an applicant type outside the six (a data error the column check then reports); the leaf
    rows take the decided count of the groups whose outcome maps to them (`OUTCOME_ROW`)."""
    queryset = _relevant(base_queryset(department_ids), year)
    # Annotation names are prefixed so they never clash with a model field.
    aggregates = {f"n_{key}": aggregate for key, aggregate in _aggregates(year).items()}
    keys = [name[2:] for name in aggregates]
    cells = {key: dict.fromkeys([*TYPE_KEYS, TOTAL], 0) for key in [*keys, *LEAF_KEYS]}
    for values in queryset.order_by().values("applicant_type", "outcome").annotate(**aggregates):
        column, leaf = values["applicant_type"], OUTCOME_ROW.get(values["outcome"])
        columns = [column, TOTAL] if column in TYPE_KEYS else [TOTAL]
        for target in columns:
            for key in keys:
                cells[key][target] += values[f"n_{key}"]
            if leaf is not None:
                cells[leaf][target] += values[f"n_{RESULTS_TOTAL}"]
    previous = cells.pop("previous_carried_over")
    return cells, previous


def build_rows(cells: dict[str, dict[str, int]]) -> list[Row]:
    """Assemble the rows in table order from {row key: {column: n}} (leaves, 一, 二, （七）, 四).

    Group rows are the sums of their leaves; the 三 heading row carries the same numbers as （七）总计 so
    every row has values."""
    columns = [key for key, _ in COLUMNS]

    def values(key: str) -> dict[str, int]:
        return {column: int(cells[key].get(column, 0)) for column in columns}

    rows = [Row(RECEIVED, SECTION_LABELS[RECEIVED], "section", values(RECEIVED)),
            Row(CARRIED_IN, SECTION_LABELS[CARRIED_IN], "section", values(CARRIED_IN)),
            Row(RESULTS, SECTION_LABELS[RESULTS], "heading", values(RESULTS_TOTAL))]
    emitted_groups: set[str] = set()
    for leaf in LEAF_KEYS:
        group = _GROUP_OF_LEAF.get(leaf, "")
        if group and group not in emitted_groups:
            emitted_groups.add(group)
            label, leaves = RESULT_GROUPS[group]
            rows.append(Row(group, label, "group",
                            {column: sum(int(cells[k].get(column, 0)) for k in leaves) for column in columns}))
        rows.append(Row(leaf, _LEAF_LABELS[leaf], "leaf", values(leaf), group=group))
    rows.append(Row(RESULTS_TOTAL, SECTION_LABELS[RESULTS_TOTAL], "total", values(RESULTS_TOTAL)))
    rows.append(Row(CARRIED_OVER, SECTION_LABELS[CARRIED_OVER], "section", values(CARRIED_OVER)))
    return rows


# --- consistency checks (勾稽关系), pure functions over a table ------------------------------------

def _column_label(key: str) -> str:
    return dict(COLUMNS)[key]


def check_balance(table: Table) -> Check:
    """Per column: 一 + 二 = （七）总计 + 四."""
    failures = []
    for column, label in table.columns:
        left = table.value(RECEIVED, column) + table.value(CARRIED_IN, column)
        right = table.value(RESULTS_TOTAL, column) + table.value(CARRIED_OVER, column)
        if left != right:
            failures.append(f"{label}：一＋二＝{left}，（七）＋四＝{right}")
    return Check("balance", "各列：一＋二＝（七）总计＋四", not failures, "；".join(failures))


def check_leaves(table: Table) -> Check:
    """The 21 leaf rows of 三 sum to （七）总计, per column."""
    failures = []
    for column, label in table.columns:
        leaves = sum(table.value(key, column) for key in LEAF_KEYS)
        total = table.value(RESULTS_TOTAL, column)
        if leaves != total:
            failures.append(f"{label}：21个细项之和＝{leaves}，（七）总计＝{total}")
    return Check("leaves", "三、本年度办理结果的21个细项之和＝（七）总计", not failures, "；".join(failures))


def check_columns(table: Table) -> Check:
    """In every row: 自然人 + the five 法人或其他组织 columns = 总计."""
    failures = []
    for row in table.rows:
        parts = sum(row.values[key] for key in TYPE_KEYS)
        if parts != row.values[TOTAL]:
            failures.append(f"{row.label}：各类申请人之和＝{parts}，总计＝{row.values[TOTAL]}")
    return Check("columns", "每行：自然人＋法人或其他组织（五类）＝总计", not failures, "；".join(failures))


def check_carry_over(table: Table, previous_carried_over: dict[str, int]) -> Check:
    """Last year's 四 (结转下年度继续办理) = this year's 二 (上年结转), per column."""
    failures = []
    for column, label in table.columns:
        last, this = int(previous_carried_over.get(column, 0)), table.value(CARRIED_IN, column)
        if last != this:
            failures.append(f"{label}：上年四＝{last}，本年二＝{this}")
    return Check("carry_over", f"{table.year - 1}年“四、结转下年度继续办理”＝{table.year}年“二、上年结转”",
                 not failures, "；".join(failures))


def run_checks(table: Table, previous_carried_over: dict[str, int]) -> list[Check]:
    return [check_balance(table), check_leaves(table), check_columns(table),
            check_carry_over(table, previous_carried_over)]


def _department_ref(department) -> DepartmentRef | None:
    return None if department is None else DepartmentRef(code=department.code, name=department.name)


def request_table(*, year: int, department=None, department_ids=None,
                  previous_carried_over: dict[str, int] | None = None) -> Table:
    """Table 3 for `year` and one department (an orgs.Department; None: every department, county-wide), or the
    departments of `department_ids` together. One query.

    `previous_carried_over` ({column: n}) is last year's published 四 row when a report was published;
    without it last year's 四 is computed from the data (it then agrees with 二 unless the data are broken,
    e.g. a receipt date corrected after last year's report)."""
    if department is not None:
        department_ids = [department.pk]
    cells, previous = count_cells(year, department_ids)
    table = Table(year=year, department=_department_ref(department), rows=build_rows(cells))
    table.checks = run_checks(table, previous_carried_over if previous_carried_over is not None else previous)
    return table
