"""The manifest names what the code uses; the statistics provider answers exact figures by department."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.manifest import merged
from sunshine.hotline import services
from sunshine.hotline.statistics import provider

from .conftest import at


def test_manifest_registers_every_action_clock_and_capability():
    from sunshine.hotline import manifest, models, permissions
    from sunshine.hotline.workflow import WORKFLOW

    labels = merged("audit_labels")
    assert all(t.audit in labels for t in WORKFLOW.transitions.values())
    kinds = merged("clock_kinds")
    assert {models.SIGN_CLOCK, models.CONTACT_CLOCK, models.REPLY_CLOCK, models.SUPERVISION_CLOCK} <= set(kinds)
    assert (manifest.DISPATCH, manifest.HANDLE, manifest.APPROVE_EXTENSION, manifest.SUPERVISE) == (
        permissions.DISPATCH, permissions.HANDLE, permissions.APPROVE_EXTENSION, permissions.SUPERVISE)
    roles = merged("roles")
    assert permissions.DISPATCH in roles["话务员"] and permissions.HANDLE in roles["经办人"]


@pytest.mark.django_db
def test_figures_by_department(submit, departments, operator, clerk, other_clerk):
    on_time, late, returned, direct = submit(), submit(), submit(), submit(kind="consult", name="", phone="")
    for t in (on_time, late):
        services.ticket_dispatch(ticket=t, department=departments["zjj"], actor=operator, at=at(2026, 10, 12, 9))
        services.ticket_sign_for(ticket=t, actor=other_clerk, at=at(2026, 10, 12, 10))
        services.ticket_contact(ticket=t, note="已联系", actor=other_clerk, at=at(2026, 10, 12, 11))
    services.ticket_reply(ticket=on_time, text="已办。", resolved=True, actor=other_clerk, at=at(2026, 10, 16, 9))
    services.ticket_reply(ticket=late, text="已办。", resolved=True, actor=other_clerk, at=at(2026, 10, 20, 9))
    for t, satisfaction in ((on_time, "basic"), (late, "unsatisfied")):
        services.ticket_approve_reply(ticket=t, actor=operator, at=at(2026, 10, 20, 10))
        services.ticket_callback(ticket=t, resolved=satisfaction != "unsatisfied", satisfaction=satisfaction,
                                 actor=operator, at=at(2026, 10, 21, 9))
    services.ticket_dispatch(ticket=returned, department=departments["fgw"], actor=operator, at=at(2026, 10, 12, 9))
    services.ticket_return(ticket=returned, reason="不属于本局", actor=clerk, at=at(2026, 10, 13, 9))
    services.ticket_close_directly(ticket=direct, answer="已解答。", actor=operator, at=at(2026, 10, 12, 9))
    rows = {r["department_id"]: r for r in provider.figures(start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31))}
    zjj, fgw, none = rows[departments["zjj"].pk], rows[departments["fgw"].pk], rows[None]
    assert (zjj["dispatched"], zjj["signed"], zjj["signed_on_time"]) == (2, 2, 2)
    assert (zjj["replied"], zjj["replied_on_time"]) == (2, 1)  # due 10-19: 10-16 on time, 10-20 late
    assert (zjj["callbacks"], zjj["satisfied"], zjj["resolved"]) == (2, 1, 1)
    assert (fgw["dispatched"], fgw["returned"]) == (1, 1)
    assert (none["received"], none["closed_directly"]) == (1, 1)
    assert zjj["received"] == 2 and fgw["received"] == 1
    assert {d.code for d in provider.definitions()} >= {"received", "satisfied", "returned", "replied_on_time"}


@pytest.mark.django_db
def test_figures_without_grouping_are_one_row_of_totals(submit, departments, operator):
    """`core.statistics.count_by_group` with no grouping answers the totals (it once answered one row per ticket,
    and the merge kept only the last)."""
    tickets = [submit(), submit(), submit(kind="consult", name="", phone="")]
    for t in tickets[:2]:
        services.ticket_dispatch(ticket=t, department=departments["zjj"], actor=operator, at=at(2026, 10, 12, 9))
    rows = provider.figures(start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31), group_by=())
    assert len(rows) == 1
    assert (rows[0]["received"], rows[0]["dispatched"]) == (3, 2)
