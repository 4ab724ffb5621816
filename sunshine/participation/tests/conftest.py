"""Fixtures of the participation tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def reviewer(make_staff):
    """The reviewer (审核人) of fgw: signs off fgw's topic answers (签发)."""
    return make_staff("reviewer_fgw", department="fgw", role="审核人", real_name="刘审核")


@pytest.fixture
def sign(office_head):
    """Sign off (签发) a drafted topic answer as the disclosure office head; returns the issued topic."""
    from sunshine.participation import services

    def _sign(topic, actor=None):
        return services.topic_sign_off(topic=topic, actor=actor or office_head)

    return _sign


@pytest.fixture
def published_item(departments):
    """A published item (主动公开信息) of fgw, made through the app registry: participation's tests, like
    participation, never import the publications app (domain independence)."""
    from django.apps import apps
    from django.utils import timezone

    Publication = apps.get_model("publications", "Publication")

    def _make(department="fgw", *, status="published", index_number="11421321MB1234567X/2026-00042",
              title="随县城区公交线路调整方案"):
        return Publication.objects.create(
            index_number=index_number, title=title, department=departments[department],
            category=apps.get_model("publications", "Category").objects.get(code="social_security"),
            genre=apps.get_model("publications", "Genre").objects.get(code="notice"),
            created_on=timezone.localdate(), published_at=timezone.now() if status == "published" else None,
            status=status, body="线路调整方案正文。")

    return _make
