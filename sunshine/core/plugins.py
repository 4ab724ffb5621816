"""Find per-app hook modules (`demo.py`, `seed.py`, `roles.py`) in installed Sunshine apps, in INSTALLED_APPS order."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> Iterator[tuple[str, ModuleType]]:
    for config in apps.get_app_configs():
        if not config.name.startswith("sunshine."):
            continue
        dotted = f"{config.name}.{module_name}"
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        yield config.label, module


def merged_mapping(module_name: str, attribute: str) -> dict:
    """The dictionaries `attribute` of every app's `module_name` module merged, in INSTALLED_APPS order (the
    per-app registries: `audit_labels.LABELS`, `clock_kinds.KINDS`)."""
    merged: dict = {}
    for _label, module in app_modules(module_name):
        merged.update(getattr(module, attribute))
    return merged
