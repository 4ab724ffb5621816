"""`sunshine serve` refuses demo mode, debug and weak keys; stored files are never served from /media/."""

from __future__ import annotations

import secrets

import pytest

from sunshine import cli
from sunshine.core.secret_key import secret_key_problem

STRONG = secrets.token_urlsafe(48)


@pytest.mark.parametrize(("key", "problem"), [
    ("", "未设置"),
    ("insecure-demo-only-key-never-use-in-production", "示例或演示用"),
    ("django-insecure-" + "a1b2c3d4" * 6, "示例或演示用"),
    ("k" * 20, "太短"),
    ("ab" * 40, "重复"),
    ("abcdefghijklmnopq" * 3, "重复"),
    ("0123456789" + "a" * 45, "不同字符太少"),
    ("0123456789abcdefgh" + "a" * 40, "随机性不足"),
])
def test_weak_keys_are_named(key, problem):
    assert problem in secret_key_problem(key)


# Keys are made inside the test (ids fixed at collection: every xdist worker must collect the same tests).
GENERATORS = {
    "token_urlsafe": lambda: STRONG,
    "token_hex": lambda: secrets.token_hex(32),
    "django_style": lambda: "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)")
                                    for _ in range(50)),
}


@pytest.mark.parametrize("generator", sorted(GENERATORS))
def test_generated_keys_pass(generator):
    for _ in range(20):
        key = GENERATORS[generator]()
        assert secret_key_problem(key) == "", key


@pytest.mark.parametrize(("environ", "refusal"), [
    ({"SUNSHINE_DEMO": "1", "DJANGO_SECRET_KEY": STRONG}, "SUNSHINE_DEMO 已开启"),
    ({"SUNSHINE_DEMO": "true", "DJANGO_SECRET_KEY": STRONG}, "SUNSHINE_DEMO 已开启"),
    ({"DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": STRONG}, "DJANGO_DEBUG 已开启"),
    ({}, "未设置 DJANGO_SECRET_KEY"),
    ({"DJANGO_SECRET_KEY": "short"}, "太短"),
])
def test_serve_refuses_to_start(monkeypatch, capsys, environ, refusal):
    for name in ("SUNSHINE_DEMO", "DJANGO_DEBUG", "DJANGO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cli.os, "execv", lambda *a: pytest.fail("gunicorn must not start"))
    assert cli.serve([]) == 2
    assert refusal in capsys.readouterr().err


def test_serve_starts_gunicorn_with_a_strong_key_and_no_demo(monkeypatch):
    for name in ("SUNSHINE_DEMO", "DJANGO_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", STRONG)
    started = []
    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    monkeypatch.setattr(cli.os, "execv", lambda exe, command: started.append(command))
    monkeypatch.setenv("SUNSHINE_REQUEST_TIMEOUT", "25")
    cli.serve(["--bind", "127.0.0.1:9999", "--workers", "3"])
    assert started and "gunicorn" in started[0] and "127.0.0.1:9999" in started[0]
    assert started[0][started[0].index("--timeout") + 1] == "25"  # the time any request may take


@pytest.mark.django_db
def test_stored_files_are_never_served_from_media(client, settings, tmp_path):
    """Found: a receipt letter was downloadable from /media/ with no login (demo mode served MEDIA_ROOT)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    assert settings.DEMO  # the test settings run in demo mode, where /media/ used to be served
    name = default_storage.save("letters/receipt-test.docx", ContentFile(b"PK\x03\x04 a letter"))
    try:
        response = client.get(f"/media/{name}")
        assert response.status_code == 404 and b"a letter" not in response.content
    finally:
        default_storage.delete(name)
