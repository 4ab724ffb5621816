"""The policy: the window sees its department's cases only; the desk sees all; no capability, no action."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.errors import CapabilityRequired
from sunshine.gov_services import services
from sunshine.gov_services.permissions import POLICY
from sunshine.gov_services.workflow import WORKFLOW, allowed_actions


def test_scope_and_capabilities(submit, desk, window_clerk, zjj_clerk, citizen):
    app = submit()
    assert POLICY.visible_to(desk).filter(pk=app.pk).exists()
    assert POLICY.visible_to(window_clerk).filter(pk=app.pk).exists()
    assert not POLICY.visible_to(zjj_clerk).filter(pk=app.pk).exists()
    assert not POLICY.visible_to(citizen).exists()
    assert [t.name for t in WORKFLOW.allowed_actions(desk, app)] == ["dispatch", "set_green_channel", "assign_agent"]
    assert WORKFLOW.allowed_actions(window_clerk, app) == []
    with pytest.raises(CapabilityRequired, match="集中受理台"):
        services.application_dispatch(app, actor=window_clerk)
    app = services.application_dispatch(app, actor=desk)
    assert {t.name for t in allowed_actions(window_clerk, app)} == {"accept", "refuse", "notify_missing"}
    assert {t.name for t in WORKFLOW.allowed_actions(window_clerk, app)} == {"accept", "prereview", "refuse",
                                                                            "notify_missing"}
    with pytest.raises(CapabilityRequired, match="不属于您所在的部门"):
        services.application_accept(app, actor=zjj_clerk, on=dt.date(2026, 9, 22))
    with pytest.raises(CapabilityRequired):
        services.application_accept(app, actor=desk, on=dt.date(2026, 9, 22))
