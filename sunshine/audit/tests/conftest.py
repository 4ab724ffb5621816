"""On PostgreSQL every audit test runs twice: as the test database's owner, and under the least-privilege
application role (`sunshine_app`, sunshine/audit/pg_roles.py) that the fixture creates in the test's transaction,
grants exactly as `sunshine pg_roles` prints, and switches to with SET LOCAL ROLE (all rolled back after the test)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

APP_ROLE = f"sunshine_app_test_{os.getpid()}"
ROLES = ["owner", "app"] if connection.vendor == "postgresql" else ["owner"]


def become_app_role() -> None:
    from sunshine.audit.pg_roles import grant_statements

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{APP_ROLE}" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                           "NOBYPASSRLS")
        for sql in grant_statements(APP_ROLE, owner):
            cursor.execute(sql)
        cursor.execute(f'SET LOCAL ROLE "{APP_ROLE}"')


def as_owner():
    """A context manager: the statements inside run as the session's own (owner) role, then back."""
    from contextlib import contextmanager

    @contextmanager
    def _owner():
        role = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                role = cursor.fetchone()[0]
                cursor.execute("SET LOCAL ROLE NONE")
        try:
            yield
        finally:
            if role == APP_ROLE:
                with connection.cursor() as cursor:
                    cursor.execute(f'SET LOCAL ROLE "{APP_ROLE}"')

    return _owner()


@pytest.fixture(autouse=True, params=ROLES)
def audit_role(request):
    if request.param == "app":
        if "transactional_db" in request.fixturenames:
            pytest.skip("runs with several connections: as the owner only")
        request.getfixturevalue("db")
        become_app_role()
    return request.param
