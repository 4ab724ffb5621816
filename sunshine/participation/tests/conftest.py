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
