"""Hostile file names: control and invisible characters never reach the download header or the database."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from sunshine.files.services import store_bytes
from sunshine.files.views import serve_stored_file

from . import samples

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,expected", [
    ("evil\r\nSet-Cookie: x=1.pdf", "evilSet-Cookie: x=1.pdf"),
    ("a\x00b.pdf", "ab.pdf"),
    ("答复\u202egpj.pdf", "答复gpj.pdf"),  # right-to-left override disguises the extension
    ("\u200b\u200b.pdf", ".pdf.pdf"),
    ('quote"and\\back.pdf', 'back.pdf'),
    ("\x1b\x07", "未命名文件.pdf"),
])
def test_file_names_are_cleaned_before_storing_and_serving(name, expected):
    """Found: "\\n" in an uploaded name (RFC 2231 filename*=…%0A) made the download raise BadHeaderError (500),
    and NUL made PostgreSQL refuse the row."""
    stored = store_bytes(data=samples.pdf_bytes(), name=name)
    assert stored.original_name == expected
    response = serve_stored_file(RequestFactory().get("/"), stored)
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition and "\x00" not in disposition


def test_html_file_name_is_escaped_where_listed(client, clerk):
    stored = store_bytes(data=samples.pdf_bytes(), name="<img src=x onerror=alert(1)>.pdf")
    from django.template import Context, Template

    html = Template("{{ f.original_name }}").render(Context({"f": stored}))
    assert "<img" not in html and "&lt;img" in html
