"""Statistics provider of the hotline (热线统计口径), named in the manifest; read by reports and supervision.

Each figure names the date that places a ticket in a period. Department = the ticket's lead department (主办) at
the time of the query (after a reassignment: the new one); tickets not yet dispatched are under department None.
Rates are derived from the figures (numerator ÷ denominator) by the reader:
- 签收及时率 = signed_on_time ÷ signed; 按时办结率 = replied_on_time ÷ replied; 退单率 = returned ÷ dispatched;
- 满意率 = satisfied ÷ callbacks (满意 + 基本满意 over the callbacks made); 解决率 = resolved ÷ callbacks;
- 直接办结率 = closed_directly ÷ received (of which answered from the knowledge base: closed_by_knowledge);
  重复来电率 = merged ÷ received; converted (已转办: 依申请公开 or 信访) counts against no department.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DateTimeField, F, IntegerField, Q, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from sunshine.core.statistics import (
    FigureDefinition,
    _date_range,
    check_period,
    count_by_group,
    merge_rows,
)

D = FigureDefinition
RECEIVED = D("received", "受理量", numerator="受理时间（received_at）在期间内的工单", denominator="",
             date_basis="received_at")
CLOSED_DIRECTLY = D("closed_directly", "直接办结", numerator="受理时间在期间内、当场答复办结的工单",
                    denominator="受理量", date_basis="received_at")
MERGED = D("merged", "并单（重复来电）", numerator="受理时间在期间内、并入其他工单的工单", denominator="受理量",
           date_basis="received_at")
CLOSED_BY_KNOWLEDGE = D("closed_by_knowledge", "知识库解答办结",
                        numerator="受理时间在期间内、以知识库条目当场解答办结的咨询", denominator="受理量",
                        date_basis="received_at")
CONVERTED = D("converted", "已转办（依申请公开、信访）",
              numerator="受理时间在期间内、转为依申请公开申请或转交信访局的工单", denominator="受理量",
              date_basis="received_at")
DISPATCHED = D("dispatched", "派单量", numerator="最近一次派单时间（dispatched_at）在期间内的工单", denominator="",
               date_basis="dispatched_at")
SIGNED = D("signed", "签收量", numerator="签收时间（signed_at）在期间内的工单", denominator="", date_basis="signed_at")
SIGNED_ON_TIME = D("signed_on_time", "按时签收", numerator="签收时间在期间内、签收时限按时结束的工单",
                   denominator="签收量", date_basis="signed_at")
REPLIED = D("replied", "答复量", numerator="答复时间（replied_at）在期间内的工单", denominator="",
            date_basis="replied_at")
REPLIED_ON_TIME = D("replied_on_time", "按时答复", numerator="答复时间在期间内、办理时限按时结束的工单",
                    denominator="答复量", date_basis="replied_at")
RETURNED = D("returned", "退单", numerator="退单时间（派单记录 returned_at）在期间内的退单次数", denominator="派单量",
             date_basis="assignment.returned_at")
CALLBACKS = D("callbacks", "回访量", numerator="回访时间（made_at）在期间内的回访", denominator="",
              date_basis="callback.made_at")
SATISFIED = D("satisfied", "满意（含基本满意）", numerator="回访时间在期间内、满意或基本满意的回访",
              denominator="回访量", date_basis="callback.made_at")
RESOLVED = D("resolved", "已解决", numerator="回访时间在期间内、群众认为问题已解决的回访", denominator="回访量",
             date_basis="callback.made_at")
DEFINITIONS = [RECEIVED, CLOSED_DIRECTLY, CLOSED_BY_KNOWLEDGE, MERGED, CONVERTED, DISPATCHED,
               SIGNED, SIGNED_ON_TIME, REPLIED, REPLIED_ON_TIME,
               RETURNED, CALLBACKS, SATISFIED, RESOLVED]


class HotlineStatistics:
    """The provider (sunshine.core.statistics.StatisticsProvider)."""

    def definitions(self) -> list[FigureDefinition]:
        return list(DEFINITIONS)

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """Six grouped queries, one per date basis."""
        from .models import Assignment, Callback, Ticket

        common = {"start": start, "end": end, "group_by": group_by, "department_ids": department_ids}
        tickets = Ticket.objects.all()
        parts = [
            count_by_group(tickets, counts={"received": Q(), "closed_directly": Q(closed_directly=True),
                                            "closed_by_knowledge": Q(closed_directly=True, kb_entry__isnull=False),
                                            "merged": Q(merged_into__isnull=False),
                                            "converted": Q(status="converted")},
                           date_field="received_at", **common),
            count_by_group(tickets, counts={"dispatched": Q()}, date_field="dispatched_at", **common),
            count_by_group(tickets, counts={"signed": Q(), "signed_on_time": Q(sign_clock__outcome="on_time")},
                           date_field="signed_at", **common),
            count_by_group(tickets, counts={"replied": Q(), "replied_on_time": Q(reply_clock__outcome="on_time")},
                           date_field="replied_at", **common),
            count_by_group(Assignment.objects.filter(role=Assignment.Role.LEAD), counts={"returned": Q()},
                           date_field="returned_at", department_field="department", **common),
            count_by_group(Callback.objects.all(),
                           counts={"callbacks": Q(), "satisfied": Q(satisfaction__in=["satisfied", "basic"]),
                                   "resolved": Q(resolved=True)},
                           date_field="made_at", department_field="ticket__department", **common),
        ]
        return merge_rows(parts, codes=[d.code for d in DEFINITIONS], group_by=group_by)

    def indicators(self, **kwargs) -> list[dict]:
        """The indicators (考核指标) by department, town and/or month: see `indicators` below."""
        return indicators(**kwargs)

    def indicator_definitions(self) -> list[Indicator]:
        return list(INDICATORS)


# --- indicators (考核指标, issue #10 item 7) -------------------------------------------------------------------------

@dataclass(frozen=True)
class Indicator:
    """One indicator (考核指标): numerator ÷ denominator, both figures of `INDICATOR_FIGURES`, with the date that
    places a ticket in a period (shown on the page, in the export and in the briefs)."""

    code: str
    label: str
    numerator: str  # figure code
    denominator: str  # figure code
    formula: str  # in Chinese, for the page
    date_basis: str  # in Chinese, for the page


F_ = D  # the figures the indicators are made of (one grouped query per date basis)
INDICATOR_FIGURES = [
    RECEIVED, CLOSED_DIRECTLY, MERGED,
    F_("lead_dispatches", "派单次数", numerator="派单时间（主办派单记录 dispatched_at）在期间内的主办派单次数"
       "（改派后再派计为新的一次）", denominator="", date_basis="assignment.dispatched_at", unit="次"),
    F_("returned", "退单次数", numerator="退单时间（主办派单记录 returned_at）在期间内的退单次数",
       denominator="派单次数", date_basis="assignment.returned_at", unit="次"),
    SIGNED, SIGNED_ON_TIME,
    F_("contact_due", "应先行联系", numerator="签收时间在期间内、来电人留有电话的工单", denominator="",
       date_basis="signed_at"),
    F_("contacted_on_time", "按时先行联系", numerator="签收时间在期间内、来电人留有电话、先行联系时限按时结束的工单",
       denominator="应先行联系", date_basis="signed_at"),
    F_("replied", "答复量", numerator="答复时间（replied_at）在期间内的工单（不含直接办结）", denominator="",
       date_basis="replied_at"),
    F_("replied_on_time", "按时答复", numerator="答复时间在期间内、办理时限按时结束的工单（不含直接办结）",
       denominator="答复量", date_basis="replied_at"),
    CALLBACKS, SATISFIED, RESOLVED,
]

INDICATORS = [
    Indicator("response_rate", "响应率", "contacted_on_time", "contact_due",
              "签收后在先行联系时限内联系群众的工单 ÷ 签收的工单中来电人留有电话的工单",
              "签收时间（signed_at）在期间内"),
    Indicator("sign_rate", "签收及时率", "signed_on_time", "signed",
              "签收时限内签收的工单 ÷ 签收的工单", "签收时间（signed_at）在期间内"),
    Indicator("on_time_rate", "按时办结率", "replied_on_time", "replied",
              "办理时限（含批准的延期）内答复的工单 ÷ 答复的工单（不含热线办直接办结的工单）",
              "答复时间（replied_at）在期间内；重办后以最近一次答复为准"),
    Indicator("resolve_rate", "解决率", "resolved", "callbacks",
              "回访时群众认为问题已解决的回访 ÷ 回访次数", "回访时间（made_at）在期间内"),
    Indicator("satisfaction_rate", "满意率", "satisfied", "callbacks",
              "回访结果为满意或基本满意的回访 ÷ 回访次数（并单的每位来电人各计一次）", "回访时间（made_at）在期间内"),
    Indicator("return_rate", "退单率", "returned", "lead_dispatches",
              "退单次数 ÷ 主办派单次数", "退单按退单时间、派单按派单时间在期间内"),
    Indicator("repeat_rate", "重复来电率", "merged", "received",
              "并入其他工单的重复来电 ÷ 受理量（并单计入主工单的主办部门）", "受理时间（received_at）在期间内"),
    Indicator("direct_rate", "直接办结率", "closed_directly", "received",
              "受理时当场答复办结（如知识库解答）的工单 ÷ 受理量", "受理时间（received_at）在期间内"),
]
INDICATOR_GROUPS = {"department": "按承办部门", "town": "按乡镇（街道）", "month": "按月份"}
GROUP_LABELS = INDICATOR_GROUPS


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal, half up (6 ÷ 7 → 85.7); None when nothing was counted."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _town_of(place: str):
    """The town (乡镇) of a place: the place itself, or a village's parent; in SQL (one CASE, no join per row)."""
    return Case(When(**{f"{place}__level": "village"}, then=F(f"{place}__parent_id")), default=F(f"{place}_id"),
                output_field=IntegerField())


def _grouped(queryset, *, counts: dict, date_field: str, start: dt.date, end: dt.date, group_by: Sequence[str],
             department, place: str, department_ids=None, town_ids=None) -> list[dict]:
    """ONE grouped query: rows of `queryset` whose `date_field` is in [start, end] (local days), grouped by
    department (`department`: a field path or an expression), town (of the `place` path) and/or month, with a
    conditional count per entry of `counts`."""
    check_period(start, end)
    is_datetime = isinstance(queryset.model._meta.get_field(date_field), DateTimeField)
    queryset = queryset.filter(**_date_range(date_field, is_datetime, start, end)).order_by()
    department = F(department) if isinstance(department, str) else department
    keys = {}
    if department_ids is not None or "department" in group_by:
        keys["_department"] = department
    if town_ids is not None or "town" in group_by:
        keys["_town"] = _town_of(place)
    if "month" in group_by:
        keys["_year"], keys["_month"] = ExtractYear(date_field), ExtractMonth(date_field)
    queryset = queryset.annotate(**keys)
    if department_ids is not None:
        queryset = queryset.filter(_department__in=list(department_ids))
    if town_ids is not None:
        queryset = queryset.filter(_town__in=list(town_ids))
    names = [k for k, g in (("_department", "department"), ("_town", "town"), ("_year", "month"),
                            ("_month", "month")) if g in group_by]
    aggregates = {f"n_{c}": Count("pk", filter=q) for c, q in counts.items()}
    rows = queryset.values(*names).annotate(**aggregates) if names else [queryset.aggregate(**aggregates)]
    result = []
    for values in rows:
        row = {}
        if "department" in group_by:
            row["department_id"] = values["_department"]
        if "town" in group_by:
            row["town_id"] = values["_town"]
        if "month" in group_by:
            row["month"] = f"{int(values['_year']):04d}-{int(values['_month']):02d}"
        row.update({c: int(values[f"n_{c}"]) for c in counts})
        result.append(row)
    return result


def indicator_figures(*, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                      department_ids: Sequence[int] | None = None, town_ids: Sequence[int] | None = None,
                      matter_ids: Sequence[int] | None = None) -> list[dict]:
    """The figures of the indicators, one dict per group (keys of `group_by` among department, town, month; none:
    one total row), in SIX grouped queries whatever the number of tickets (one per date basis).

    Department = the ticket's lead department now (a merged ticket: its case's lead; a return: the department
    that returned it); town = the town of the ticket's place (a village's town), None without a place.
    `matter_ids` restricts every figure to tickets of these matters (a special report, 专报)."""
    from .models import Assignment, Callback, Ticket

    group_by = tuple(group_by)
    unknown = [g for g in group_by if g not in INDICATOR_GROUPS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown!r}: use {tuple(INDICATOR_GROUPS)}")
    tickets = Ticket.objects.all()
    assignments = Assignment.objects.filter(role=Assignment.Role.LEAD)
    callbacks = Callback.objects.all()
    if matter_ids is not None:
        tickets = tickets.filter(matter_id__in=list(matter_ids))
        assignments = assignments.filter(ticket__matter_id__in=list(matter_ids))
        callbacks = callbacks.filter(ticket__matter_id__in=list(matter_ids))
    common = {"start": start, "end": end, "group_by": group_by, "department_ids": department_ids,
              "town_ids": town_ids}
    has_phone = ~Q(caller_phone="")
    parts = [
        _grouped(tickets, counts={"received": Q(), "closed_directly": Q(closed_directly=True),
                                  "merged": Q(merged_into__isnull=False)}, date_field="received_at",
                 department=Coalesce("merged_into__department_id", "department_id"), place="place", **common),
        _grouped(assignments, counts={"lead_dispatches": Q()}, date_field="dispatched_at",
                 department="department_id", place="ticket__place", **common),
        _grouped(assignments, counts={"returned": Q()}, date_field="returned_at", department="department_id",
                 place="ticket__place", **common),
        _grouped(tickets, counts={"signed": Q(), "signed_on_time": Q(sign_clock__outcome="on_time"),
                                  "contact_due": has_phone,
                                  "contacted_on_time": has_phone & Q(contact_clock__outcome="on_time")},
                 date_field="signed_at", department="department_id", place="place", **common),
        _grouped(tickets.filter(closed_directly=False),
                 counts={"replied": Q(), "replied_on_time": Q(reply_clock__outcome="on_time")},
                 date_field="replied_at", department="department_id", place="place", **common),
        _grouped(callbacks, counts={"callbacks": Q(), "satisfied": Q(satisfaction__in=["satisfied", "basic"]),
                                    "resolved": Q(resolved=True)},
                 date_field="made_at", department="ticket__department_id", place="ticket__place", **common),
    ]
    key_names = [{"department": "department_id", "town": "town_id"}.get(g, g) for g in group_by]
    codes = [f.code for f in INDICATOR_FIGURES]
    merged: dict[tuple, dict] = {}
    for part in parts:
        for row in part:
            key = tuple(row[name] for name in key_names)
            target = merged.setdefault(key, {**dict(zip(key_names, key, strict=True)), **dict.fromkeys(codes, 0)})
            target.update({c: v for c, v in row.items() if c in codes})
    order = sorted(merged, key=lambda key: tuple((value is not None, value) for value in key))
    return [merged[key] for key in order]


def with_rates(row: dict) -> dict:
    """The row with every indicator's rate (`<code>`: Decimal percent or None)."""
    return {**row, **{i.code: rate(row.get(i.numerator, 0), row.get(i.denominator, 0)) for i in INDICATORS}}


def indicators(**kwargs) -> list[dict]:
    """`indicator_figures` with the rates: the rows of the indicator page, the export and the briefs."""
    return [with_rates(row) for row in indicator_figures(**kwargs)]


def total(**kwargs) -> dict:
    """One row for the whole period and scope (no grouping)."""
    rows = indicators(group_by=(), **kwargs)
    return rows[0] if rows else with_rates(dict.fromkeys([f.code for f in INDICATOR_FIGURES], 0))


provider = HotlineStatistics()
