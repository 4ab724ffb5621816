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

    def proactive_disclosure_table(self, *, year: int, department_ids: Sequence[int] | None = None) -> list[dict]:
        """Annual report table 2, 第二十条第（一）项 (规章, 行政规范性文件): see the module function."""
        return proactive_disclosure_table(year=year, department_ids=department_ids)


provider = PublicationStatistics()


# Annual report table 2 (二、主动公开政府信息情况), 第二十条第（一）项: genre codes counted in each row. County
# governments and their departments make no 规章 (立法法 art. 93: only provinces and cities with districts do), so the
# reference data has no 规章 genre; an installation that adds one with code "rules" sees it counted.
TABLE2_GENRES = (("rules", "规章"), ("normative", "行政规范性文件"))
ABOLISHED = ("repealed", "expired")  # 废止, 失效


def proactive_disclosure_table(*, year: int, department_ids: Sequence[int] | None = None) -> list[dict]:
    """Rows 规章 and 行政规范性文件 of table 2: made (本年制发: published items whose 生成日期 `created_on` is in the
    year), abolished (本年废止: the first revision that recorded 废止/失效 was made in the year) and in force at the
    year end (现行有效: published by 12-31, not withdrawn by then, and 有效 now or abolished only after the year).
    An item marked 废止/失效 without such a revision (imported, seeded) has no known abolition date: it counts in
    no year's 本年废止 and is not in force. One query."""
    import datetime as _dt

    from django.db.models import Count, OuterRef, Subquery
    from django.utils import timezone

    from .models import Publication, PublicationRevision

    tz = timezone.get_current_timezone()
    start, end = _dt.datetime(year, 1, 1, tzinfo=tz), _dt.datetime(year + 1, 1, 1, tzinfo=tz)
    abolished_at = Subquery(PublicationRevision.objects.filter(
        publication=OuterRef("pk"), snapshot__validity__in=ABOLISHED).order_by("number").values("created_at")[:1])
    items = Publication.objects.filter(published_at__isnull=False, genre__code__in=[c for c, _ in TABLE2_GENRES])
    if department_ids is not None:
        items = items.filter(department_id__in=list(department_ids))
    rows = {values["genre__code"]: values for values in items.order_by().annotate(_abolished_at=abolished_at)
            .values("genre__code").annotate(
                made=Count("pk", filter=Q(created_on__year=year)),
                abolished=Count("pk", filter=Q(validity__in=ABOLISHED, _abolished_at__gte=start,
                                               _abolished_at__lt=end)),
                in_force=Count("pk", filter=Q(published_at__lt=end)
                               & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
                               & (Q(validity="effective") | Q(validity__in=ABOLISHED, _abolished_at__gte=end))))}
    return [{"key": code, "label": label, "made": int(rows.get(code, {}).get("made", 0)),
             "abolished": int(rows.get(code, {}).get("abolished", 0)),
             "in_force": int(rows.get(code, {}).get("in_force", 0))} for code, label in TABLE2_GENRES]
