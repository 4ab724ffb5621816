"""The import contracts of pyproject.toml ([tool.importlinter], run by `make lint`): the project keeps them, every app
is in one of their groups, and a deliberate wrong-way import breaks them.

The breakages are shown on a tiny package tree written to a temporary folder (named `sunshine`, with the apps the
contracts name as empty packages), checked with the project's own contracts: nothing of the project is copied."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}

KERNEL = CONTRACTS["kernel"]["source_modules"]
DOMAINS = CONTRACTS["domains"]["modules"]
READ_SIDE = CONTRACTS["read-side"]["source_modules"]
SHELLS = CONTRACTS["portal"]["source_modules"]


def lint(cwd: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath or cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def test_every_app_is_in_exactly_one_group():
    apps = [name for name in settings.INSTALLED_APPS if name.startswith("sunshine.")]
    groups = [*KERNEL, *DOMAINS, *READ_SIDE, *SHELLS]
    assert sorted(groups) == sorted(set(groups)), "an app is in two groups"
    assert sorted(apps) == sorted(groups), "add the new app to the contracts in pyproject.toml"
    assert sorted(CONTRACTS["acyclic"]["ancestors"]) == sorted(apps)
    assert sorted(CONTRACTS["kernel"]["forbidden_modules"]) == sorted([*DOMAINS, *READ_SIDE, *SHELLS])


def test_the_project_keeps_its_contracts():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _write(root: Path, module: str, source: str = "") -> None:
    """Write `module` (dotted) under `root`, with the __init__.py of every package on the way."""
    *packages, name = module.split(".")
    folder = root
    for package in packages:
        folder = folder / package
        folder.mkdir(exist_ok=True)
        (folder / "__init__.py").touch()
    (folder / f"{name}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    """A package `sunshine` with every app of the contracts, and the few imports the contracts' ignore rules
    name (unmatched ignore rules are an error)."""
    for app in [*KERNEL, *DOMAINS, *READ_SIDE, *SHELLS]:
        _write(tmp_path, f"{app}.models")
    _write(tmp_path, "sunshine.reports.tests.conftest", "import sunshine.disclosure_requests.models\n"
           "import sunshine.publications.models\nimport sunshine.gov_services.models\n")
    _write(tmp_path, "sunshine.reports.views", "import sunshine.core.models\nimport sunshine.orgs.models\n")
    _write(tmp_path, "sunshine.publications.views", "import sunshine.portal.models\nimport sunshine.clocks.models\n")
    return tmp_path


def test_the_tiny_tree_keeps_the_contracts(tree):
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "source", "broken"), [
    ("sunshine.publications.cross", "import sunshine.participation.models\n", "Domain apps never import each other"),
    ("sunshine.clocks.selectors", "from sunshine.disclosure_requests import models\n",
     "The kernel imports no domain app"),
    ("sunshine.core.menu", "import sunshine.portal.models\n", "The kernel imports no domain app"),
    ("sunshine.reports.figures", "from sunshine.publications.models import *\n", "Reports read the kernel"),
    ("sunshine.portal.views", "import sunshine.participation.models\n", "The portal (shell) knows the apps"),
    ("sunshine.disclosure_requests.report", "import sunshine.reports.views\n", "No kernel, domain or shell"),
])
def test_a_wrong_way_import_breaks_make_lint(tree, module, source, broken):
    _write(tree, module, source)
    result = lint(tree)
    assert result.returncode == 1, result.stdout
    verdict = result.stdout.split(broken, 1)[1]  # the contract's line (a long name wraps) ends KEPT or BROKEN
    kept, broken_at = verdict.find("KEPT"), verdict.find("BROKEN")
    assert broken_at != -1 and (kept == -1 or broken_at < kept), result.stdout


def test_a_cycle_inside_an_app_breaks_make_lint(tree):
    _write(tree, "sunshine.notify.services", "from sunshine.notify import tasks\n")
    _write(tree, "sunshine.notify.tasks", "from sunshine.notify import services\n")
    result = lint(tree)
    assert result.returncode == 1 and "No cycles are allowed in sunshine.notify" in result.stdout, result.stdout
