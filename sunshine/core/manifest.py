"""App manifests (应用清单): one declaration per app of everything the kernel and the shells need to know about it.

Each Sunshine app may have a `manifest.py` exporting `MANIFEST = AppManifest(...)`. The kernel reads the manifests
in INSTALLED_APPS order (`manifests()`) and merges their registries (`merged("audit_labels")`); the portal renders
its menus and pages from them; settings build the Celery beat schedule from their jobs. So the kernel never
imports a domain, and adding an app is adding its manifest.

A manifest is data. It imports nothing but this module and role names (`sunshine.accounts.roles`, which imports
nothing at module level): code is named by dotted paths `"package.module:function"`, resolved only when used
(`resolve`). So importing every manifest is cheap, and is done even by the settings (`beat_schedule`), before
Django is set up.

Registrations used only by demo or benchmark data (a demo clock kind, the synthetic kinds of `sunshine seed`) go
in `demo_only=DemoOnly(...)`: they are merged only when `settings.DEMO_REGISTRIES` is on (by default when
SUNSHINE_DEMO is), never in production settings.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from types import MappingProxyType
from typing import Any

AREAS = ("staff", "public", "my")
MAPPING_FIELDS = ("audit_labels", "clock_kinds")
SEQUENCE_FIELDS = ("navigation", "jobs", "documents")
HOOK_FIELDS = ("workbench_sections", "my_sections", "home_sections", "statistics", "demo", "demo_after")


@dataclass(frozen=True)
class NavEntry:
    """A menu entry (导航项).

    area: "staff" (the staff pages' 工作导航), "public" (the public 主导航), or "my" (the account links at the end
    of the public menu: 登录/注册, 我的/通知, 工作台). The entry is shown only to a user who holds `capability`
    (a Django permission "app_label.codename", None: no capability needed) and for whom `predicate`
    ("module:function(user) -> bool", None: always) is true: never an entry whose page would refuse the user.
    `section` is the page's NAV_SECTION that marks the entry current (aria-current), "" for never; `fragment`
    is appended to the URL after "#"; `badge` ("module:function(user) -> int") shows a count beside the label
    when it is not 0, read aloud as "N {badge_unit}".
    """

    label: str
    url_name: str
    area: str
    capability: str | None = None
    order: int = 100
    predicate: str | None = None
    section: str = ""
    fragment: str = ""
    badge: str | None = None
    badge_unit: str = "条未读"

    def __post_init__(self):
        if self.area not in AREAS:
            raise ValueError(f"NavEntry {self.label!r}: area must be one of {AREAS}, not {self.area!r}")


@dataclass(frozen=True)
class Job:
    """A periodic job (定时任务): the Celery task beat runs (`task`, a registered task name) every `every`
    seconds or on a `crontab` ({"minute": "0", "hour": "2"}: the arguments of `celery.schedules.crontab`), and
    the management command that does the same work from cron when there is no Redis (`command`; one command may
    serve several jobs: `cron_lines` lists it once, at the shortest period)."""

    name: str
    task: str
    every: float | None = None
    crontab: Mapping[str, str] | None = None
    command: str | None = None
    description: str = ""

    def __post_init__(self):
        if (self.every is None) == (self.crontab is None):
            raise ValueError(f"Job {self.name!r}: give exactly one of `every` (seconds) and `crontab`")


@dataclass(frozen=True)
class Seed:
    """Synthetic data at scale for benchmarks: `sunshine seed --<option> N` calls `run(n, *, stdout, batch_size)`."""

    option: str
    help: str
    run: str


@dataclass(frozen=True)
class DemoOnly:
    """Registrations used only by demo or benchmark data: merged only when `settings.DEMO_REGISTRIES` is on."""

    audit_labels: Mapping[str, str] = field(default_factory=dict)
    clock_kinds: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class AppManifest:
    """What an app declares to the kernel and the shells.

    - `label`: the app's Chinese name.
    - `audit_labels`: {audit action code: 中文} (the trails, the admin); `clock_kinds`: {clock kind: 中文}.
    - `roles`: {role name: [capability, …]}, the default capabilities this app grants each role
      (`sunshine.accounts.roles.ensure_default_roles`).
    - `navigation`: the menu entries (NavEntry).
    - `workbench_sections`, `my_sections`: "module:function(user) -> list[dict]", the app's sections of the staff
      workbench (工作台) and the citizen's page (我的), each dict {"title", "url", "description", "items":
      [{"label", "url", "note"}]}; `home_sections`: "module:function(limit) -> list[dict]", the newest public
      items for the home page ({"label", "url", "note"}; published, public data only).
    - `jobs`: the periodic jobs (Job). `statistics`: "module:object", the app's statistics provider
      (`sunshine.core.statistics.StatisticsProvider`). `demo`: "module:function(stdout)", idempotent demo data
      (`manage.py load_demo`); `demo_after`: the same, run after every app's `demo` (demo data made from other
      apps' demo data through the kernel, e.g. annual reports from the statistics providers). `seed`: synthetic
      data at scale (Seed). `documents`: the documents (letters,
      notices) the app issues, for the documents kernel app (reserved).
    - `demo_only`: registrations for demo or benchmark data only (DemoOnly).
    """

    label: str
    audit_labels: Mapping[str, str] = field(default_factory=dict)
    clock_kinds: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, Sequence[str]] = field(default_factory=dict)
    navigation: Sequence[NavEntry] = ()
    workbench_sections: str | None = None
    my_sections: str | None = None
    home_sections: str | None = None
    jobs: Sequence[Job] = ()
    statistics: str | None = None
    demo: str | None = None
    demo_after: str | None = None
    seed: Seed | None = None
    documents: Sequence[Any] = ()
    demo_only: DemoOnly = field(default_factory=DemoOnly)
    app: str = ""  # the app label, filled in when loaded


# --- loading -------------------------------------------------------------------------------------------------------

def load_manifests(app_names: Iterable[str]) -> tuple[AppManifest, ...]:
    """The manifests of these apps (dotted names, e.g. INSTALLED_APPS), in that order; only Sunshine apps, and
    only those with a `manifest.py`. Needs no app registry: the settings call it."""
    found = []
    for name in app_names:
        if not name.startswith("sunshine."):
            continue
        dotted = f"{name}.manifest"
        if dotted == __name__ or importlib.util.find_spec(dotted) is None:  # the core app's is this module
            continue
        manifest = importlib.import_module(dotted).MANIFEST
        if not isinstance(manifest, AppManifest):
            raise TypeError(f"{dotted}.MANIFEST must be an AppManifest")
        found.append(replace(manifest, app=name.rsplit(".", 1)[-1]))
    return tuple(found)


@cache
def manifests() -> tuple[AppManifest, ...]:
    """Every installed app's manifest, in INSTALLED_APPS order (cached; cleared when INSTALLED_APPS changes)."""
    from django.apps import apps

    return load_manifests(config.name for config in apps.get_app_configs())


def manifest_of(app_label: str) -> AppManifest | None:
    return next((m for m in manifests() if m.app == app_label), None)


def demo_registrations() -> bool:
    """Whether the demo-only registrations are merged (settings.DEMO_REGISTRIES, default SUNSHINE_DEMO)."""
    from django.conf import settings

    return bool(getattr(settings, "DEMO_REGISTRIES", getattr(settings, "DEMO", False)))


@cache
def _merged(name: str, demo: bool):
    if name in MAPPING_FIELDS:
        mapping: dict[str, str] = {}
        for manifest in manifests():
            mapping.update(getattr(manifest, name))
            if demo:
                mapping.update(getattr(manifest.demo_only, name))
        return MappingProxyType(mapping)
    if name == "roles":
        roles: dict[str, list[str]] = {}
        for manifest in manifests():
            sources = [manifest.roles, manifest.demo_only.roles] if demo else [manifest.roles]
            for source in sources:
                for role, capabilities in source.items():
                    granted = roles.setdefault(role, [])
                    granted.extend(c for c in capabilities if c not in granted)
        return MappingProxyType({role: tuple(capabilities) for role, capabilities in roles.items()})
    if name in SEQUENCE_FIELDS:
        return tuple(item for manifest in manifests() for item in getattr(manifest, name))
    raise ValueError(f"{name!r} is not a mergeable manifest field")


def merged(name: str):
    """One registry across every app, in INSTALLED_APPS order, demo-only entries included when they are on:
    `audit_labels` and `clock_kinds` → {code: 中文} (read-only); `roles` → {role: (capability, …)} (read-only);
    `navigation`, `jobs`, `documents` → a tuple."""
    return _merged(name, demo_registrations())


def hooks(name: str) -> list[tuple[str, Callable]]:
    """[(app label, resolved object)] of one dotted-path field (`workbench_sections`, `statistics`, `demo`, …)
    of every manifest that sets it, in INSTALLED_APPS order."""
    if name not in HOOK_FIELDS:
        raise ValueError(f"{name!r} is not a hook field")
    return [(m.app, resolve(getattr(m, name))) for m in manifests() if getattr(m, name)]


@cache
def resolve(path: str):
    """The object named by "package.module:attribute"."""
    module_name, _, attribute = path.partition(":")
    if not attribute:
        raise ValueError(f"{path!r}: a dotted path is written 'package.module:attribute'")
    return getattr(importlib.import_module(module_name), attribute)


def clear_caches() -> None:
    manifests.cache_clear()
    _merged.cache_clear()


def _on_setting_changed(*, setting, **kwargs):
    if setting == "INSTALLED_APPS":
        clear_caches()


def connect_signals() -> None:
    from django.core.signals import setting_changed

    setting_changed.connect(_on_setting_changed, dispatch_uid="sunshine.core.manifest.clear")


# --- navigation ----------------------------------------------------------------------------------------------------

def may_see(entry: NavEntry, user) -> bool:
    """Whether `entry` is shown to `user`: the capability held (an inactive or anonymous user holds none) and the
    predicate true."""
    if entry.capability is not None and not (
            user is not None and user.is_authenticated and user.is_active and user.has_perm(entry.capability)):
        return False
    return entry.predicate is None or bool(resolve(entry.predicate)(user))


def navigation_for(user, area: str) -> list[NavEntry]:
    """The entries of `area` that `user` may see, by `order` (stable: INSTALLED_APPS order breaks ties)."""
    if area not in AREAS:
        raise ValueError(f"unknown navigation area {area!r}")
    entries = [entry for entry in merged("navigation") if entry.area == area]
    return [entry for entry in sorted(entries, key=lambda e: e.order) if may_see(entry, user)]


# --- jobs ----------------------------------------------------------------------------------------------------------

def beat_schedule(app_names: Iterable[str]) -> dict[str, dict]:
    """CELERY_BEAT_SCHEDULE from the jobs of these apps' manifests (the settings call it with INSTALLED_APPS)."""
    schedule: dict[str, dict] = {}
    for manifest in load_manifests(app_names):
        for job in manifest.jobs:
            if job.name in schedule:
                raise ValueError(f"two jobs named {job.name!r}")
            if job.every is not None:
                when: Any = float(job.every)
            else:
                from celery.schedules import crontab

                when = crontab(**job.crontab)
            schedule[job.name] = {"task": job.task, "schedule": when}
    return schedule


def _cron_expression(job: Job) -> str:
    if job.crontab is not None:
        c = job.crontab
        return " ".join(str(c.get(k, "*")) for k in ("minute", "hour", "day_of_month", "month_of_year", "day_of_week"))
    minutes = max(1, round(job.every / 60))
    if minutes == 1:
        return "* * * * *"
    if minutes < 60:
        return f"*/{minutes} * * * *"
    hours = max(1, round(minutes / 60))
    if hours < 24:
        return "0 * * * *" if hours == 1 else f"0 */{hours} * * *"
    days = max(1, round(hours / 24))
    return "0 0 * * *" if days == 1 else f"0 0 */{days} * *"


def _period_seconds(job: Job) -> float:
    return job.every if job.every is not None else 24 * 3600.0


def cron_lines(jobs: Sequence[Job], program: str = "sunshine") -> list[str]:
    """crontab(5) lines that run the jobs' management commands without Redis: one line per command, at the
    shortest period of the jobs it serves, in the jobs' order."""
    best: dict[str, Job] = {}
    for job in jobs:
        if job.command and (job.command not in best or _period_seconds(job) < _period_seconds(best[job.command])):
            best[job.command] = job
    return [f"{_cron_expression(job)} {program} {command}" for command, job in best.items()]
