"""Statistics provider of publications (主动公开统计口径), named in the manifest.

Timeliness (Art. 26 of the 2019 regulations: published within 20 working days of being made or changed) is read
from the item's timeliness clock (`publication.timeliness`), stopped on the day of publication: "on time" and
"late" are that clock's outcome. Items published without a clock (imported history, seeded data) count as
published and in neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from sunshine.core.statistics import FigureDefinition, count_by_group, merge_rows

from .services import TIMELINESS_KIND

PUBLISHED = FigureDefinition(
    "published", "发布信息", numerator="发布时间（published_at）在期间内的信息，含其后撤回或被替代的", denominator="",
    date_basis="published_at", unit="条")
ON_TIME = FigureDefinition(
    "published_on_time", "20个工作日内发布",
    numerator="发布时间在期间内、主动公开时效（形成或变更之日起20个工作日）结果为按时办结的信息",
    denominator="published", date_basis="published_at", unit="条")
LATE = FigureDefinition(
    "published_late", "超过20个工作日发布", numerator="发布时间在期间内、主动公开时效结果为超期办结的信息",
    denominator="published", date_basis="published_at", unit="条")


def _timeliness(outcome: str):
    from django.contrib.contenttypes.models import ContentType

    from sunshine.clocks.models import Clock

    from .models import Publication

    return Exists(Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Publication), kind=TIMELINESS_KIND, outcome=outcome,
        subject_id=Cast(OuterRef("pk"), output_field=CharField())))


class PublicationStatistics:
    """The provider (sunshine.core.statistics.StatisticsProvider)."""

    def definitions(self) -> list[FigureDefinition]:
        return [PUBLISHED, ON_TIME, LATE]

    def figures(self, *, start: dt.date, end: dt.date, group_by: Sequence[str] = ("department",),
                department_ids: Sequence[int] | None = None) -> list[dict]:
        """One grouped query (date basis: published_at, in local time)."""
        from .models import Publication

        items = Publication.objects.filter(published_at__isnull=False).annotate(
            _on_time=_timeliness("on_time"), _late=_timeliness("late"))
        rows = count_by_group(items, counts={PUBLISHED.code: Q(), ON_TIME.code: Q(_on_time=True),
                                             LATE.code: Q(_late=True)},
                              date_field="published_at", start=start, end=end, group_by=group_by,
                              department_ids=department_ids)
        return merge_rows([rows], codes=[d.code for d in self.definitions()], group_by=group_by)


provider = PublicationStatistics()
