"""Statistics provider of government services (政务服务统计口径), named in the manifest; read by reports and
supervision. Department = the item's department. Rates are derived by the reader:
- 受理率 = accepted ÷ received; 不予受理率 = not_accepted ÷ received; 逾期未告知率 = accepted_by_lapse ÷ accepted;
- 承诺时限内办结率 = completed_on_time ÷ completed; 法定时限内决定率 = decided_on_time ÷ decided;
- 行政许可决定 (annual report table 2 (五)): granted + denied by `decided_on`;
- 行政事业性收费 (table 2): `fee_payments`, `fee_amount` (分; 万元 = ÷ 1,000,000) by `paid_on`, and
  `annual_fee_table(year=, department_ids=)` (per item and department, in 万元, plain data);
- 电子监察标记: `flags` and one `flag_<kind>` per kind (models.FlagKind) by `raised_on`.
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
FEE_PAYMENTS = D("fee_payments", "收费笔数", numerator="缴款日期（paid_on）在期间内的缴费记录", denominator="",
                 date_basis="paid_on", unit="笔")
FEE_AMOUNT = D("fee_amount", "收费金额", numerator="缴款日期在期间内的实收金额之和", denominator="",
               date_basis="paid_on", unit="分")
FEE_OUTSIDE = D("fee_outside_standard", "不符合收费标准的缴费",
                numerator="缴款日期在期间内、实收金额不符合收费标准的缴费记录",
                denominator="fee_payments", date_basis="paid_on", unit="笔")
FLAGS = D("flags", "电子监察标记", numerator="标记日期（raised_on）在期间内的监察标记", denominator="",
          date_basis="raised_on", unit="个")
# one figure per kind (labels of models.FlagKind, spelled out here: the module imports no model at load time)
FLAG_KINDS = [("registered_after_decision", "体外循环：决定早于登记"), ("steps_too_fast", "体外循环：环节用时短于规定"),
              ("notice_late", "逾期未一次性告知（视为受理）"), ("fee_outside_standard", "收费不符合标准"),
              ("step_overdue", "环节超时"), ("cancelled_item", "已取消（停用）事项的申请"),
              ("deferred_lapsed", "容缺材料逾期未补（终止办理）")]
FLAG_FIGURES = [D(f"flag_{kind}", label, numerator=f"标记日期在期间内的“{label}”标记", denominator="flags",
                  date_basis="raised_on", unit="个") for kind, label in FLAG_KINDS]
PREREVIEWED = D("prereviewed", "网上预审受理", numerator="受理日期在期间内、网上预审通过受理的办件",
                denominator="受理量", date_basis="accepted_on")
VISITS_EXCEEDED = D("visits_exceeded", "超过承诺到现场次数",
                    numerator="办结日期在期间内、到现场次数超过办事指南所列次数的办件",
                    denominator="办结量", date_basis="completed_on")
DEFINITIONS = [RECEIVED, ONLINE, NOT_ACCEPTED, ACCEPTED, ACCEPTED_BY_LAPSE, PREREVIEWED, DECIDED, GRANTED, DENIED,
               DECIDED_ON_TIME, COMPLETED, COMPLETED_ON_TIME, VISITS_EXCEEDED, FEE_PAYMENTS, FEE_AMOUNT, FEE_OUTSIDE,
               FLAGS, *FLAG_FIGURES]


def _fee_sums(*, start, end, group_by, department_ids) -> list[dict]:
    """ONE grouped query over the payments: count, amount (sum, fen), outside the standard."""
    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractMonth, ExtractYear

    from sunshine.core.statistics import check_group_by, check_period

    from .models import FeePayment

    group_by = check_group_by(group_by)
    check_period(start, end)
    payments = FeePayment.objects.filter(paid_on__gte=start, paid_on__lte=end)
    if department_ids is not None:
        payments = payments.filter(department_id__in=list(department_ids))
    names = {}
    if "department" in group_by:
        names["department_id"] = "department_id"
    if "division" in group_by:
        names["division_id"] = "department__division_id"
    expressions = {}
    if "year" in group_by or "month" in group_by:
        expressions["_year"] = ExtractYear("paid_on")
    if "month" in group_by:
        expressions["_month"] = ExtractMonth("paid_on")
    rows = (payments.order_by().annotate(**expressions).values(*names.values(), *expressions)
            .annotate(n=Count("pk"), amount=Sum("amount"), outside=Count("pk", filter=Q(outside_standard=True))))
    out = []
    for values in rows:
        row = {name: values[path] for name, path in names.items()}
        if "year" in group_by:
            row["year"] = int(values["_year"])
        if "month" in group_by:
            row["month"] = f"{int(values['_year']):04d}-{int(values['_month']):02d}"
        row.update(fee_payments=int(values["n"]), fee_amount=int(values["amount"] or 0),
                   fee_outside_standard=int(values["outside"]))
        out.append(row)
    return out


class GovServicesStatistics:
    """The provider (sunshine.core.statistics.StatisticsProvider)."""

    def definitions(self) -> list[FigureDefinition]:
        return list(DEFINITIONS)

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """Four grouped queries, one per date basis."""
        from .models import Application, IntegrityFlag

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
            _fee_sums(**common),
            count_by_group(IntegrityFlag.objects.all(),
                           counts={"flags": Q(), **{f"flag_{kind}": Q(kind=kind) for kind, _label in FLAG_KINDS}},
                           date_field="raised_on", **common),
        ]
        return merge_rows(parts, codes=[d.code for d in DEFINITIONS], group_by=group_by)

    def licensing_decisions(self, *, year: int, department_ids: Sequence[int] | None = None) -> int:
        """Table 2 (五) 行政许可·本年处理决定数量: applications of items of type 行政许可 decided (准予 or 不予许可)
        with `decided_on` in the year; 不予受理 is no decision. One query."""
        from .models import Application

        apps = Application.objects.filter(decided_on__year=year, decision__in=["granted", "denied"],
                                          item_version__item__item_type="licensing")
        if department_ids is not None:
            apps = apps.filter(department_id__in=list(department_ids))
        return apps.count()

    def annual_fee_table(self, *, year: int, department_ids: Sequence[int] | None = None) -> dict:
        """Table 2 (行政事业性收费): the year's payments per item and department, in 万元 (fees.annual_fee_table)."""
        from .fees import annual_fee_table

        return annual_fee_table(year=year, department_ids=department_ids)


provider = GovServicesStatistics()
