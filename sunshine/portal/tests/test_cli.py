"""The `sunshine` console command: demo set-up, serve, worker, manage.py pass-through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sunshine import cli

ROOT = Path(__file__).resolve().parents[3]


def test_format_table_aligns_chinese_columns():
    table = cli.format_table(("用户名", "角色"), [("clerk", "经办人"), ("officehead", "政务公开办负责人")])
    lines = table.splitlines()
    widths = {cli._width(line) for line in lines}
    assert len(widths) == 1  # every line has the same display width
    assert lines[1] == "| 用户名     | 角色             |"


def test_worker_without_redis_explains_and_fails(monkeypatch, capsys):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(os, "execv", lambda *a: pytest.fail("must not start celery without REDIS_URL"))
    assert cli.main(["worker"]) == 2
    err = capsys.readouterr().err
    assert "未设置 REDIS_URL" in err and "REDIS_URL is not set" in err


def test_worker_with_redis_execs_celery_with_beat(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    calls = []
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append(args))
    cli.main(["worker", "--concurrency", "2"])
    assert calls[0][1:] == ["-m", "celery", "-A", "sunshine", "worker", "-B", "--loglevel", "INFO",
                            "--concurrency", "2"]


def test_worker_without_beat_and_beat_alone(monkeypatch, settings):
    """deploy/systemd: `sunshine worker --no-beat` on any number of machines, `sunshine beat` once."""
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    calls = []
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append(args))
    cli.main(["worker", "--no-beat", "--concurrency", "2"])
    cli.main(["beat"])
    assert calls[0][1:] == ["-m", "celery", "-A", "sunshine", "worker", "--loglevel", "INFO", "--concurrency", "2"]
    assert calls[1][1:] == ["-m", "celery", "-A", "sunshine", "beat", "--loglevel", "INFO", "--schedule",
                            settings.CELERY_BEAT_SCHEDULE_FILENAME]


def test_beat_without_redis_points_to_cron(monkeypatch, capsys):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(os, "execv", lambda *a: pytest.fail("must not start celery beat without REDIS_URL"))
    assert cli.main(["beat"]) == 2
    assert "sunshine crontab" in capsys.readouterr().err


def test_serve_collects_static_then_execs_gunicorn(monkeypatch):
    import django.core.management

    done = []
    # production only: no demo mode, a strong key (sunshine/core/tests/test_serve_refusals.py has the refusals)
    monkeypatch.delenv("SUNSHINE_DEMO", raising=False)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    monkeypatch.delenv("SUNSHINE_REQUEST_TIMEOUT", raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "pZ4r9Kq2-Xv7Lm3Nw8Tb5Hc1Jd6Fg0Ys_Ue2Io7Pa4Sx9Qz3Rk8Vn5Wm1Bt6Cy0Lh")
    monkeypatch.setattr(django.core.management, "call_command", lambda name, **kw: done.append(name))
    monkeypatch.setattr(os, "execv", lambda path, args: done.append(args))
    cli.main(["serve", "--bind", "0.0.0.0:9000", "--workers", "3", "--timeout", "60"])
    assert done[0] == "collectstatic"
    # the default request timeout (30 s) first; an explicit gunicorn option after it wins
    assert done[1][1:] == ["-m", "gunicorn", "sunshine.wsgi", "--bind", "0.0.0.0:9000", "--workers", "3",
                           "--timeout", "30", "--access-logfile", "-", "--timeout", "60"]


def test_other_commands_pass_through_to_manage(monkeypatch):
    import django.core.management

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", lambda argv: seen.append(argv))
    assert cli.main(["calendar", "import", "2027.json"]) == 0
    assert cli.main(["seed", "--clocks", "10"]) == 0
    assert cli.main(["migrate"]) == 0
    assert seen == [["sunshine", "calendar", "import", "2027.json"], ["sunshine", "seed", "--clocks", "10"],
                    ["sunshine", "migrate"]]


def test_demo_migrates_loads_and_prints_accounts(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
           "SUNSHINE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "sunshine.settings"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "sunshine.cli", "demo", "--no-serve", "--port", "8123"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "| 用户名" in out and "| clerk " in out and "随县发展和改革局" in out and "13800138000" in out
    assert "http://127.0.0.1:8123/" in out
    assert out.count("sunshine-demo") >= 10
