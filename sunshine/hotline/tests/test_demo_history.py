"""The demo's year of generated tickets (demo_history.py): consistent rows in the proportions of seed 003, varied
texts, the open tickets through the services, idempotent; the suggester trained at load."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest

from sunshine.hotline import demo_history
from sunshine.hotline.demo_catalogue import MATTERS
from sunshine.hotline.models import Assignment, Callback, Matter, SuggesterModel, Ticket


def test_the_plan_is_varied_and_follows_the_catalogue():
    planned = demo_history.plan(2000)
    assert len(planned) == 2000 and planned == demo_history.plan(2000)  # seeded
    contents = [p.content for p in planned]
    assert len(set(contents)) / len(contents) > 0.97
    lengths = sorted(len(c) for c in contents)
    assert lengths[100] < 30 and lengths[-100] > 70  # short messages and long letters
    assert {p.received_at.date().replace(day=1) for p in planned} == {
        dt.date(2025, 12, 1), *(dt.date(2026, m, 1) for m in range(1, 12))}
    channels = Counter(p.channel for p in planned)
    assert 0.7 < channels["phone"] / 2000 < 0.9 and channels["web"] and channels["sms"] and channels["letter"]
    assert set(Counter(p.kind for p in planned)) == {"consult", "help", "complaint", "report", "suggestion", "praise"}
    leads = {code: (lead, towns) for code, _n, lead, towns, _k, _p in MATTERS}
    for p in planned:
        lead, towns = leads[p.matter]
        assert p.lead == (f"town-{demo_history._town_code(p.town)}" if towns and p.town is not None else lead)
    assert sum(p.lead.startswith("town-") for p in planned) > 50
    assert len({p.lead for p in planned}) > 35  # the 24 departments and the towns


@pytest.mark.django_db
def test_history_rows_are_consistent_and_load_once(settings):
    from sunshine.accounts import demo as accounts_demo
    from sunshine.hotline import demo
    from sunshine.orgs import demo as orgs_demo

    settings.HOTLINE_DEMO_HISTORY = 500
    out = io.StringIO()
    orgs_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    assert Matter.objects.count() == len(MATTERS) >= 80
    history = Ticket.objects.filter(idempotency_key__startswith="demo-h:")
    assert history.count() == 500
    states = Counter(history.values_list("status", flat=True))
    assert (states["closed"] + states["merged"]) / 500 > 0.93
    assert {"closed", "merged"} <= set(states) and len(states) >= 4
    for t in history.filter(status="closed", closed_directly=False).select_related("sign_clock", "reply_clock")[:200]:
        leads = [a for a in t.assignments.all() if a.active and a.role == Assignment.Role.LEAD]
        assert len(leads) == 1 and leads[0].department_id == t.department_id
        assert t.dispatched_at <= t.signed_at <= t.replied_at <= t.closed_at
        assert t.sign_clock.state == "stopped" and t.sign_clock.outcome in ("on_time", "late")
        assert t.reply_clock.department_id == t.department_id and t.replies.filter(review="approved").exists()
    for t in history.filter(status="merged"):
        assert t.merged_into_id and t.merged_into.status == "closed"
    open_ones = history.exclude(status__in=["closed", "merged"])
    for t in open_ones.filter(status="dispatched"):
        assert t.sign_clock.state == "running"
    callbacks = Callback.objects.filter(ticket__idempotency_key__startswith="demo-h:")
    assert callbacks.filter(satisfaction__in=["satisfied", "basic"]).count() / callbacks.count() > 0.99
    assert SuggesterModel.objects.exists()
    assert "导入历史工单 " in out.getvalue()
    demo.load(out)
    assert history.count() == 500
