"""No English, no half-forms (issue #12 item 6): a crawl of the site as the public, a citizen and several staff roles
fails if any page shows an English sentence or a select box's "---------".

The crawl follows the links of each page from the home page, the workbench and 我的 (same site; not the admin, the
API, downloads, log-out or the font and script switches), opening at most `PER_PATTERN` pages of each URL shape
(digits stand for any number: two case pages, not forty) and at most `MAX_PAGES` per account. It reads what a reader
meets: the text, the title, placeholders, labels read aloud (`sunshine.core.testing.visible_text_and_links`), and
judges it with `english_in` (identifiers, codes, units and file names are fine; its own tests show which).
Error pages and form errors are reached on purpose: a missing page, a refused page, and forms submitted wrong.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from sunshine.core.testing import english_in, visible_text_and_links

pytestmark = pytest.mark.browser

PER_PATTERN = 2
MAX_PAGES = 100
SKIP = re.compile(r"^/(admin|api|static|media|logout|font-size|script)(/|$)|/pdf/|/docx/?$|/documents/\d+/"
                  r"|\.(xlsx|docx|pdf|csv)$|/export|/download|/feed")
ACCOUNTS = [None, "13800138000", "clerk", "reviewer", "officehead", "window", "desk", "hotline", "supervisor"]


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def _crawl(context, live_url: str, starts: list[str]) -> tuple[int, dict[str, list[str]]]:
    """(pages read, {path: English found}) over the site reachable from `starts`."""
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    queue = list(starts)
    found: dict[str, list[str]] = {}
    pages = 0
    while queue and pages < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        pattern = _pattern(path)
        if per_pattern.get(pattern, 0) >= PER_PATTERN:
            continue
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        response = context.request.get(live_url + path, max_redirects=5)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        pages += 1
        text, links = visible_text_and_links(response.text())
        english = english_in(text)
        if english:
            found[path] = english
        for href in links:
            target = urljoin(live_url + path, href)
            if not target.startswith(live_url):
                continue
            parts = urlsplit(target)
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or link in seen:
                continue
            queue.append(link)
    return pages, found


@pytest.mark.parametrize("username", ACCOUNTS, ids=lambda u: u or "anonymous")
def test_no_page_shows_english_or_dashes(page, live_url, login, username):
    if username:
        login(page, live_url, username)
    starts = ["/", "/no-such-page/", "/workbench/", "/my/", "/ysq/apply/", "/hd/", "/gk/"]
    pages, found = _crawl(page.context, live_url, starts)
    assert pages >= 25, f"the crawl read only {pages} pages"
    assert found == {}, "\n".join(f"{path}: {english}" for path, english in found.items())


def test_form_errors_are_chinese(page, live_url):
    """Wrong input through the forms: every message the user reads is Chinese (the password rules included)."""
    page.goto(live_url + "/register/")
    page.get_by_label("手机号码").fill("13911113333")
    page.get_by_label("姓名或单位名称").fill("王小明")
    page.get_by_label("密码", exact=True).fill("12345")
    page.get_by_label("再次输入密码").fill("12345")
    page.get_by_role("button", name="注册").click()
    errors = page.locator(".form-errors")
    expect(errors).to_contain_text("密码太短，至少需要 8 个字符")
    expect(errors).to_contain_text("密码不能全是数字")
    text, _links = visible_text_and_links(page.content())
    assert english_in(text) == []

    page.goto(live_url + "/ysq/apply/")
    page.get_by_label("电子邮箱（选填）").fill("not an address")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".form-errors")).to_contain_text("请填写申请人姓名或名称")
    text, _links = visible_text_and_links(page.content())
    assert english_in(text) == []


def test_labels_have_chinese_colons_and_required_marks(page, live_url):
    page.goto(live_url + "/ysq/apply/")
    label = page.locator("label[for=id_department]")
    expect(label).to_have_text("受理机关：")
    expect(label).to_have_class(re.compile(r"\brequired\b"))
    # the red * is drawn before the colon, outside the label's text
    star = label.locator(".label-suffix").evaluate("e => getComputedStyle(e, '::before').content")
    assert star == '"*"'
    expect(page.locator("label[for=id_email]")).not_to_have_class(re.compile(r"\brequired\b"))
    assert ":" not in page.locator("#apply-form").inner_text().replace("：", "")
