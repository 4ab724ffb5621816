"""Read replicas against a real streaming replica (sunshine/core/replicas.py, docs/scaling.md).

The test builds a primary and a hot-standby replica with Debian's PostgreSQL tools (`pg_config --bindir`: initdb,
pg_ctl, pg_basebackup) in a temp dir, on two free ports: the primary with `wal_level=replica` and the replication
line of initdb's trust pg_hba, the replica from `pg_basebackup -X stream -R` (standby.signal and
primary_conninfo written by pg_basebackup). Why not a copy of the server at DATABASE_URL: that server's pg_hba has
no `replication` line (`pg_basebackup` is refused: "no pg_hba.conf entry for replication connection"), and a base
backup copies the whole cluster (every database on it), where this needs one small database.

As root, the clusters run as the `postgres` system user (PostgreSQL refuses to run as root). The application side
is tests/replica_client.py in its own process with DATABASE_URL = primary and DATABASE_REPLICA_URLS = replica.

Skipped, with the reason, unless DATABASE_URL is PostgreSQL (the test needs the same tools), or when the tools or
the `postgres` user are missing.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sunshine.core.testing import is_postgres, run_manage

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "tests" / "replica_client.py"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bindir() -> Path | None:
    if not shutil.which("pg_config"):
        return None
    found = Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False).stdout.strip())
    return found if (found / "initdb").exists() and (found / "pg_ctl").exists() else None


@pytest.fixture(scope="module")
def clusters():
    if not is_postgres(os.environ.get("DATABASE_URL", "")):
        pytest.skip("read replicas are PostgreSQL's: set DATABASE_URL=postgres://… (the test builds its own pair)")
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server tools (initdb, pg_ctl, pg_basebackup) not found via pg_config --bindir")
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` system user to run the clusters")
        as_user = ["runuser", "-u", "postgres", "--"]
    tmp = Path(tempfile.mkdtemp(prefix="sunshine-replica-"))
    if owner is not None:
        os.chown(tmp, owner.pw_uid, owner.pw_gid)
    primary, replica = tmp / "primary", tmp / "replica"
    p_port, r_port = _free_port(), _free_port()
    log = tmp / "clusters.log"
    started: list[Path] = []

    def run(*args: str) -> None:
        with open(log, "a") as out:
            result = subprocess.run([*as_user, *args], stdout=out, stderr=subprocess.STDOUT, timeout=180,
                                    check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{log.read_text(errors='replace')[-4000:]}")

    def settings(data: Path, port: int) -> str:
        return (f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{tmp}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n"
                "synchronous_commit = off\nshared_buffers = 32MB\nmax_connections = 40\n")

    try:
        run(str(bindir / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8")
        run("sh", "-c", f"cat >> '{primary}/postgresql.conf' <<'EOF'\n{settings(primary, p_port)}EOF")
        run(str(bindir / "pg_ctl"), "-D", str(primary), "-l", str(tmp / "primary.log"), "-w", "start")
        started.append(primary)
        run(str(bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(p_port), "-U", "postgres", "-D",
            str(replica), "-X", "stream", "-R", "-c", "fast")
        run("sh", "-c", f"cat >> '{replica}/postgresql.conf' <<'EOF'\nport = {r_port}\nEOF")
        run(str(bindir / "pg_ctl"), "-D", str(replica), "-l", str(tmp / "replica.log"), "-w", "start")
        started.append(replica)
        run(str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(p_port), "-U", "postgres", "-qc",
            "CREATE DATABASE sunshine")
        yield {"primary": f"postgres://postgres@127.0.0.1:{p_port}/sunshine",
               "replica": f"postgres://postgres@127.0.0.1:{r_port}/sunshine", "tmp": tmp}
    finally:
        for data in reversed(started):
            subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def test_replica_reads_with_read_your_writes(clusters, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sunshine.settings", "SUNSHINE_DEMO": "1", "DJANGO_DEBUG": "0",
           "DATABASE_URL": clusters["primary"], "DATABASE_REPLICA_URLS": clusters["replica"],
           "SUNSHINE_DATA_DIR": str(tmp_path / "data"), "REDIS_URL": "", "SUNSHINE_LOG_LEVEL": "WARNING",
           "DJANGO_CONN_MAX_AGE": "0"}
    with open(tmp_path / "setup.log", "w") as log:
        run_manage(["migrate", "--noinput", "-v", "0"], env, log)  # the primary only (ReplicaRouter.allow_migrate)
        run_manage(["shell", "-c", "import sys; from sunshine.orgs import demo; demo.load(sys.stdout)"], env, log)
    result = subprocess.run([sys.executable, str(CLIENT)], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["replicas"] == ["replica_1"] and seen["routers"] == ["sunshine.core.replicas.ReplicaRouter"]
    assert seen["in_recovery"] is True and seen["replica_refuses_writes"] is True
    # Replay paused: the fresh visitor reads the replica (old text); the one who has just written reads the
    # primary (new text) — the pin cookie, and no cached copy of the replica's page.
    assert seen["fresh_visitor_while_paused"] == "old" and seen["fresh_visitor_selector_db"] == "replica_1"
    assert seen["post_status"] == 400 and seen["pin_cookie"] == "1"
    assert seen["writer_after_post"] == "new"
    assert seen["fresh_visitor_again"] == "old"
    assert (seen["same_context_before_write"], seen["same_context_after_write"]) == ("replica_1", "default")
    assert seen["fresh_visitor_after_catch_up"] == "new"
    print(f"replication lag: first {seen['first_lag_s']} s, catch-up after resume {seen['catch_up_s']} s")
