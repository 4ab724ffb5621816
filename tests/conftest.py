"""Fixtures shared by the cross-app tests in this folder (the apps' own tests use the root conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The page cache, count cache and throttle counters live in the process-wide cache: each test starts empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(departments, roles):
    """Departments fgw, zjj and gkb of the root conftest, plus the county government office zfb (默认受理机关)."""
    from sunshine.orgs.models import Department

    departments["zfb"] = Department.objects.create(code="zfb", name="随县人民政府办公室", short_name="县政府办",
                                                   division=departments["fgw"].division)
    return departments
