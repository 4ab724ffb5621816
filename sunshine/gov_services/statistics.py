"""Statistics provider of government services (政务服务统计口径), named in the manifest; read by reports and
supervision. Department = the item's department. Rates are derived by the reader:
- 受理率 = accepted ÷ received; 不予受理率 = not_accepted ÷ received; 逾期未告知率 = accepted_by_lapse ÷ accepted;
- 承诺时限内办结率 = completed_on_time ÷ completed; 法定时限内决定率 = decided_on_time ÷ decided;
- 行政许可决定 (annual report table 2 (五)): granted + denied by `decided_on`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from sunshine.core.statistics import FigureDefinition, count_by_group, merge_rows

D = FigureDefinition
RECEIVED = D("received", "收件量", numerator="收到材料日期（received_on）在期间内的办件", denominator="",
             date_basis="received_on")
ONLINE = D("online", "网上申请", numerator="收到材料日期在期间内、网上申请的办件", denominator="收件量",
           date_basis="received_on")
NOT_ACCEPTED = D("not_accepted", "不予受理", numerator="收到材料日期在期间内、不予受理的办件", denominator="收件量",
                 date_basis="received_on")
ACCEPTED = D("accepted", "受理量", numerator="受理日期（accepted_on）在期间内的办件", denominator="",
             date_basis="accepted_on")
ACCEPTED_BY_LAPSE = D("accepted_by_lapse", "逾期未告知视为受理",
                      numerator="受理日期在期间内、五日内未一次性告知而视为受理的办件",
                      denominator="受理量", date_basis="accepted_on")
DECIDED = D("decided", "作出决定", numerator="决定日期（decided_on）在期间内的办件", denominator="",
            date_basis="decided_on")
GRANTED = D("granted", "准予许可", numerator="决定日期在期间内、准予许可的办件", denominator="作出决定",
            date_basis="decided_on")
DENIED = D("denied", "不予许可", numerator="决定日期在期间内、不予许可的办件", denominator="作出决定",
           date_basis="decided_on")
DECIDED_ON_TIME = D("decided_on_time", "法定时限内决定", numerator="决定日期在期间内、法定时限按时结束的办件",
                    denominator="作出决定", date_basis="decided_on")
COMPLETED = D("completed", "办结量", numerator="办结日期（completed_on）在期间内的办件", denominator="",
              date_basis="completed_on")
COMPLETED_ON_TIME = D("completed_on_time", "承诺时限内办结", numerator="办结日期在期间内、承诺时限按时结束的办件",
                      denominator="办结量", date_basis="completed_on")
PREREVIEWED = D("prereviewed", "网上预审受理", numerator="受理日期在期间内、网上预审通过受理的办件",
                denominator="受理量", date_basis="accepted_on")
VISITS_EXCEEDED = D("visits_exceeded", "超过承诺到现场次数",
                    numerator="办结日期在期间内、到现场次数超过办事指南所列次数的办件",
                    denominator="办结量", date_basis="completed_on")
DEFINITIONS = [RECEIVED, ONLINE, NOT_ACCEPTED, ACCEPTED, ACCEPTED_BY_LAPSE, PREREVIEWED, DECIDED, GRANTED, DENIED,
               DECIDED_ON_TIME, COMPLETED, COMPLETED_ON_TIME, VISITS_EXCEEDED]


class GovServicesStatistics:
    """The provider (sunshine.core.statistics.StatisticsProvider)."""

    def definitions(self) -> list[FigureDefinition]:
        return list(DEFINITIONS)

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """Four grouped queries, one per date basis."""
        from .models import Application

        common = {"start": start, "end": end, "group_by": group_by, "department_ids": department_ids}
        apps = Application.objects.all()
        parts = [
            count_by_group(apps, counts={"received": Q(), "online": Q(channel="online"),
                                         "not_accepted": Q(status="not_accepted")},
                           date_field="received_on", **common),
            count_by_group(apps, counts={"accepted": Q(), "accepted_by_lapse": Q(accepted_by_lapse=True),
                                         "prereviewed": Q(prereviewed_on__isnull=False)},
                           date_field="accepted_on", **common),
            count_by_group(apps, counts={"decided": Q(), "granted": Q(decision="granted"),
                                         "denied": Q(decision="denied"),
                                         "decided_on_time": Q(statutory_clock__outcome="on_time")},
                           date_field="decided_on", **common),
            count_by_group(apps, counts={"completed": Q(), "completed_on_time": Q(promised_clock__outcome="on_time"),
                                         "visits_exceeded": Q(visits_exceeded=True)},
                           date_field="completed_on", **common),
        ]
        return merge_rows(parts, codes=[d.code for d in DEFINITIONS], group_by=group_by)


provider = GovServicesStatistics()
