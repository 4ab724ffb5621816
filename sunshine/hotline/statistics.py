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

from django.db.models import Q

from sunshine.core.statistics import FigureDefinition, count_by_group, merge_rows

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


provider = HotlineStatistics()
