"""Statistics provider of participation (点题公开统计口径), named in the manifest.

A topic has no department until the office forwards it: topics received but not yet forwarded are grouped under
department None (and division None). Answered, published and declined are the three ends of a forwarded topic
(disjoint), dated by the department's decision (`answered_on`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from sunshine.core.statistics import FigureDefinition, count_by_group, merge_rows

RECEIVED = FigureDefinition(
    "received", "收到点题", numerator="提交时间（created_at）在期间内的点题", denominator="", date_basis="created_at")
ANSWERED = FigureDefinition(
    "answered", "已答复", numerator="答复日期（answered_on）在期间内、结果为答复的点题", denominator="",
    date_basis="answered_on")
PUBLISHED = FigureDefinition(
    "published", "已公开", numerator="答复日期在期间内、结果为公开相关信息的点题", denominator="",
    date_basis="answered_on")
DECLINED = FigureDefinition(
    "declined", "不予公开", numerator="答复日期在期间内、结果为不予公开的点题", denominator="",
    date_basis="answered_on")


class TopicStatistics:
    """The provider (sunshine.core.statistics.StatisticsProvider)."""

    def definitions(self) -> list[FigureDefinition]:
        return [RECEIVED, ANSWERED, PUBLISHED, DECLINED]

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """Two grouped queries (one per date basis: created_at in local time, answered_on)."""
        from .models import TopicRequest

        status = TopicRequest.Status
        topics = TopicRequest.objects.all()
        received = count_by_group(topics, counts={RECEIVED.code: Q()}, date_field="created_at", start=start,
                                  end=end, group_by=group_by, department_ids=department_ids)
        decided = count_by_group(topics, counts={ANSWERED.code: Q(status=status.ANSWERED),
                                                 PUBLISHED.code: Q(status=status.PUBLISHED),
                                                 DECLINED.code: Q(status=status.DECLINED)},
                                 date_field="answered_on", start=start, end=end, group_by=group_by,
                                 department_ids=department_ids)
        return merge_rows([received, decided], codes=[d.code for d in self.definitions()], group_by=group_by)


provider = TopicStatistics()
