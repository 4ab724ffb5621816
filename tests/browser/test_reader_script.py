"""The reader toggle 简/繁 in Chromium, with and without JavaScript: a citizen switches the site to traditional
characters on the home page, reads an item in traditional (lang="zh-Hant"), searches with a traditional query,
finds the item, and switches back."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sunshine.core.chinese_script import has_traditional, to_simplified

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_fixture", ["page", "nojs_page"])
def test_citizen_reads_and_searches_in_traditional_then_switches_back(request, page_fixture, live_url):
    page = request.getfixturevalue(page_fixture)
    page.goto(live_url + "/")
    root = page.locator("html")
    expect(root).to_have_attribute("lang", "zh-CN")
    toggle = page.get_by_role("group", name="简繁切换")

    # 1. 繁體 on the home page: the page comes back in traditional characters
    toggle.get_by_role("link", name="繁體").click()
    expect(root).to_have_attribute("lang", "zh-Hant")
    expect(toggle.get_by_role("link", name="繁體")).to_have_attribute("aria-current", "true")
    expect(page.locator(".module-card h3")).to_have_text(["政府信息公開", "依申請公開", "辦事服務", "互動交流"])
    expect(page.get_by_role("heading", name="最新公開")).to_be_visible()

    # 2. an item page in traditional, its index number as it is
    latest = page.locator("section[aria-labelledby='latest-title'] .item-list a").first
    title = latest.inner_text()
    assert has_traditional(title), title
    latest.click()
    expect(page.locator("h1.article-title")).to_have_text(title)
    expect(root).to_have_attribute("lang", "zh-Hant")
    item_path = urlsplit(page.url).path
    index_cell = page.locator(".meta-table tr:first-child td[translate='no']")  # 索引号 (文号 is also left unconverted)
    index_number = index_cell.inner_text()

    # 3. search with a traditional query (the title as a reader of seed 002 would type it) finds the item
    page.goto(live_url + "/gk/search/")
    query = title[:30]
    page.get_by_label("檢索詞").fill(query)
    page.get_by_role("button", name="檢索", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("共找到")
    found = page.locator(f".search-results a[href='{item_path}']").first
    expect(found).to_have_text(title)
    expect(page.get_by_label("檢索詞")).to_have_value(query)  # the reader's own text, not converted

    # 4. back to 简体: the same results in simplified characters, and the item too
    page.get_by_role("group", name="简繁切换").get_by_role("link", name="简体").click()
    expect(root).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("status")).to_contain_text("共找到")
    found = page.locator(f".search-results a[href='{item_path}']").first
    expect(found).to_have_text(to_simplified(title))
    found.click()
    expect(page.locator("h1.article-title")).to_have_text(to_simplified(title))
    expect(page.locator(".meta-table tr:first-child td[translate='no']")).to_have_text(index_number)
    assert to_simplified(title) != title
