"""The audit trail is a hash chain: every insert path links the event, and `sunshine audit verify` finds the first
broken link (a changed, removed or inserted event) and exits 1."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from sunshine.audit import chain
from sunshine.audit.models import AuditEvent
from sunshine.audit.services import record, verify_chain

from .conftest import as_owner

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


def _tamper(sql: str, params=()) -> None:
    """What someone with the owner's rights (or the database files) could do: lift the trigger, change rows."""
    with as_owner(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            cursor.execute(sql, params)


@pytest.fixture
def three(departments, clerk):
    return [
        record(action="department.rename", target=departments["fgw"], actor=clerk, before={"name": "旧名"},
               after={"name": "新名", "tags": ("a", "b"), "at": dt.date(2026, 12, 3)}, reason="机构改革"),
        record(action="clock.extend", target=departments["zjj"], from_status="running", to_status="running",
               after={"due": dt.datetime(2026, 12, 31, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))}),
        record(action="department.rename", target=departments["gkb"], actor=clerk, reason="第三条"),
    ]


def _verify_output() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_each_event_carries_the_hash_of_the_previous_one(three):
    first, second, third = (AuditEvent.objects.get(pk=e.pk) for e in three)  # as stored, read back
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3 and all(len(e.hash) == 64 for e in three)
    # The hash computed before the insert equals the one recomputed from the stored row (canonical form).
    assert [chain.link_hash(e.prev_hash, e) for e in (first, second, third)] == [e.hash for e in three]
    verdict = verify_chain()
    assert (verdict.ok, verdict.checked, verdict.head_id, verdict.head_hash) == (True, 3, third.pk, third.hash)
    assert _verify_output().strip() == f"审计日志哈希链完好 audit chain OK: 3 条事件；链尾 head {third.pk}:{third.hash}"


def test_a_changed_event_is_the_first_broken_link(three):
    _tamper("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["无", three[0].pk])
    verdict = verify_chain()
    assert (verdict.ok, verdict.broken_id, verdict.checked) == (False, three[0].pk, 0)
    assert "本条内容被修改" in verdict.problem
    with pytest.raises(CommandError, match=f"第一处断链在事件 id={three[0].pk}") as raised:
        call_command("audit", "verify")
    assert raised.value.returncode == 1


def test_a_changed_status_column_is_detected(three):
    _tamper("UPDATE audit_auditevent SET to_status = 'closed' WHERE id = %s", [three[1].pk])
    assert verify_chain().broken_id == three[1].pk


def test_a_removed_event_breaks_the_link_of_the_next(three):
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [three[1].pk])
    verdict = verify_chain()
    assert (verdict.broken_id, verdict.checked) == (three[2].pk, 1)
    assert "被删除" in verdict.problem


def test_removing_the_newest_events_is_found_with_the_head_kept_elsewhere(three):
    head = f"{three[2].pk}:{three[2].hash}"
    call_command("audit", "verify", "--expect-head", head)  # passes while the head is there
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [three[2].pk])
    assert verify_chain().ok  # a shorter chain is still a chain …
    with pytest.raises(CommandError, match="已不存在"):  # … but not the one that was recorded
        call_command("audit", "verify", "--expect-head", head)


def test_a_row_inserted_without_the_chain_is_refused(three):
    with pytest.raises(DatabaseError, match="hash chain"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_auditevent (occurred_at, actor_name, actor_roles, action, target_type, "
                       "target_id, target_label, reason, request_id) VALUES "
                       "('2026-12-03 00:00:00', 'x', '', 'forged', 'orgs.department', '1', '', '', '')")
    assert verify_chain().ok


def test_bulk_create_and_create_are_chained_too(three, departments):
    base = {"occurred_at": dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC), "action": "x.y",
            "target_type": "orgs.department", "target_id": "1"}
    made = AuditEvent.objects.bulk_create([AuditEvent(**base, reason="一"), AuditEvent(**base, reason="二")])
    created = AuditEvent.objects.create(**base, reason="三")
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.reason for r in rows[-3:]] == ["一", "二", "三"]
    assert made[0].prev_hash == three[2].hash and made[1].prev_hash == made[0].hash
    assert created.prev_hash == made[1].hash
    assert verify_chain().checked == 6


def test_canonical_form_is_stable():
    """Pinned: a change of the serialisation would break every chain already stored."""
    event = AuditEvent(occurred_at=dt.datetime(2026, 12, 3, 16, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai")),
                       actor_id=7, actor_name="王经办", actor_roles="经办人", department_id=None, action="a.b",
                       target_type="t.t", target_id="9", target_label="标签", before=None, after={"b": 1, "a": [1]},
                       from_status=None, to_status="done", reason="", request_id="r")
    assert chain.canonical(event).decode() == (
        '{"action":"a.b","actor_id":7,"actor_name":"王经办","actor_roles":"经办人","after":{"a":[1],"b":1},'
        '"before":null,"department_id":null,"from_status":null,"occurred_at":"2026-12-03T08:00:00.123456Z",'
        '"reason":"","request_id":"r","target_id":"9","target_label":"标签","target_type":"t.t",'
        '"to_status":"done"}')
    assert chain.link_hash(chain.GENESIS, event) == chain.link_hash(chain.GENESIS, event)


# --- concurrency (PostgreSQL): committed appends from several connections at once -----------------------------

@pytest.fixture
def _reenable_audit_triggers(django_db_blocker):
    """Set up before transactional_db, torn down after its flush: the flush TRUNCATEs the audit table, which the
    trigger refuses, so `_lift_audit_triggers` lifts the triggers for the flush and this puts them back."""
    yield
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        # the flush emptied the seeded tables too (django_db_serialized_rollback kept post_migrate from refilling
        # them): load their rows back now, for the later tests of this process
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def _lift_audit_triggers(transactional_db):
    yield
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")


@postgres_only
def test_concurrent_appends_make_one_linear_chain(_reenable_audit_triggers, django_db_serialized_rollback,
                                                  transactional_db, _lift_audit_triggers, departments):
    # django_db_serialized_rollback: the flush after this test would empty the tables the migrations seeded
    # (categories, the calendar, roles …) for the later tests of this process; their rows are loaded back.
    """6 connections × 15 transactions append at once (each transaction two events, with a pause between them so
    that transactions overlap): the chain is linear, no link is shared, and verify passes."""
    threads_n, per_thread = 6, 15
    barrier = threading.Barrier(threads_n)
    errors = []

    def work(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record(action="race.one", target=departments["fgw"], reason=f"{n}-{i}-a")
                    record(action="race.two", target=departments["zjj"], reason=f"{n}-{i}-b")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    rows = list(AuditEvent.objects.filter(action__startswith="race.").order_by("id"))
    assert len(rows) == threads_n * per_thread * 2
    assert len({r.prev_hash for r in rows}) == len(rows)  # nobody linked to the same predecessor
    # A transaction's two events are adjacent: the lock is held from the first append to the commit.
    for one, two in zip(rows[::2], rows[1::2], strict=True):
        assert (one.action, two.action) == ("race.one", "race.two") and one.reason[:-1] == two.reason[:-1]
    verdict = verify_chain()
    assert verdict.ok and verdict.checked == AuditEvent.objects.count()


def test_the_migration_links_events_recorded_before_the_chain(three):
    """Migration 0004 on a trail without hashes (as before it): every event linked in id order, triggers back."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sunshine.audit.migrations.0004_hash_chain")
    _tamper("UPDATE audit_auditevent SET prev_hash = NULL, hash = NULL")
    if connection.vendor == "sqlite":  # _tamper dropped the delete trigger too: as it was before the migration
        with connection.cursor() as cursor:
            cursor.execute("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
                           "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;")
    assert verify_chain().broken_id == three[0].pk
    class Editor:  # what RunPython hands over, without SQLite's schema editor (not inside the test's transaction)
        def __init__(self):
            self.connection = connection

        def execute(self, sql, params=()):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    with as_owner():
        migration.link_existing(apps, Editor())
    verdict = verify_chain()
    assert verdict.ok and verdict.checked == 3
    assert AuditEvent.objects.get(pk=three[2].pk).hash == three[2].hash  # the same links as appended live
    with pytest.raises(DatabaseError), transaction.atomic():  # the append-only trigger is back
        AuditEvent.objects.filter(pk=three[0].pk).update(reason="x")
