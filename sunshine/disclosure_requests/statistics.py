"""Statistics provider of disclosure requests (依申请公开统计口径), named in the manifest.

What reports and supervision may know of the requests, as plain data: the figures below by department, division
and period, table 3 of the annual report (`annual_request_table`) and table 4 (`review_litigation_table`, from the
register of review and litigation cases). The parent of a split application (status
``split``) is not a request of its own and is never counted (its parts are), as in table 3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from sunshine.core.statistics import FigureDefinition, count_by_group, merge_rows

from .annual_table import Table, request_table
from .outcomes import OUTCOME_ROW, RESULT_ROWS
from .review_table import ReviewTable, review_litigation_table

EXCLUDED_STATUSES = ("split",)


def _outcomes_of(row: str) -> list[str]:
    return [str(outcome) for outcome, leaf in OUTCOME_ROW.items() if leaf == row]


RECEIVED = FigureDefinition(
    "received", "收到申请", numerator="收到申请日期（received_on，补正后为收到补正之日）在期间内的申请", denominator="",
    date_basis="received_on")
DECIDED = FigureDefinition(
    "decided", "办结（作出答复）", numerator="答复日期（decided_on）在期间内的申请，不论办理结果", denominator="",
    date_basis="decided_on")
# On time / late: the outcome of the LAST reply clock of the case (case key "disclosure_requests.disclosurerequest:
# <pk>"), which is the request's `reply_clock` (after a forward: the receiving department's clock; after a corrected
# receipt date: the corrected clock). The earlier reply clocks of the case ended `transferred` or `superseded` and
# are never counted; a case the applicant ended (withdrawn, supplement or fee not provided) has a `cancelled` reply
# clock: decided, neither on time nor late. A split parent is no request (its parts are counted, each by its own
# clock). The applicant's and third parties' periods (supplement, consultation, fee) are never read here.
ON_TIME = FigureDefinition(
    "on_time", "按时答复",
    numerator="答复日期在期间内、本案最后一个答复时限（disclosure_request.reply；转办后为接收机关的时限，更正收到申请"
              "日期后为更正后的时限）结果为“按时办结”的申请；已转办、已被替代的时限不计，撤回、逾期未补正、逾期未缴费"
              "（时限已撤回/取消）既不计按时也不计超期",
    denominator="decided", date_basis="decided_on")
LATE = FigureDefinition(
    "late", "超期答复",
    numerator="答复日期在期间内、本案最后一个答复时限结果为“超期办结”的申请（口径同“按时答复”；申请人、第三方的期限"
              "逾期不计）",
    denominator="decided", date_basis="decided_on")
# One figure per leaf row of table 3's 三、本年度办理结果 (outcomes.OUTCOME_ROW maps each outcome to one row).
OUTCOME_ROWS = [
    FigureDefinition(f"row_{key}", label, numerator=f"答复日期在期间内、办理结果计入年报表三“{label}”的申请",
                     denominator="decided", date_basis="decided_on")
    for key, label in RESULT_ROWS
]


class DisclosureRequestStatistics:
    """The provider (sunshine.core.statistics.StatisticsProvider)."""

    def definitions(self) -> list[FigureDefinition]:
        return [RECEIVED, DECIDED, ON_TIME, LATE, *OUTCOME_ROWS]

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """Two grouped queries (one per date basis: received_on, decided_on)."""
        from .models import DisclosureRequest

        requests = DisclosureRequest.objects.exclude(status__in=EXCLUDED_STATUSES)
        received = count_by_group(requests, counts={RECEIVED.code: Q()}, date_field="received_on", start=start,
                                  end=end, group_by=group_by, department_ids=department_ids)
        decided_counts = {
            DECIDED.code: Q(),
            # the request's reply_clock is the last reply clock of its case (see ON_TIME)
            ON_TIME.code: Q(reply_clock__outcome="on_time"),
            LATE.code: Q(reply_clock__outcome="late"),
            **{f"row_{key}": Q(outcome__in=_outcomes_of(key)) for key, _label in RESULT_ROWS},
        }
        decided = count_by_group(requests, counts=decided_counts, date_field="decided_on", start=start, end=end,
                                 group_by=group_by, department_ids=department_ids)
        return merge_rows([received, decided], codes=[d.code for d in self.definitions()], group_by=group_by)

    def annual_request_table(self, *, year: int, department_ids: Sequence[int] | None = None,
                             previous_carried_over: dict[str, int] | None = None) -> Table:
        """Table 3 of the annual report (表三) for `year`: county-wide when `department_ids` is None, else those
        departments together (one department: the table names it). Plain data (`annual_table.Table`: rows,
        checks, `as_dict()`), one query for the counts."""
        department = None
        if department_ids is not None and len(department_ids) == 1:
            from sunshine.orgs.models import Department

            department = Department.objects.only("pk", "code", "name").get(pk=department_ids[0])
            department_ids = None
        return request_table(year=year, department=department, department_ids=department_ids,
                             previous_carried_over=previous_carried_over)

    def review_litigation_table(self, *, year: int, department_ids: Sequence[int] | None = None) -> ReviewTable:
        """Table 4 of the annual report (表四：行政复议、行政诉讼情况) for `year`, from the register of review and
        litigation cases (`review_table`: a case counts in its filing year, with its result on 31 December; only the
        original agency counts a suit where the review body is co-defendant). Plain data, one query."""
        department = None
        if department_ids is not None and len(department_ids) == 1:
            from sunshine.orgs.models import Department

            department = Department.objects.only("pk", "code", "name").get(pk=department_ids[0])
            department_ids = None
        return review_litigation_table(year=year, department=department, department_ids=department_ids)


provider = DisclosureRequestStatistics()
