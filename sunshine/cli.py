"""The `sunshine` console command (控制台命令).

    sunshine demo [--port N] [--host H]   migrate, load the demo data, print the demo accounts, serve
    sunshine serve [--bind ADDR] [--workers N]   production server (collectstatic, then gunicorn)
    sunshine worker [--no-beat]            Celery worker, with beat unless --no-beat (needs REDIS_URL)
    sunshine beat                          Celery beat alone (one per site; with `worker --no-beat`)
    sunshine calendar import FILE          load a year's holiday schedule (manage.py calendar import)
    sunshine seed --clocks N …             synthetic data for benchmarks (manage.py seed)
    sunshine <any manage.py command>       e.g. sunshine migrate, sunshine createsuperuser, sunshine shell
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata

USAGE = __doc__ or ""


def _setup_django() -> None:
    import django

    django.setup()


def manage(argv: list[str]) -> int:
    """Run a manage.py command in this process."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sunshine", *argv])
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain-text table that lines up Chinese (double-width) characters."""
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def fmt(row):
        return "| " + " | ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)) + " |"

    return "\n".join([line, fmt(header), line, *(fmt(r) for r in rows), line])


def demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sunshine demo", description="载入演示数据并启动演示站点")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-serve", action="store_true", help="只迁移和载入演示数据，不启动服务")
    args = parser.parse_args(argv)

    os.environ["SUNSHINE_DEMO"] = "1"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("SUNSHINE_QUIET_CONSOLE", "1")  # tasks and SMS lines go to DATA_DIR/logs/activity.log
    if args.host not in ("127.0.0.1", "localhost", "::1") and "DJANGO_ALLOWED_HOSTS" not in os.environ:
        os.environ["DJANGO_ALLOWED_HOSTS"] = "*"
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from sunshine.accounts.demo import account_table

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{args.port}/"
    print()
    print("演示账户 Demo accounts:")
    print(format_table(("用户名", "密码", "角色", "部门"), account_table()))
    print()
    print(f"门户 Portal: {url}    工作台 Workbench: {url}workbench/    管理 Admin: {url}admin/")
    if settings.QUIET_CONSOLE:
        print(f"任务和短信日志 Task and SMS log: {settings.ACTIVITY_LOG}")
    print()
    sys.stdout.flush()
    if args.no_serve:
        return 0
    call_command("runserver", f"{host}:{args.port}", use_reloader=False)
    return 0


def serve_refusal(environ) -> str:
    """Why `sunshine serve` (production) must not start, in Chinese, or "": never with demo mode or debug on, never
    without a strong DJANGO_SECRET_KEY (`core.secret_key`)."""
    from sunshine.core.secret_key import secret_key_problem

    def on(name: str) -> bool:
        return str(environ.get(name, "")).strip().lower() in ("1", "true", "yes", "on")

    if on("SUNSHINE_DEMO"):
        return "SUNSHINE_DEMO 已开启。演示模式（演示账户、公开的演示数据）不得用于生产；演示请用 sunshine demo。"
    if on("DJANGO_DEBUG"):
        return "DJANGO_DEBUG 已开启。调试模式会在出错时显示内部信息，不得用于生产。"
    problem = secret_key_problem(environ.get("DJANGO_SECRET_KEY", ""))
    if problem:
        return problem + '可用 python -c "import secrets; print(secrets.token_urlsafe(48))" 生成。'
    return ""


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sunshine serve", description="生产环境服务（gunicorn）")
    parser.add_argument("--bind", default=os.environ.get("SUNSHINE_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int,
                        default=int(os.environ.get("SUNSHINE_WORKERS", str(min(2 * (os.cpu_count() or 1) + 1, 9)))))
    args, extra = parser.parse_known_args(argv)
    refusal = serve_refusal(os.environ)
    if refusal:
        print(f"sunshine serve 拒绝启动：{refusal}", file=sys.stderr)
        return 2
    _setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    command = [sys.executable, "-m", "gunicorn", "sunshine.wsgi", "--bind", args.bind,
               "--workers", str(args.workers), "--timeout", os.environ.get("SUNSHINE_REQUEST_TIMEOUT", "30"),
               "--access-logfile", "-", *extra]
    os.execv(sys.executable, command)
    return 0  # pragma: no cover  (execv does not return)


def worker(argv: list[str]) -> int:
    if not os.environ.get("REDIS_URL"):
        print("未设置 REDIS_URL：后台任务在网站进程内提交后立即执行，无需单独启动 worker。\n"
              "REDIS_URL is not set: background tasks run in-process after commit, so no worker is needed.\n"
              "如需独立的任务进程，请设置 REDIS_URL=redis://…，再运行 sunshine worker。", file=sys.stderr)
        return 2
    beat = "--no-beat" not in argv
    argv = [a for a in argv if a != "--no-beat"]
    command = [sys.executable, "-m", "celery", "-A", "sunshine", "worker", *(["-B"] if beat else []),
               "--loglevel", "INFO", *argv]
    os.execv(sys.executable, command)
    return 0  # pragma: no cover


def beat(argv: list[str]) -> int:
    """Celery beat alone: the periodic jobs are sent to the broker once, whatever the number of workers."""
    if not os.environ.get("REDIS_URL"):
        print("未设置 REDIS_URL：没有任务队列，定时任务请用 cron 运行（sunshine crontab 打印所需的行）。\n"
              "REDIS_URL is not set: run the periodic jobs from cron (sunshine crontab prints the lines).",
              file=sys.stderr)
        return 2
    _setup_django()
    from django.conf import settings

    command = [sys.executable, "-m", "celery", "-A", "sunshine", "beat", "--loglevel", "INFO",
               "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME, *argv]
    os.execv(sys.executable, command)
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE.strip())
        print("\n`sunshine help` 列出全部 manage.py 命令。")
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "serve":
        return serve(rest)
    if command == "worker":
        return worker(rest)
    if command == "beat":
        return beat(rest)
    # calendar, seed, import and every other manage.py command
    return manage(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
