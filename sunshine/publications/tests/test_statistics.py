"""The statistics provider: published items and their timeliness (20 working days) per department and month."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.core.statistics import provider

D = dt.date


@pytest.fixture
def items(draft, publish, departments, make_staff, category, genre):
    from sunshine.clocks.models import Clock
    from sunshine.publications import services
    from sunshine.publications.models import Publication

    def at(moment, created_on, **kwargs):
        with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
            return publish(draft(created_on=created_on, **kwargs))

    on_time = at("2025-03-10T10:00:00+08:00", D(2025, 3, 3))
    late = at("2025-03-10T11:00:00+08:00", D(2025, 1, 2), title="关于2024年度财政决算的公告")
    # 07:00 on 1 April in Beijing is still 31 March in UTC: the period follows local time (April)
    april = at("2025-04-01T07:00:00+08:00", D(2025, 3, 28), title="关于春季农业生产的通知")
    history = at("2025-03-20T09:00:00+08:00", D(2025, 3, 19), title="历史信息")
    Clock.objects.filter(subject_id=str(history.pk), kind="publication.timeliness").delete()  # imported: no clock
    # another department's item, published by the office head (who may review for every department)
    head = make_staff("head", department="gkb", role="政务公开办负责人")
    with time_machine.travel(dt.datetime.fromisoformat("2025-03-12T09:00:00+08:00"), tick=False):
        zjj_clerk = make_staff("clerk_zjj2", department="zjj", role="经办人")
        zjj_item = draft(created_on=D(2025, 3, 11), title="住建局通知", actor=zjj_clerk)
        services.publication_submit(publication=zjj_item, actor=zjj_clerk)
        for _step in range(2):
            zjj_item.refresh_from_db()
            if zjj_item.status != "approved":
                services.publication_approve(publication=zjj_item, actor=head)
        services.publication_publish(publication=zjj_item, actor=head)
    at("2025-05-06T09:00:00+08:00", D(2025, 5, 6), title="五月的通知")
    draft(title="未发布的草稿")
    return on_time, late, april, history, zjj_item, Publication


def test_definitions():
    definitions = {d.code: d for d in provider("publications").definitions()}
    assert list(definitions) == ["published", "published_on_time", "published_late"]
    assert definitions["published_late"].denominator == "published"
    assert {d.date_basis for d in definitions.values()} == {"published_at"} and definitions["published"].unit == "条"


def test_published_on_time_and_late(items, departments, django_assert_num_queries):
    stats = provider("publications")
    fgw, zjj = departments["fgw"], departments["zjj"]
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    with django_assert_num_queries(2):  # the content type (cached after) and the grouped count
        rows = stats.figures(start=D(2025, 3, 1), end=D(2025, 3, 31))
    assert rows == [
        {"department_id": fgw.pk, "published": 3, "published_on_time": 1, "published_late": 1},
        {"department_id": zjj.pk, "published": 1, "published_on_time": 1, "published_late": 0},
    ]
    rows = stats.figures(start=D(2025, 1, 1), end=D(2025, 12, 31), group_by=("month",), department_ids=[fgw.pk])
    assert [(r["month"], r["published"], r["published_on_time"], r["published_late"]) for r in rows] == [
        ("2025-03", 3, 1, 1), ("2025-04", 1, 1, 0), ("2025-05", 1, 1, 0)]


def test_a_withdrawn_item_still_counts_in_the_period_it_was_published(items, office_head, departments):
    from sunshine.publications import services

    on_time, *_rest, Publication = items
    head = Publication.objects.get(pk=on_time.pk)
    services.publication_withdraw(publication=head, actor=office_head, reason="已失效")
    assert Publication.objects.get(pk=on_time.pk).status == "withdrawn"
    rows = provider("publications").figures(start=D(2025, 3, 1), end=D(2025, 3, 31), group_by=("division",))
    assert [(r["division_id"], r["published"]) for r in rows] == [(departments["fgw"].division_id, 4)]
