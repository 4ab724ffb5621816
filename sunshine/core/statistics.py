"""Statistics providers (统计口径): how reports and supervision read a domain's figures without its models.

Each case app names a provider in its manifest (`statistics="sunshine.<app>.statistics:provider"`). A provider
answers counts by department, division and period as plain data (dicts of ints and strings, no model instance),
and documents every figure it gives (`FigureDefinition`): what is counted (numerator), the figure it is a share
of (denominator, a figure code, "" for none) and the date that puts a case in a period (date_basis, e.g.
"received_on", "decided_on", "published_at"). A period is always taken from that date: a request received in
December and decided in January counts as received in December and as decided in January.

`provider(app_label)` and `providers()` find them; `count_by_group` is the one SQL shape most providers need
(conditional counts grouped by department, division, year or month, in one query per date basis).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable

GROUPS = ("department", "division", "year", "month")


@dataclass(frozen=True)
class FigureDefinition:
    """The definition of one figure (统计口径), shown beside it wherever it is published."""

    code: str
    label: str
    numerator: str  # what is counted, in Chinese
    denominator: str  # the code of the figure this one is a share of ("" when it is a plain count)
    date_basis: str  # the date that puts a case in a period: "received_on", "decided_on", "published_at" …
    unit: str = "件"

    def as_dict(self) -> dict:
        return asdict(self)


@runtime_checkable
class StatisticsProvider(Protocol):
    """What reports and supervision may ask a case app."""

    def definitions(self) -> list[FigureDefinition]:
        """Every figure `figures` returns, in a stable order."""

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """One dict per group that has a case in the period [start, end] (both included): the group keys
        (`department_id`, `division_id`, `year`: int, `month`: "YYYY-MM", as asked in `group_by`) and one int per
        figure code (0 where none). `department_ids`: only these departments (None: all)."""


def providers() -> list[tuple[str, StatisticsProvider]]:
    """[(app label, provider)] of every installed app that declares one, in INSTALLED_APPS order."""
    from .manifest import hooks

    return hooks("statistics")


def provider(app_label: str) -> StatisticsProvider | None:
    return dict(providers()).get(app_label)


def check_group_by(group_by: Sequence[str]) -> tuple[str, ...]:
    group_by = tuple(group_by)
    unknown = [g for g in group_by if g not in GROUPS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown!r}: use {GROUPS}")
    if "year" in group_by and "month" in group_by:
        raise ValueError("group by year or by month, not both")
    return group_by


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValueError(f"the period starts ({start}) after it ends ({end})")


def _date_range(field, is_datetime: bool, start: dt.date, end: dt.date) -> dict:
    """Filter kwargs for `field` within [start, end]; a datetime is taken in the local time zone (an index range,
    not a per-row date conversion)."""
    if not is_datetime:
        return {f"{field}__gte": start, f"{field}__lte": end}
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return {f"{field}__gte": low, f"{field}__lt": high}


def count_by_group(queryset, *, counts: Mapping[str, Any], date_field: str, start: dt.date, end: dt.date,
                   group_by: Sequence[str], department_field: str = "department",
                   department_ids: Sequence[int] | None = None) -> list[dict]:
    """ONE grouped query: the rows of `queryset` whose `date_field` is in [start, end], grouped as `group_by`
    asks, with one conditional count per entry of `counts` ({figure code: Q or boolean expression}). Returns
    plain dicts (group keys + counts)."""
    from django.db.models import Count, DateTimeField
    from django.db.models.functions import ExtractMonth, ExtractYear

    group_by = check_group_by(group_by)
    check_period(start, end)
    is_datetime = isinstance(queryset.model._meta.get_field(date_field), DateTimeField)
    queryset = queryset.filter(**_date_range(date_field, is_datetime, start, end))
    if department_ids is not None:
        queryset = queryset.filter(**{f"{department_field}_id__in": list(department_ids)})
    keys: dict[str, Any] = {}
    if "department" in group_by:
        keys["department_id"] = f"{department_field}_id"
    if "division" in group_by:
        keys["division_id"] = f"{department_field}__division_id"
    if "year" in group_by or "month" in group_by:
        keys["_year"] = ExtractYear(date_field)
    if "month" in group_by:
        keys["_month"] = ExtractMonth(date_field)
    aggregates = {f"n_{code}": Count("pk", filter=condition) for code, condition in counts.items()}
    if not keys:  # no grouping: one row of totals (`.values()` without fields would group by every column)
        totals = queryset.order_by().aggregate(**aggregates)
        return [{code: int(totals[f"n_{code}"] or 0) for code in counts}]
    names = {name: value for name, value in keys.items() if isinstance(value, str)}
    expressions = {name: value for name, value in keys.items() if not isinstance(value, str)}
    rows = (queryset.order_by().annotate(**expressions).values(*names.values(), *expressions)
            .annotate(**aggregates))
    result = []
    for values in rows:
        row: dict[str, Any] = {name: values[path] for name, path in names.items()}
        if "year" in group_by:
            row["year"] = int(values["_year"])
        if "month" in group_by:
            row["month"] = f"{int(values['_year']):04d}-{int(values['_month']):02d}"
        row.update({code: int(values[f"n_{code}"]) for code in counts})
        result.append(row)
    return result


def merge_rows(parts: Sequence[list[dict]], *, codes: Sequence[str], group_by: Sequence[str]) -> list[dict]:
    """Join the rows of several `count_by_group` results (one per date basis) on their group keys; a figure a
    part does not give is 0. Sorted by the group keys (None first)."""
    key_names = [{"department": "department_id", "division": "division_id"}.get(g, g) for g in group_by]
    merged: dict[tuple, dict] = {}
    for part in parts:
        for row in part:
            key = tuple(row[name] for name in key_names)
            target = merged.setdefault(key, {**dict(zip(key_names, key, strict=True)), **dict.fromkeys(codes, 0)})
            target.update({code: value for code, value in row.items() if code in codes})
    order = sorted(merged, key=lambda key: tuple((value is not None, value) for value in key))
    return [merged[key] for key in order]
