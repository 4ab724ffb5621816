"""App manifests: loading, merged registries, demo-only registrations, jobs (beat and cron), lightness."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from sunshine.core.manifest import (
    AppManifest,
    DemoOnly,
    Job,
    NavEntry,
    beat_schedule,
    cron_lines,
    hooks,
    manifest_of,
    manifests,
    merged,
    resolve,
)

ROOT = Path(__file__).resolve().parents[3]


def test_manifests_follow_installed_apps_order():
    apps = [m.app for m in manifests()]
    installed = [name.rsplit(".", 1)[-1] for name in settings.INSTALLED_APPS if name.startswith("sunshine.")]
    assert apps == [label for label in installed if label in apps]
    assert {"orgs", "accounts", "clocks", "publications", "disclosure_requests", "participation", "portal"} <= set(apps)
    assert all(m.label for m in manifests())
    assert manifest_of("publications").label == "主动公开" and manifest_of("nope") is None


def test_every_dotted_path_resolves():
    for manifest in manifests():
        paths = [getattr(manifest, name) for name in ("workbench_sections", "my_sections", "home_sections",
                                                      "statistics", "demo", "demo_after")]
        paths += [entry.predicate for entry in manifest.navigation] + [entry.badge for entry in manifest.navigation]
        paths += [manifest.seed.run] if manifest.seed else []
        for path in filter(None, paths):
            assert resolve(path) is not None, (manifest.app, path)


def test_merged_registries():
    labels = merged("audit_labels")
    assert labels["clock.start"] == "开始计时" and labels["disclosure_request.reply"] == "作出答复"
    assert labels["publication.approve_legality"] == "规范性审核通过"
    assert merged("clock_kinds")["topic_request.feedback"] == "点题公开反馈期限"
    with pytest.raises(TypeError):
        labels["x"] = "y"  # read-only
    roles = merged("roles")
    assert roles["监察"][:2] == ("orgs.view_all_departments", "audit.view_auditevent")
    assert "clocks.extend_clock" in roles["政务公开办负责人"]
    assert [job.name for job in merged("jobs")] == [
        "resend-stale-notifications", "complete-pending-documents", "publish-due-publications",
        "close-expired-disclosure-requests", "retrain-department-suggester", "accept-late-notices",
        "integrity-flags", "terminate-lapsed-deferred"]
    with pytest.raises(ValueError):
        merged("label")


def test_hooks_resolve_in_installed_apps_order():
    demo = [label for label, _ in hooks("demo")]
    assert demo[:2] == ["orgs", "accounts"] and demo[-1] == "portal"
    assert all(callable(function) for _, function in hooks("workbench_sections"))
    with pytest.raises(ValueError):
        hooks("label")


@pytest.mark.parametrize("field", ["clock_kinds"])
def test_demo_only_registrations_need_the_setting(field):
    with override_settings(DEMO_REGISTRIES=False):
        production = merged(field)
        assert "portal.sample" not in production
        assert not [code for code in production if code.startswith("seed.")]
        assert "disclosure_request.reply" in production
    with override_settings(DEMO_REGISTRIES=True):
        demo = merged(field)
        assert demo["portal.sample"] == "演示时限"
        assert demo["seed.hotline.ticket"] == "12345工单办理（合成数据）"


def test_demo_only_labels_reach_the_pages_only_in_demo(db):
    from sunshine.clocks.kinds import kind_label

    with override_settings(DEMO_REGISTRIES=False):
        assert kind_label("portal.sample") == "portal.sample"
    with override_settings(DEMO_REGISTRIES=True):
        assert kind_label("portal.sample") == "演示时限"


def test_demo_only_roles_are_merged_only_in_demo(monkeypatch):
    from sunshine.accounts.roles import default_role_capabilities
    from sunshine.core import manifest as module

    extra = AppManifest(label="测试", roles={"经办人": ["a.real"]},
                        demo_only=DemoOnly(roles={"演示角色": ["a.demo"]}, audit_labels={"demo.x": "演示"}),
                        app="fake")
    monkeypatch.setattr(module, "manifests", lambda: (*module.load_manifests(settings.INSTALLED_APPS), extra))
    module._merged.cache_clear()
    try:
        with override_settings(DEMO_REGISTRIES=False):
            roles = default_role_capabilities()
            assert "a.real" in roles["经办人"] and "演示角色" not in roles
            assert "demo.x" not in merged("audit_labels")
        with override_settings(DEMO_REGISTRIES=True):
            assert default_role_capabilities()["演示角色"] == ["a.demo"]
            assert merged("audit_labels")["demo.x"] == "演示"
    finally:
        module._merged.cache_clear()


def test_production_settings_leave_demo_registrations_off():
    code = ("import os; os.environ.pop('SUNSHINE_DEMO', None); os.environ['DJANGO_SECRET_KEY'] = 'x' * 50; "
            "import sunshine.settings as s; print(s.DEMO, s.DEMO_REGISTRIES)")
    env = {"PATH": "/usr/bin:/bin", "SUNSHINE_DATA_DIR": settings.DATA_DIR.as_posix()}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_importing_every_manifest_imports_no_model_or_service():
    """The settings import the manifests before Django is set up: a manifest imports nothing heavy."""
    code = ("import json, sys; from sunshine.core.manifest import load_manifests; "
            f"found = load_manifests({list(settings.INSTALLED_APPS)!r}); "
            "print(json.dumps([len(found), sorted(m for m in sys.modules if m.startswith('sunshine.'))]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    count, modules = json.loads(out.stdout)
    assert count == len(manifests())
    heavy = [m for m in modules if m.count(".") >= 2 and not m.endswith(".manifest") and m != "sunshine.accounts.roles"]
    assert heavy == [], heavy


def test_beat_schedule_comes_from_the_jobs():
    from celery.schedules import crontab

    expected = {
        "resend-stale-notifications": {"task": "notify.resend_stale", "schedule": 600.0},
        "publish-due-publications": {"task": "publications.publish_due", "schedule": 60.0},
        "close-expired-disclosure-requests": {"task": "disclosure_requests.close_expired", "schedule": 3600.0},
        "complete-pending-documents": {"task": "documents.complete_pending", "schedule": 600.0},
        "retrain-department-suggester": {"task": "hotline.retrain_suggester",
                                         "schedule": crontab(minute="30", hour="2")},
        "accept-late-notices": {"task": "gov_services.accept_late_notices", "schedule": 3600.0},
        "integrity-flags": {"task": "gov_services.integrity_flags", "schedule": 3600.0},
        "terminate-lapsed-deferred": {"task": "gov_services.terminate_lapsed_deferred",
                                      "schedule": crontab(minute="10", hour="1")},
    }
    assert expected == settings.CELERY_BEAT_SCHEDULE
    assert beat_schedule(settings.INSTALLED_APPS) == settings.CELERY_BEAT_SCHEDULE


def test_crontab_schedule_and_cron_lines():
    from celery.schedules import crontab

    jobs = [Job("a", task="x.a", every=60, command="do_a"), Job("b", task="x.b", every=3600, command="do_b"),
            Job("b2", task="x.b2", every=300, command="do_b"), Job("c", task="x.c", crontab={"minute": "30",
                                                                                           "hour": "2"},
                                                                  command="do_c"),
            Job("d", task="x.d", every=7200), Job("e", task="x.e", every=86400, command="do_e")]
    assert cron_lines(jobs, program="/srv/sunshine") == [
        "* * * * * /srv/sunshine do_a", "*/5 * * * * /srv/sunshine do_b", "30 2 * * * /srv/sunshine do_c",
        "0 0 * * * /srv/sunshine do_e"]
    with pytest.raises(ValueError):
        Job("both", task="x", every=60, crontab={"minute": "0"})
    with pytest.raises(ValueError):
        Job("none", task="x")
    with pytest.raises(ValueError):
        NavEntry("菜单", "x:y", "footer")
    import sunshine.core.manifest as module

    fake = AppManifest(label="测试", jobs=[jobs[3]])
    original = module.load_manifests
    try:
        module.load_manifests = lambda names: (fake,)
        assert beat_schedule([]) == {"c": {"task": "x.c", "schedule": crontab(minute="30", hour="2")}}
    finally:
        module.load_manifests = original


def test_crontab_command_and_the_readme_agree():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("crontab", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == ["*/10 * * * * sunshine notify_sweep", "*/10 * * * * sunshine documents_sweep",
                     "* * * * * sunshine publish_due", "0 * * * * sunshine ysq_close_expired",
                     "30 2 * * * sunshine hotline_train_suggester", "0 * * * * sunshine zw_accept_late_notices",
                     "0 * * * * sunshine zw_integrity_flags",
                     "10 1 * * * sunshine zw_terminate_lapsed_deferred"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"put the lines `sunshine crontab` prints.*?```\n(.*?)```", readme, re.S).group(1)
    assert block.splitlines() == lines


def test_every_job_task_and_command_exists():
    from django.core.management import get_commands

    from sunshine.celery import app

    app.loader.import_default_modules()
    for job in merged("jobs"):
        assert job.task in app.tasks, job.task
        assert job.command in get_commands(), job.command


def test_seed_command_offers_each_manifest_seed():
    from sunshine.core.management.commands.seed import Command

    help_text = Command().create_parser("manage.py", "seed").format_help()
    assert "--clocks" in help_text and "--publications" in help_text and "--disclosure-requests" in help_text
    assert "20% 计时中" in help_text
