"""The statistics provider: topics received (by local submission date), answered, published and declined."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from sunshine.core.statistics import provider

D = dt.date
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def topics(departments):
    from sunshine.participation.models import TopicRequest

    fgw, zjj = departments["fgw"], departments["zjj"]

    def make(created, status="submitted", department=None, answered_on=None):
        topic = TopicRequest.objects.create(citizen_name="张三", phone="13800138000", title="点题", content="希望公开",
                                            status=status, department=department, answered_on=answered_on)
        TopicRequest.objects.filter(pk=topic.pk).update(created_at=created)
        return topic

    make(dt.datetime(2025, 3, 3, 9, tzinfo=BEIJING))  # waiting for the office: no department yet
    make(dt.datetime(2025, 3, 1, 0, 30, tzinfo=BEIJING))  # 28 Feb in UTC, 1 March in Beijing
    make(dt.datetime(2025, 3, 5, 9, tzinfo=BEIJING), "forwarded", fgw)
    make(dt.datetime(2025, 3, 6, 9, tzinfo=BEIJING), "answered", fgw, D(2025, 3, 20))
    make(dt.datetime(2025, 3, 7, 9, tzinfo=BEIJING), "published", fgw, D(2025, 4, 2))
    make(dt.datetime(2025, 2, 20, 9, tzinfo=BEIJING), "declined", zjj, D(2025, 3, 4))
    make(dt.datetime(2025, 2, 28, 23, tzinfo=BEIJING), "answered", zjj, D(2025, 3, 10))
    return fgw, zjj


def test_definitions():
    definitions = provider("participation").definitions()
    assert [d.code for d in definitions] == ["received", "answered", "published", "declined"]
    assert [d.date_basis for d in definitions] == ["created_at", "answered_on", "answered_on", "answered_on"]


def test_figures_of_march(topics, django_assert_num_queries):
    fgw, zjj = topics
    with django_assert_num_queries(2):
        rows = provider("participation").figures(start=D(2025, 3, 1), end=D(2025, 3, 31))
    assert rows == [
        {"department_id": None, "received": 2, "answered": 0, "published": 0, "declined": 0},
        {"department_id": fgw.pk, "received": 3, "answered": 1, "published": 0, "declined": 0},
        {"department_id": zjj.pk, "received": 0, "answered": 1, "published": 0, "declined": 1},
    ]


def test_figures_by_month_for_one_department(topics):
    fgw, _zjj = topics
    rows = provider("participation").figures(start=D(2025, 1, 1), end=D(2025, 12, 31), group_by=("month",),
                                             department_ids=[fgw.pk])
    assert rows == [{"month": "2025-03", "received": 3, "answered": 1, "published": 0, "declined": 0},
                    {"month": "2025-04", "received": 0, "answered": 0, "published": 1, "declined": 0}]
