"""`sunshine backup` and `sunshine restore` round trip (sunshine/core/backup.py), on the database of DATABASE_URL's
kind: a fresh committed database (a temp SQLite file, or a new PostgreSQL database `sunshine_backup_<pid>`, dropped
at the end), migrated, with the demo county; a citizen applies through the API (tests/ops_client.py, in its own
process) and downloads the receipt letter; then backup, wipe (database and files), restore, and the same letter
downloads again, byte for byte, with the audit hash chain intact. A database restored without its files answers
the API's download with JSON (it was an HTML 500 page).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from sunshine.core.testing import is_postgres, pg_admin_execute, run_manage, with_database

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "tests" / "ops_client.py"


def _client(env: dict, *args: str) -> dict:
    result = subprocess.run([sys.executable, str(CLIENT), *args], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, f"ops_client {args} exited {result.returncode}:\n{result.stderr[-4000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def _sunshine(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sunshine.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


def _env(tmp_path: Path, database_url: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "sunshine.settings", "SUNSHINE_DEMO": "1", "DJANGO_DEBUG": "0",
            "DATABASE_URL": database_url, "SUNSHINE_DATA_DIR": str(tmp_path / "data"),
            "SUNSHINE_MEDIA_ROOT": str(tmp_path / "media"), "REDIS_URL": "", "SMS_BACKEND": "console",
            "SUNSHINE_LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def site(tmp_path):
    base_url = os.environ.get("DATABASE_URL", "")
    pg_name = ""
    if base_url and is_postgres(base_url):
        pg_name = f"sunshine_backup_{os.getpid()}"
        pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        pg_admin_execute(base_url, f'CREATE DATABASE "{pg_name}"')
        database_url = with_database(base_url, pg_name)
    else:
        database_url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = _env(tmp_path, database_url)
    try:
        with open(tmp_path / "setup.log", "w") as log:
            run_manage(["migrate", "--noinput", "-v", "0"], env, log)
            run_manage(["shell", "-c", "import sys; from sunshine.orgs import demo; demo.load(sys.stdout)"], env, log)
        yield {"env": env, "tmp": tmp_path, "pg_name": pg_name, "base_url": base_url, "database_url": database_url}
    finally:
        if pg_name:
            pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def _wipe(site: dict) -> None:
    """Lose everything: the database (dropped and created empty, or the SQLite file removed) and the stored files."""
    if site["pg_name"]:
        pg_admin_execute(site["base_url"], f'DROP DATABASE "{site["pg_name"]}" WITH (FORCE)')
        pg_admin_execute(site["base_url"], f'CREATE DATABASE "{site["pg_name"]}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{site['tmp'] / 'site.sqlite3'}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(site["tmp"] / "media")


def test_backup_wipe_restore_then_the_letter_downloads(site):
    env, tmp = site["env"], site["tmp"]
    submitted = _client(env, "submit")
    assert submitted["status"] == 201, submitted
    code, secret = submitted["body"]["tracking_code"], submitted["body"]["verification_secret"]
    tracked = _client(env, "track", code, secret)
    [receipt] = tracked["body"]["documents"]
    assert receipt["kind"] == "receipt" and receipt["ready"] is True
    before = _client(env, "download", code, secret, str(receipt["id"]))
    assert before["status"] == 200 and before["docx_has_tracking_code"] is True and before["size"] > 1000

    archive = tmp / "backups" / "nightly.tar"
    made = _sunshine(env, "backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert "备份完成" in made.stdout
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    vendor = "postgresql" if site["pg_name"] else "sqlite"
    database = "database.pgdump" if site["pg_name"] else "database.sqlite3"
    assert manifest["vendor"] == vendor and manifest["database"] == database and database in names
    stored = [n for n in names if n.startswith("files/")]
    assert manifest["files"] == len(stored) >= 1  # the receipt's .docx (and any other stored file)
    assert manifest["audit_head"] and manifest["migrations"]["audit"] == "0004_hash_chain"

    _wipe(site)
    gone = _client(env, "track", code, secret)
    assert gone["status"] >= 400 and "body" in gone, gone  # JSON even with no tables at all

    refused = _sunshine(env, "restore", str(archive))
    assert refused.returncode != 0 and "--yes" in refused.stderr  # never overwrites without the confirmation
    restored = _sunshine(env, "restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert f"链尾 {manifest['audit_head']}" in restored.stdout

    after = _client(env, "download", code, secret, str(receipt["id"]))
    assert (after["status"], after["sha256"], after["docx_has_tracking_code"]) == (200, before["sha256"], True)
    assert _client(env, "track", code, secret)["body"]["status"] == tracked["body"]["status"]
    verified = _sunshine(env, "audit", "verify", "--expect-head", manifest["audit_head"])
    assert verified.returncode == 0, verified.stderr

    # The database without its files (a database-only restore): the download is a JSON error, not an HTML page.
    shutil.rmtree(tmp / "media")
    missing = _client(env, "download", code, secret, str(receipt["id"]))
    assert missing["status"] == 500 and missing["content_type"] == "application/json", missing
    assert missing["body"] == {"detail": "服务器内部错误，请稍后再试。", "code": "server_error"}


def test_restore_refuses_another_vendor_and_a_foreign_file(tmp_path):
    """Refused before anything is touched (the manifest is read first): no database needed."""
    env = _env(tmp_path, os.environ.get("DATABASE_URL", "") or f"sqlite:///{tmp_path / 'none.sqlite3'}")
    other = "sqlite" if is_postgres(env["DATABASE_URL"]) else "postgresql"
    fake = tmp_path / "other.tar"
    with tarfile.open(fake, "w") as tar:
        data = json.dumps({"format": 1, "vendor": other, "database": "x", "files": 0, "migrations": {},
                           "created_at": "2026-12-03T00:00:00+00:00"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    result = _sunshine(env, "restore", str(fake), "--yes")
    assert result.returncode != 0 and "只能恢复到同类数据库" in result.stderr
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar")
    result = _sunshine(env, "restore", str(junk), "--yes")
    assert result.returncode != 0 and "不是有效的备份文件" in result.stderr
