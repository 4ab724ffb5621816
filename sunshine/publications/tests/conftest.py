"""Fixtures for proactive-disclosure tests: reference data comes from the data migration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

RESIDENT_ID = "421321198503120033"  # valid check digit (GB 11643), 随县
MOBILE = "13871234567"


@pytest.fixture(autouse=True)
def _clear_cache():
    """The public page cache and the count cache live in the (process-wide) cache: start each test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer_fgw", department="fgw", role="审核人", real_name="孙审核")


@pytest.fixture
def category(db):
    from sunshine.publications.models import Category

    return Category.objects.get(code="social_security")


@pytest.fixture
def genre(db):
    from sunshine.publications.models import Genre

    return Genre.objects.get(code="notice")


@pytest.fixture
def draft(clerk, category, genre):
    from sunshine.publications.services import publication_create_draft

    def _make(body="关于城乡居民基本养老保险缴费的通知正文。", *, title="关于做好城乡居民养老保险缴费工作的通知",
              actor=None, **kwargs):
        created_on = kwargs.pop("created_on", timezone.localdate() - dt.timedelta(days=2))
        return publication_create_draft(actor=actor or clerk, title=title, category=kwargs.pop("category", category),
                                        genre=kwargs.pop("genre", genre), created_on=created_on, body=body, **kwargs)

    return _make


@pytest.fixture
def publish(reviewer):
    """Run an item through the whole chain with the fgw reviewer; resolves findings with `resolution`."""
    from sunshine.publications import services
    from sunshine.publications.workflow import Status

    def _publish(p, *, resolution="mask", publish_at=None):
        if p.status in (Status.DRAFT, Status.RETURNED):
            services.publication_submit(publication=p, actor=reviewer)
        for f in p.findings.filter(is_current=True, resolution=""):
            services.finding_resolve(finding=f, actor=reviewer, resolution=resolution,
                                     justification="依法应予公开" if resolution == "keep" else "")
        services.publication_approve(publication=p, actor=reviewer)
        p.refresh_from_db()
        if p.status == Status.LEGALITY_REVIEW:
            services.publication_approve(publication=p, actor=reviewer)
        services.publication_publish(publication=p, actor=reviewer, publish_at=publish_at)
        p.refresh_from_db()
        return p

    return _publish


def txt(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def xlsx(rows, name="table.xlsx") -> SimpleUploadedFile:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
