"""The manifest names the policy's capabilities; the statistics provider counts the figures by their dates."""

from __future__ import annotations

import datetime as dt

from sunshine.gov_services import manifest, permissions, services
from sunshine.gov_services.statistics import provider


def test_manifest_capabilities_equal_the_policy():
    assert (manifest.REGISTER, manifest.HANDLE, manifest.APPROVE_EXTENSION) == (
        permissions.REGISTER, permissions.HANDLE, permissions.APPROVE_EXTENSION)
    from sunshine.gov_services.workflow import WORKFLOW

    audits = {t.audit for t in WORKFLOW.transitions.values()}
    assert audits <= set(manifest.MANIFEST.audit_labels)


def test_figures_by_department(submit, desk, window_clerk, departments):
    d = dt.date
    a = services.application_dispatch(submit(on=d(2026, 9, 21)), actor=desk)
    a = services.application_accept(a, actor=window_clerk, on=d(2026, 9, 21))
    a = services.application_complete_review(a, actor=window_clerk, on=d(2026, 9, 22))
    services.application_decide(a, actor=window_clerk, decision="granted", on=d(2026, 9, 23))
    b = services.application_dispatch(submit(on=d(2026, 9, 21), channel="online"), actor=desk)
    services.application_refuse(b, actor=window_clerk, reasons="不属于本机关职权范围", on=d(2026, 9, 22))
    c = services.application_dispatch(submit(on=d(2026, 9, 22)), actor=desk)
    services.accept_late_notices(today=d(2026, 10, 9))
    rows = provider.figures(start=d(2026, 9, 1), end=d(2026, 9, 30))
    assert len(rows) == 1
    row = rows[0]
    assert row["department_id"] == departments["fgw"].pk
    assert (row["received"], row["online"], row["not_accepted"]) == (3, 1, 1)
    # c: received 09-22, accepted by lapse as of 09-22
    assert (row["accepted"], row["accepted_by_lapse"]) == (2, 1)
    assert (row["decided"], row["granted"], row["denied"], row["decided_on_time"]) == (1, 1, 0, 1)
    assert c.pk and {d.code for d in provider.definitions()} >= {"received", "granted", "completed_on_time"}


def test_form_declaration_is_checked():
    import pytest
    from django.core.exceptions import ValidationError

    from sunshine.gov_services.validation import validate_form_declaration

    validate_form_declaration([{"name": "a", "label": "甲", "type": "text"}])
    for bad, message in [([{"name": "a", "label": "甲", "type": "file"}], "类型无效"),
                         ([{"name": "a", "label": "甲"}, {"name": "a", "label": "乙"}], "重复"),
                         ([{"name": "a", "label": "甲", "type": "choice"}], "没有选项"), ({}, "应为列表")]:
        with pytest.raises(ValidationError, match=message):
            validate_form_declaration(bad)
