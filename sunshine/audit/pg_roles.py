"""Least-privilege PostgreSQL roles (最小权限数据库角色), see docs/operations.md.

Two roles:

- the owner (`sunshine_owner`): owns the database and its tables, runs `sunshine migrate`, `sunshine backup` and
  `sunshine restore`. Only it may ALTER the audit table, drop or disable its triggers.
- the application (`sunshine_app`): what `sunshine serve` and `sunshine worker` connect as. It reads and writes
  every table, but on the audit table it may only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE (refused by
  privilege before the append-only triggers even run), and as it owns nothing it cannot ALTER TABLE … DISABLE
  TRIGGER, DROP TRIGGER, or `SET session_replication_role` (superuser only), which would bypass triggers.

`grant_statements` is the one copy of the GRANTs: `sunshine pg_roles` prints them for the DBA, and the test
(sunshine/audit/tests/test_pg_roles.py) applies them to a role it creates and runs the audit checks under it.
"""

from __future__ import annotations

AUDIT_TABLE = "audit_auditevent"


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain role name: {name!r}")
    return f'"{name}"'


def create_statements(app_role: str = "sunshine_app", owner_role: str = "sunshine_owner",
                      database: str = "sunshine") -> list[str]:
    """Once, as a superuser (passwords are set afterwards with \\password in psql)."""
    app, owner = _ident(app_role), _ident(owner_role)
    return [
        f"CREATE ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        f"CREATE ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        f"CREATE DATABASE {_ident(database)} OWNER {owner}",
        f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(database)} TO {app}",
    ]


def grant_statements(app_role: str = "sunshine_app", owner_role: str = "sunshine_owner") -> list[str]:
    """As the owner, in the application's database, after `sunshine migrate` (idempotent; run after every
    migrate, the default privileges also cover tables created later by the owner)."""
    app, owner = _ident(app_role), _ident(owner_role)
    return [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app}",
        # Before the first migrate the table does not exist yet (migration 0004 revokes these from every role but
        # the owner when it runs, so the default privileges below never leave UPDATE or DELETE on it).
        f"DO $$ BEGIN IF to_regclass('{AUDIT_TABLE}') IS NOT NULL THEN "
        f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {AUDIT_TABLE} FROM {app}; END IF; END $$",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app}",
    ]
