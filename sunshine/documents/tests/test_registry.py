"""The registry of document kinds."""

from __future__ import annotations

import pytest

from sunshine.documents import registry
from sunshine.documents.registry import DocumentKind


def test_kinds_are_registered_and_restored():
    kind = DocumentKind(code="documents.test_registry", title="测试文书", template="x.html",
                        variants={"a": "甲"})
    assert registry.get(kind.code) is None
    with registry.registered(kind):
        assert registry.get(kind.code) is kind and registry.label(kind.code) == "测试文书"
        assert (kind.code, "测试文书（documents.test_registry）") in registry.choices()
        assert kind.template_name("a") == "x.html" and dict(kind.variants) == {"a": "甲"}
    assert registry.get(kind.code) is None and registry.label(kind.code) == kind.code


@pytest.mark.parametrize("code", ["reply", "Disclosure.reply", "disclosure..reply", "disclosure.reply-1"])
def test_a_code_is_dotted_lower_case(code):
    with pytest.raises(ValueError):
        DocumentKind(code=code, title="x")


def test_a_kind_needs_a_title():
    with pytest.raises(ValueError):
        DocumentKind(code="documents.untitled", title="")
