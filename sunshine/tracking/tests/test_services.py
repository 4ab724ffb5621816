"""Tracking codes, verification secrets and the lockout (公开查询)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from sunshine.tracking import services as tracking

STORED_KEY = "sunshine-test-key-for-stored-hashes-0123456789abcdef"
# Computed by the disclosure app's own hash_secret before the kernel existed, with STORED_KEY: rows stored then
# must keep verifying.
STORED_HASH = "86b0fc6f4492ee7173d68b7e725c28483924def145d08c3b9c5e12f61483003e"  # of "ABCD-EFGH-JKLM"


@override_settings(SECRET_KEY=STORED_KEY)
def test_a_hash_stored_before_the_kernel_still_verifies_in_namespace_ysq():
    assert tracking.hash_secret("ABCD-EFGH-JKLM", namespace="ysq") == STORED_HASH
    assert tracking.check_secret(STORED_HASH, "ABCD-EFGH-JKLM", namespace="ysq") is True
    assert tracking.check_secret(STORED_HASH, "ａｂｃｄ－ｅｆｇｈ－ｊｋｌｍ", namespace="ysq") is True  # full width
    assert tracking.check_secret(STORED_HASH, "abcd efgh jklm", namespace="ysq") is True
    assert tracking.check_secret(STORED_HASH, "ABCD-EFGH-JKLN", namespace="ysq") is False


@override_settings(SECRET_KEY=STORED_KEY)
def test_namespaces_keep_apps_apart():
    hotline = tracking.hash_secret("ABCD-EFGH-JKLM", namespace="rx")
    assert hotline != STORED_HASH
    assert tracking.check_secret(hotline, "ABCD-EFGH-JKLM", namespace="ysq") is False
    with pytest.raises(ValueError):
        tracking.hash_secret("x", namespace="")
    with pytest.raises(ValueError):
        tracking.hash_secret("x", namespace="YSQ-secret")


def test_empty_secrets_and_hashes_never_verify():
    assert tracking.check_secret(tracking.hash_secret("", namespace="ysq"), "", namespace="ysq") is False
    assert tracking.check_secret("", "ABCD", namespace="ysq") is False


def test_codes_and_secrets_use_unambiguous_alphabets():
    code = tracking.new_tracking_code("RX", 2027)
    assert re.fullmatch(r"RX2027-[A-HJ-NP-Z2-9]{8}", code) and not set(code[7:]) & set("IO01L")
    assert len(tracking.new_tracking_code("YSQ", 2026, length=10)) == len("YSQ2026-") + 10
    secret = tracking.new_secret()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", secret)
    assert len({tracking.new_secret() for _ in range(50)}) == 50
    for prefix in ("", "ysq", "Y1", "ABCDEFGHIJK"):
        with pytest.raises(ValueError):
            tracking.new_tracking_code(prefix, 2026)
    with pytest.raises(ValueError):
        tracking.new_tracking_code("YSQ", 2026, length=3)


def test_normalize_code_folds_what_people_type():
    assert tracking.normalize_code(" ｙｓｑ２０２６－７ｋｑ２\u200bmx4p\ufeff ") == "YSQ2026-7KQ2MX4P"
    assert tracking.normalize_code(None) == ""


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(SUNSHINE_FAILURE_LIMITS={"track": (3, 600)})
def test_the_lockout_counts_failures_per_client(fresh_cache):
    factory = RequestFactory()
    mine, theirs = factory.get("/", REMOTE_ADDR="10.0.0.1"), factory.get("/", REMOTE_ADDR="10.0.0.2")
    for _ in range(2):
        tracking.register_failure(mine)
    assert tracking.is_locked(mine) is False
    tracking.register_failure(mine)
    assert tracking.is_locked(mine) is True and tracking.is_locked(theirs) is False
    assert tracking.lockout_seconds() == 600
    assert tracking.is_locked(mine, key="13800138000") is False  # another key has its own counter
    tracking.clear_failures(mine)
    assert tracking.is_locked(mine) is False


@override_settings(SUNSHINE_FAILURE_LIMITS={"track": (0, 0)})
def test_a_limit_of_zero_switches_the_lockout_off(fresh_cache):
    request = RequestFactory().get("/")
    for _ in range(20):
        tracking.register_failure(request)
    assert tracking.is_locked(request) is False
