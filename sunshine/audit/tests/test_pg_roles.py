"""Under the least-privilege application role (sunshine/audit/pg_roles.py, applied by the `audit_role` fixture of
conftest.py) the audit trail cannot be changed, emptied or have its triggers lifted, while the application still
appends events and verifies the chain. PostgreSQL only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from sunshine.audit.models import AuditEvent
from sunshine.audit.services import record, verify_chain

from .conftest import APP_ROLE

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")


@pytest.fixture
def app(audit_role):
    if audit_role != "app":
        pytest.skip("checks of the application role")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == APP_ROLE


def _refused(sql: str, match: str) -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.parametrize("sql,match", [
    ("UPDATE audit_auditevent SET reason = 'x'", "permission denied"),
    ("DELETE FROM audit_auditevent", "permission denied"),
    ("TRUNCATE audit_auditevent", "permission denied"),
    ("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", "must be owner"),
    ("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete", "must be owner"),
    ("DROP TRIGGER audit_event_no_update_delete ON audit_auditevent", "must be owner"),
    ("DROP TABLE audit_auditevent", "must be owner"),
    ("SET session_replication_role = replica", "permission denied"),
    ("CREATE TABLE audit_shadow (id int)", "permission denied"),
])
def test_the_application_role_cannot_change_or_bypass_the_audit_trail(app, departments, sql, match):
    event = record(action="department.rename", target=departments["fgw"], reason="原因")
    _refused(sql, match)
    assert AuditEvent.objects.get(pk=event.pk).reason == "原因"
    assert verify_chain().ok


def test_the_application_role_appends_and_verifies(app, departments, clerk):
    first = record(action="department.rename", target=departments["fgw"], actor=clerk, after={"name": "新名"})
    departments["fgw"].name = "新名"
    departments["fgw"].save()  # an ordinary table: UPDATE is granted
    second = record(action="department.rename", target=departments["zjj"], actor=clerk)
    assert second.prev_hash == first.hash
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("审计日志哈希链完好 audit chain OK: 2 条事件")


def test_a_forged_row_with_a_made_up_hash_is_found_by_verify(app, departments):
    """INSERT is granted (the application appends): a row forged past the chain code is caught by verify."""
    good = record(action="department.rename", target=departments["fgw"])
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_auditevent (occurred_at, actor_name, actor_roles, action, target_type, "
                       "target_id, target_label, reason, request_id, prev_hash, hash) VALUES "
                       "(now(), '系统', '', 'forged', 'orgs.department', '1', '', '', '', %s, %s) RETURNING id",
                       [good.hash, "f" * 64])
        forged_id = cursor.fetchone()[0]
    assert verify_chain().broken_id == forged_id
