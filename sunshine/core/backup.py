"""Backup and restore (备份与恢复): the database and the stored files together, in one tar archive.

    sunshine backup [--output FILE]     →  manifest.json, database.sqlite3 | database.pgdump, files/… (the storage)
    sunshine restore FILE --yes

Consistency: the files in the archive are exactly those that the database in the archive refers to (every
FileField of every model), read from the same snapshot:

- SQLite: the online backup API copies the live database page by page into a file (readers and the writer go on);
  the file names are then read from that copy.
- PostgreSQL: one REPEATABLE READ transaction exports its snapshot (`pg_export_snapshot()`); `pg_dump
  --snapshot` dumps exactly that state (custom format) while the file names are read in the same transaction.

Stored files are never changed or removed once written (content-addressed names, `files.models`), so copying them
after the snapshot gives the same bytes the snapshot refers to; a file that is missing is an error, not a silent
gap. The manifest records the vendor, the applied migrations and the audit chain's head.

Restore replaces the database (SQLite: the backup API into the live file; PostgreSQL: `pg_restore --clean
--if-exists --single-transaction`, as the owner role) and writes back every file of the archive; then it checks
the audit hash chain. Stop `sunshine serve` and `sunshine worker` first. A backup restores into the same vendor and
the same code version (the manifest's migrations must all be known).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction

FORMAT = 1
MANIFEST = "manifest.json"
FILES_DIR = "files/"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is Chinese and says what to do."""


@dataclass
class Result:
    path: Path
    files: int
    bytes: int
    vendor: str


def _file_names() -> list[str]:
    """Every stored file name the current database (or snapshot) refers to, sorted."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(n for n in model._base_manager.exclude(**{field.attname: ""})
                              .exclude(**{f"{field.attname}__isnull": True}).values_list(field.attname, flat=True))
    return sorted(names)


def _migrations() -> dict[str, str]:
    """The newest applied migration of each app."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return dict(cursor.fetchall())


def _audit_head() -> str:
    from sunshine.audit.models import AuditEvent

    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    return f"{head[0]}:{head[1]}" if head else ""


def _pg_args(db: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具（Debian：apt-get install postgresql-client）。")
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _add_files(archive: tarfile.TarFile, names: list[str]) -> int:
    total = 0
    missing = []
    for name in names:
        try:
            handle = default_storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            missing.append(name)
            continue
        with handle:
            data = handle.read()
        _add_bytes(archive, FILES_DIR + name, data)
        total += len(data)
    if missing:
        raise BackupError(f"数据库引用的 {len(missing)} 个文件在存储中不存在（例如 {missing[0]}），备份未完成。")
    return total


def default_output() -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%SZ")
    return Path(settings.DATA_DIR) / "backups" / f"sunshine-{connection.vendor}-{stamp}.tar"


def backup(output: Path | None = None) -> Result:
    output = Path(output or default_output())
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库：{vendor}")
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent) as tmp:
        if vendor == "sqlite":
            dump = Path(tmp) / "database.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(dump) as target:
                connection.connection.backup(target)
            names, migrations, head = _read_sqlite_copy(dump)
        else:
            dump = Path(tmp) / "database.pgdump"
            args, env = _pg_args(settings.DATABASES["default"])
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                result = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--snapshot", snapshot,
                                         "--file", str(dump), *args], env=env, capture_output=True, text=True,
                                        check=False)
                if result.returncode != 0:
                    raise BackupError(f"pg_dump 失败：{result.stderr.strip()[-2000:]}")
                names = _file_names()  # the same snapshot as the dump
                migrations = _migrations()
                head = _audit_head()
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=dump.name)
            size = _add_files(archive, names)
            manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(), "vendor": vendor,
                        "database": dump.name, "files": len(names), "file_bytes": size,
                        "migrations": migrations, "audit_head": head}
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    partial.replace(output)
    return Result(output, len(names), size, vendor)


def _read_sqlite_copy(path: Path) -> tuple[list[str], dict[str, str], str]:
    """The file names, migrations and audit head of the copy (the snapshot), as `_file_names` & co. do live."""
    names: set[str] = set()
    copy = sqlite3.connect(path)
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    rows = copy.execute(f'SELECT "{field.column}" FROM "{model._meta.db_table}" '
                                        f'WHERE "{field.column}" IS NOT NULL AND "{field.column}" != \'\'')
                    names.update(row[0] for row in rows)
        migrations = dict(copy.execute("SELECT app, name FROM django_migrations ORDER BY id"))
        head = copy.execute("SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        copy.close()
    return sorted(names), migrations, (f"{head[0]}:{head[1]}" if head else "")


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r") as archive:
            return json.loads(archive.extractfile(MANIFEST).read())
    except (OSError, tarfile.TarError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise BackupError(f"不是有效的备份文件：{path}（{exc}）") from exc


def restore(path: Path) -> dict:
    path = Path(path)
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（本版本为 {FORMAT}）。")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['vendor']} 数据库，当前为 {connection.vendor}：只能恢复到同类数据库。")
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known]
    if unknown:
        raise BackupError(f"备份来自更新的版本（未知的迁移：{', '.join(unknown[:5])}），请先升级程序再恢复。")
    with tempfile.TemporaryDirectory(dir=Path(settings.DATA_DIR)) as tmp, tarfile.open(path, "r") as archive:
        archive.extract(manifest["database"], tmp, filter="data")
        dump = Path(tmp) / manifest["database"]
        restored = 0
        for member in archive.getmembers():  # the files first: without the database they are unreferenced
            if not member.isfile() or not member.name.startswith(FILES_DIR):
                continue
            name = member.name[len(FILES_DIR):]
            if ".." in Path(name).parts or name.startswith("/"):
                raise BackupError(f"备份中的文件名无效：{member.name}")
            data = archive.extractfile(member).read()
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"文件未能按原名写回：{name} → {saved}")
            restored += 1
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as source:
                source.backup(connection.connection)
        else:
            connection.close()
            args, env = _pg_args(settings.DATABASES["default"])
            result = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                                     "--single-transaction", "--exit-on-error", *args, str(dump)],
                                    env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BackupError(f"pg_restore 失败（数据库未改变）：{result.stderr.strip()[-2000:]}")
    from sunshine.audit.services import verify_chain

    verdict = verify_chain()
    return {"files": restored, "audit_ok": verdict.ok, "audit_events": verdict.checked,
            "audit_head": f"{verdict.head_id or 0}:{verdict.head_hash}", "manifest": manifest}
