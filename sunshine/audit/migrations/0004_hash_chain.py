"""The audit trail as a hash chain (chain.py): two columns, the existing events linked in id order, and the database
refusing a new event without a hash (any insert that bypasses `chain.append`)."""

from django.db import migrations, models

from sunshine.audit.chain import GENESIS, link_hash

SQLITE_UPDATE_TRIGGER = """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""

SQLITE_GUARD = ["""CREATE TRIGGER audit_event_chained BEFORE INSERT ON audit_auditevent
       WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
       BEGIN SELECT RAISE(ABORT, 'audit events must be appended through the hash chain'); END;"""]
SQLITE_GUARD_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_chained;"]
POSTGRES_GUARD = [
    """CREATE OR REPLACE FUNCTION audit_event_chained() RETURNS trigger AS $$
       BEGIN
         IF NEW.hash IS NULL OR NEW.prev_hash IS NULL THEN
           RAISE EXCEPTION 'audit events must be appended through the hash chain';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_event_chained BEFORE INSERT ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_chained();""",
    # Only the owner may change audit rows (and then only by lifting the triggers): whatever the default privileges
    # granted other roles when the table was created (docs/operations.md, `sunshine pg_roles`), take it back.
    """DO $$ DECLARE r record; BEGIN
         FOR r IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
                  WHERE c.oid = 'audit_auditevent'::regclass AND a.grantee <> c.relowner
                    AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES') LOOP
           EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_auditevent FROM '
                   || CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END;
         END LOOP;
       END $$;""",
]
POSTGRES_GUARD_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_chained ON audit_auditevent;",
                          "DROP FUNCTION IF EXISTS audit_event_chained();"]


def link_existing(apps, schema_editor):
    """Link the events already there, oldest id first (the append-only trigger is lifted for this only)."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if not AuditEvent.objects.exists():
        return
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    prev = GENESIS
    with schema_editor.connection.cursor() as cursor:
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            digest = link_hash(prev, event)
            cursor.execute("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                           [prev, digest, event.pk])
            prev = digest
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")
    else:
        schema_editor.execute(SQLITE_UPDATE_TRIGGER)


def guard(apps, schema_editor):
    for sql in POSTGRES_GUARD if schema_editor.connection.vendor == "postgresql" else SQLITE_GUARD:
        schema_editor.execute(sql)


def unguard(apps, schema_editor):
    for sql in POSTGRES_GUARD_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_GUARD_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_transition_status'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name='哈希'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name='上一条哈希'),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
