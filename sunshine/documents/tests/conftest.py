"""A document kind of the kernel's own tests (the kernel knows no domain app): a notice about a department."""

from __future__ import annotations

import pytest

from sunshine.documents.registry import DocumentKind, registered

NOTICE = "documents.test_notice"


def sample_context() -> dict:
    return {"addressee": "张三", "received_on": "2026年3月2日", "tracking_code": "RX2026-ABCD2345",
            "due_on": "2026年3月16日", "items": ["身份证明"], "signature": "随县发展和改革局", "date": "2026年3月3日"}


@pytest.fixture
def notice_kind():
    kind = DocumentKind(code=NOTICE, title="办理告知书", template="documents/examples/notice.html",
                        variants={"urgent": "加急", "plain": "普通"}, sample_context=sample_context)
    with registered(kind):
        yield kind


@pytest.fixture
def subject(departments):
    return departments["fgw"]  # any saved model stands in for a case


@pytest.fixture
def context():
    return sample_context()
