"""`sunshine pg_roles`: print the SQL of the least-privilege PostgreSQL roles (sunshine/audit/pg_roles.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sunshine.audit.pg_roles import create_statements, grant_statements


class Command(BaseCommand):
    help = "打印 PostgreSQL 最小权限角色的 SQL（所有者角色与应用角色）"

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="sunshine_app")
        parser.add_argument("--owner-role", default="sunshine_owner")
        parser.add_argument("--database", default="sunshine")
        parser.add_argument("--grants-only", action="store_true", help="只打印每次迁移后由所有者执行的授权语句")

    def handle(self, *args, app_role, owner_role, database, grants_only, **options):
        if not grants_only:
            self.stdout.write("-- 1. once, as a superuser (then: \\password for both roles)")
            for sql in create_statements(app_role, owner_role, database):
                self.stdout.write(sql + ";")
            self.stdout.write(f"-- 2. in {database}, as {owner_role} (or a superuser), after every `sunshine migrate`")
            self.stdout.write(f'\\connect "{database}"')
        for sql in grant_statements(app_role, owner_role):
            self.stdout.write(sql + ";")
