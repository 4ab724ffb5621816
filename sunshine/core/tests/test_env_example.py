"""Every environment variable the settings read is documented in .env.example, and vice versa."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_env_example_matches_settings():
    source = (ROOT / "sunshine" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:\benv(?:\.\w+)?|\b_rate)\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert read, "no variables found: the pattern is wrong"
    assert read - documented == set(), "undocumented variables"
    assert documented - read == set(), "documented but never read"


def test_env_example_documents_the_https_and_rate_limit_switches():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert {"DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_HSTS_SECONDS", "DJANGO_SECURE_PROXY_SSL_HEADER",
            "SUNSHINE_THROTTLE_SUBMIT", "SUNSHINE_THROTTLE_TRACK", "SUNSHINE_TRACK_MAX_FAILURES"} <= documented
