"""Kernel hardening: spreadsheet formula injection, XML-unsafe text, strict JSON, throttles, deploy settings."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from openpyxl import Workbook, load_workbook
from rest_framework.exceptions import ParseError

from sunshine.core.parsers import StrictJSONParser
from sunshine.core.text import spreadsheet_cell, xml_safe
from sunshine.core.throttling import FailureLimiter, SubmitThrottle, throttle_page

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'), ("\t=1", "'\t=1"), ("随县=1", "随县=1"),
    (12, 12), (-3, -3), (None, None), ("a\x1bb", "ab"),
])
def test_spreadsheet_cell_neutralises_formulas(value, expected):
    assert spreadsheet_cell(value) == expected


def test_neutralised_cells_are_stored_as_text_by_openpyxl():
    wb = Workbook()
    wb.active.append([spreadsheet_cell("=cmd|' /C calc'!A0"), spreadsheet_cell(-5)])
    buffer = io.BytesIO()
    wb.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows(values_only=False))
    assert row[0].data_type == "s" and row[0].value.startswith("'=") and row[1].value == -5


def test_xml_safe_keeps_text_and_drops_what_xml_cannot_hold():
    assert xml_safe("张\x00三\x1b\ufffe\ud800") == "张三"
    assert xml_safe("甲\x0b乙\x0c丙\t丁\r\n") == "甲\n乙\n丙\t丁\r\n"


def test_strict_json_parser_refuses_lone_surrogates():
    parser = StrictJSONParser()
    assert parser.parse(io.BytesIO(b'{"a": ["\\u4e2d"]}')) == {"a": ["中"]}
    for body in ('{"a": "\\ud800"}', '{"\\udc00": 1}', '[[{"x": "\\udfff"}]]'):
        with pytest.raises(ParseError):
            parser.parse(io.BytesIO(body.encode()))


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_throttles_are_off_when_the_rate_is_none(fresh_cache, db):
    with override_settings(SUNSHINE_THROTTLE_RATES={"public_submit": None}):
        page = throttle_page(SubmitThrottle)(lambda request: "ran")
        assert all(page(RequestFactory().post("/")) == "ran" for _ in range(50))


@override_settings(SUNSHINE_THROTTLE_RATES={"public_submit": "1/minute"})
def test_throttle_page_answers_429_in_chinese_with_retry_after(fresh_cache, db):
    page = throttle_page(SubmitThrottle)(lambda request: "ran")
    assert page(RequestFactory().post("/")) == "ran"
    assert page(RequestFactory().get("/")) == "ran"  # the submit throttle counts POSTs only
    over = page(RequestFactory().post("/"))
    assert over.status_code == 429 and "请求过于频繁" in over.content.decode() and int(over["Retry-After"]) >= 1
    assert page(RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")) == "ran"


@override_settings(SUNSHINE_FAILURE_LIMITS={"track": (2, 60)})
def test_failure_limiter_counts_failures_per_client(fresh_cache):
    limiter, request = FailureLimiter("track"), RequestFactory().post("/")
    assert not limiter.blocked(request)
    limiter.fail(request)
    limiter.fail(request)
    assert limiter.blocked(request) and not limiter.blocked(RequestFactory().post("/", REMOTE_ADDR="10.0.0.2"))
    limiter.reset(request)
    assert not limiter.blocked(request)


def _deploy_check(**extra) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SUNSHINE_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "sunshine.settings",
                "DJANGO_SECRET_KEY": "x7#Kp2@vQ9!mZ4$wL8^nB3&cR6*tY1" * 2,
                "DJANGO_DEBUG": "false", "SUNSHINE_DEMO": "false", "SUNSHINE_DATA_DIR": str(ROOT / "var")})
    env.update(extra)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--tag", "security"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    return result.stdout + result.stderr


def test_deploy_check_is_clean_with_the_documented_https_switches():
    """`manage.py check --deploy` with the HTTPS switches of .env.example on reports nothing."""
    out = _deploy_check(DJANGO_SECURE_COOKIES="true", DJANGO_SECURE_SSL_REDIRECT="true",
                        DJANGO_SECURE_HSTS_SECONDS="31536000", DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
                        DJANGO_SECURE_HSTS_PRELOAD="true", DJANGO_SECURE_PROXY_SSL_HEADER="true")
    assert "no issues" in out, out
    plain = _deploy_check()  # without them Django names exactly what is missing
    assert "security.W004" in plain and "security.W008" in plain and "security.W012" in plain


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1", "page=1&status=x%00"])
def test_nul_in_the_query_string_is_a_chinese_400_before_any_view(client, api_client, query):
    """Found on PostgreSQL: a NUL in ?status= reached a text filter and PostgreSQL raised DataError (500)."""
    page = client.get(f"/hd/echo-wall/?{query}")
    assert page.status_code == 400 and "请求参数包含无效的字符" in page.content.decode()
    api = api_client.get(f"/api/v1/topics/echo-wall?{query}")
    assert api.status_code == 400 and api.json() == {"detail": "请求参数包含无效的字符。", "code": "invalid_characters"}
    assert client.get("/hd/echo-wall/?q=%E4%B8%AD").status_code == 200


@pytest.mark.parametrize("typed", ["１３８ ００１３ ８０００", "+86 138-0013-8000", "0086１３８００１３８０００"])
def test_mobile_numbers_typed_with_full_width_forms_are_folded(typed):
    from sunshine.core.identity import normalize_mobile

    assert normalize_mobile(typed) == "13800138000"


@pytest.mark.parametrize("typed", ["13²00138000", "1380013800٠", "1380013800⑧"])
def test_mobile_numbers_with_lookalike_digits_are_refused(typed):
    """Only full-width forms are folded: NFKC would turn "²" or "⑧" into a digit nobody typed."""
    from django.core.exceptions import ValidationError

    from sunshine.core.identity import normalize_mobile

    with pytest.raises(ValidationError, match="手机号码无效"):
        normalize_mobile(typed)


def test_default_text_field_messages_say_what_is_wrong_in_plain_chinese():
    """A form without its own wording gets a correct message for a NUL character and for a too-long value."""
    from django import forms
    from django.core.exceptions import ValidationError as DjangoValidationError

    field = forms.CharField(max_length=5)
    with pytest.raises(DjangoValidationError) as nul:
        field.clean("ab\x00c")
    assert nul.value.messages == ["内容含有不可见的空字符（NUL），请删除后重新提交。"]
    with pytest.raises(DjangoValidationError) as long:
        field.clean("政府信息公开")
    assert long.value.messages == ["内容过长：最多 5 个字符，现有 6 个。"]
