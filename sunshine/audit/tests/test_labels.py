"""Every action code the code base records has a Chinese label for the trails staff read."""

import re
from pathlib import Path

from sunshine.audit.labels import action_label

ROOT = Path(__file__).resolve().parents[2]


def test_every_literal_action_code_has_a_label():
    codes = set()
    for path in ROOT.rglob("*.py"):
        if "/tests/" in str(path):
            continue
        codes |= set(re.findall(r'\baction="([a-z_]+(?:\.[a-z_]+)+)"', path.read_text(encoding="utf-8")))
    assert codes, "the pattern found no action codes"
    missing = sorted(code for code in codes if action_label(code) == code)
    assert missing == []


def test_computed_codes_have_labels():
    """The kernel's computed codes; each domain's computed codes are checked by its own test_manifest.py."""
    for kind in ["start", "pause", "resume", "restart", "extend", "stop", "recompute"]:
        assert action_label(f"clock.{kind}") != f"clock.{kind}"


def test_unknown_code_is_shown_as_is():
    assert action_label("something.new") == "something.new"
