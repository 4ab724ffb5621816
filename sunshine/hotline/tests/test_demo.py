"""The demo data: every state of the workflow, through the services, idempotent."""

from __future__ import annotations

import io

import pytest

from sunshine.hotline.models import KnowledgeEntry, Mailbox, Matter, Ticket
from sunshine.hotline.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_history(settings):
    settings.HOTLINE_DEMO_HISTORY = 0  # the year of generated tickets: test_demo_history.py


def test_demo_has_every_state_and_loads_once():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.hotline import demo, demo_kb
    from sunshine.orgs import demo as orgs_demo

    out = io.StringIO()
    orgs_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    states = set(Ticket.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert Ticket.objects.count() == len(demo.TICKETS) + len(demo_kb.TICKETS)
    assert Ticket.objects.filter(kb_entry__isnull=False, closed_directly=True).count() == 2
    assert Ticket.objects.filter(status="converted", converted_kind="disclosure_request").count() == 1
    assert KnowledgeEntry.objects.filter(status="published").count() == len(demo_kb.ENTRIES)
    assert Mailbox.objects.filter(kind="magistrate").exists() and Matter.objects.filter(town_handles=True).exists()
    merged = Ticket.objects.filter(status="merged")
    assert merged.count() == 2 and {t.merged_into.title for t in merged} == {"路灯线路老化"}
    assert Ticket.objects.filter(reopen_count=1, status="closed").exists()
    assert Ticket.objects.filter(supervisions__isnull=False).exists()
    town_led = Ticket.objects.filter(department__code__startswith="town-")
    assert town_led.count() == 2  # 属地办理: the catalogue sends them to the town of the place
    demo.load(out)
    assert Ticket.objects.count() == len(demo.TICKETS) + len(demo_kb.TICKETS)
    assert KnowledgeEntry.objects.count() == len(demo_kb.ENTRIES) + len(demo_kb.DRAFTS)
