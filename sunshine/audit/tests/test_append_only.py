"""The audit trail is append-only: the database itself refuses UPDATE and DELETE."""

import pytest
from django.db import DatabaseError, connection, transaction

from sunshine.audit.models import AuditEvent
from sunshine.audit.services import events_for, record


@pytest.fixture
def event(departments, clerk):
    return record(action="department.rename", target=departments["fgw"], actor=clerk,
                  before={"name": "旧名"}, after={"name": "新名"}, reason="机构改革")


def test_record_captures_actor_role_department_and_change(event, clerk, departments):
    assert event.actor == clerk
    assert event.actor_name == "王经办"
    assert event.actor_roles == "经办人"
    assert event.department == departments["fgw"]
    assert event.target_type == "orgs.department"
    assert event.target_id == str(departments["fgw"].pk)
    assert event.before == {"name": "旧名"} and event.after == {"name": "新名"}
    assert event.reason == "机构改革"
    assert list(events_for(departments["fgw"])) == [event]


def test_system_actor_when_no_user(departments):
    event = record(action="clock.recompute", target=departments["zjj"])
    assert event.actor is None and event.actor_name == "系统"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'tampered'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_refuses_update_and_delete(event, sql):
    # The owner meets the trigger; the application role is refused by privilege before that.
    with (pytest.raises(DatabaseError, match=r"append-only|permission denied"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(sql)
    event.refresh_from_db()
    assert event.reason == "机构改革"
    assert AuditEvent.objects.count() == 1


def test_orm_update_and_delete_are_refused_too(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk, reason="机构改革").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgres_refuses_truncate(event):
    with (pytest.raises(DatabaseError, match=r"append-only|permission denied"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute("TRUNCATE audit_auditevent")


def test_request_id_is_recorded(client, departments):
    from sunshine.core.middleware import _request_id

    token = _request_id.set("req-123")
    try:
        event = record(action="x.y", target=departments["fgw"])
    finally:
        _request_id.reset(token)
    assert event.request_id == "req-123"
