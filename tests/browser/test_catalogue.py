"""The public catalogue (公开目录) and search in Chromium (issue 12 item 8): filters by year, department, category and
genre; the page count and the jump to a page; search by document number; the synonym dictionary (低保 finds what
最低生活保障 finds). And the reviewer's page (item 7): readable findings table, the suspect resident ID finding,
labels above their text areas and buttons beside them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _rows(page):
    return page.locator("table.catalogue-table tbody tr.catalogue-row")


def _total(page) -> int:
    return int(re.search(r"共 (\d+) 条", page.locator("main").inner_text()).group(1))


def test_catalogue_filters_by_year_department_category_and_genre(page, live_url):
    page.goto(f"{live_url}/gk/catalogue/")
    expect(page.get_by_role("columnheader", name="索引号")).to_be_visible()
    everything = _total(page)
    assert everything > 300
    year = page.get_by_label("年份").locator("option").nth(1).get_attribute("value")  # the newest year

    page.get_by_label("年份").select_option(year)
    page.get_by_label("发布机构").select_option(label="随县民政局")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("main")).to_contain_text(f"（{year} 年）")
    expect(page).to_have_url(re.compile(rf"year={year}.*department=mzj"))
    by_year_and_department = _total(page)
    assert 0 < by_year_and_department < everything
    expect(_rows(page)).to_have_count(min(by_year_and_department, 20))
    for i in range(_rows(page).count()):
        row = _rows(page).nth(i)
        expect(row.locator("td").nth(2)).to_have_text("随县民政局")
        expect(row.locator("td").nth(4)).to_contain_text(f"{year}-")
    # the form shows what is filtered
    expect(page.get_by_label("年份")).to_have_value(year)
    expect(page.get_by_label("发布机构")).to_have_value("mzj")

    page.get_by_label("主题分类").select_option(label="社会保障")
    page.get_by_label("体裁分类").select_option(label="通知公告")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_label("体裁分类")).to_have_value("notice")
    narrowed = _total(page)
    assert narrowed <= by_year_and_department
    expect(_rows(page)).to_have_count(min(narrowed, 20))
    if narrowed:
        first = _rows(page).first.locator("a")
        title = first.inner_text()
        first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("main")).to_contain_text("社会保障")
        expect(page.locator("main")).to_contain_text("通知公告")
        page.go_back()

    page.get_by_role("link", name="清除筛选").click()
    expect(page.locator("main")).to_contain_text(f"共 {everything} 条")


def test_catalogue_page_count_and_jump_to_a_page(page, live_url):
    page.goto(f"{live_url}/gk/catalogue/")
    total = _total(page)
    pages = -(-total // 20)
    expect(page.get_by_text(f"第 1 / {pages} 页")).to_be_visible()
    first_page_titles = _rows(page).locator("a").all_inner_texts()

    page.get_by_label("跳转到第").fill("3")
    page.get_by_role("button", name="跳转").click()
    expect(page).to_have_url(re.compile(r"page=3"))
    expect(page.get_by_text(f"第 3 / {pages} 页")).to_be_visible()
    expect(_rows(page)).to_have_count(20)
    assert set(_rows(page).locator("a").all_inner_texts()).isdisjoint(first_page_titles)

    page.get_by_role("link", name="末页").click()
    expect(page.get_by_text(f"第 {pages} / {pages} 页")).to_be_visible()
    expect(_rows(page)).to_have_count(total - (pages - 1) * 20)
    expect(page.get_by_role("link", name="下一页")).to_have_count(0)

    # the jump keeps the filters
    page.goto(f"{live_url}/gk/catalogue/?category=social_security")
    filtered = _total(page)
    filtered_pages = -(-filtered // 20)
    assert filtered_pages >= 2
    page.get_by_label("跳转到第").fill("2")
    page.get_by_role("button", name="跳转").click()
    expect(page).to_have_url(re.compile(r"category=social_security.*page=2"))
    expect(page.get_by_text(f"第 2 / {filtered_pages} 页")).to_be_visible()
    expect(page.get_by_label("主题分类")).to_have_value("social_security")


def test_search_by_document_number_and_index_number_finds_the_item(page, live_url):
    page.goto(f"{live_url}/gk/catalogue/?genre=document")
    row = _rows(page).first
    title = row.locator("a").inner_text()
    index_number = row.locator("td").nth(0).inner_text()
    document_number = row.locator("td").nth(3).inner_text()
    assert "〔" in document_number
    for query in (document_number, document_number.replace("〔", "[").replace("〕", "]"), index_number):
        page.get_by_label("按索引号、文号或标题查找").fill(query)
        page.get_by_role("button", name="查找").click()
        first = page.locator("ol.search-results > li").first
        expect(first.locator("h2")).to_contain_text(title)
        expect(first).to_contain_text("索引号或文号一致")
        page.goto(f"{live_url}/gk/catalogue/?genre=document")


def test_synonym_search_dibao_finds_what_the_full_term_finds(page, live_url):
    def found(query: str) -> tuple[int, list[str]]:
        page.goto(f"{live_url}/gk/search/")
        page.get_by_label("检索词").fill(query)
        page.get_by_role("button", name="检索", exact=True).click()
        status = page.get_by_role("status").filter(has_text="共找到")
        expect(status).to_be_visible()
        total = int(re.search(r"共找到 (\d+)", status.inner_text()).group(1))
        return total, page.locator("ol.search-results h2 a").all_inner_texts()

    full_total, full_titles = found("最低生活保障")
    assert full_total > 5
    short_total, short_titles = found("低保")
    assert short_total == full_total  # the same matches (the first page may rank them differently)
    if full_total <= 20:
        assert sorted(short_titles) == sorted(full_titles)
    expect(page.locator("ol.search-results mark").filter(has_text="最低生活保障").first).to_be_visible()
    social, _ = found("社会保险")
    assert found("社保")[0] >= social


def test_reviewer_page_is_readable_and_flags_a_suspect_resident_id(page, live_url, login):
    login(page, live_url, "reviewer")
    page.goto(f"{live_url}/gk/staff/")
    page.get_by_role("link", name="关于2026年度城乡居民临时救助对象的公示").click()
    table = page.locator("table.findings")
    expect(table).to_be_visible()
    suspect = table.locator("tbody.finding").filter(has_text="疑似身份证号")
    expect(suspect).to_have_count(1)
    expect(suspect).to_contain_text("421321********0416")
    # columns keep readable widths: the context is wider than a few characters, the kind fits on one line
    context = suspect.locator("td.finding-context").bounding_box()
    kind = suspect.locator("td.finding-kind").bounding_box()
    assert context["width"] > 180 and kind["width"] > 80
    kind_fits = suspect.locator("td.finding-kind").evaluate(
        "el => getComputedStyle(el).whiteSpace === 'nowrap' && el.scrollWidth <= el.clientWidth")
    assert kind_fits  # one line, not squeezed to one character per line
    # label above the reason field, the button beside the form's fields
    form = suspect.locator("form.finding-form")
    label = form.locator("label", has_text="保留理由").bounding_box()
    field = form.get_by_label(re.compile("保留理由")).bounding_box()
    button = form.get_by_role("button", name="确定").bounding_box()
    assert label["y"] + label["height"] <= field["y"] + 1
    assert button["x"] >= field["x"] + field["width"] - 1 and abs(button["y"] - field["y"]) < field["height"]
    # the approve form: label above its text area, button to its right
    approve = page.locator("form.action-form").filter(has=page.get_by_role("button", name="保密审查通过"))
    label = approve.locator("label").bounding_box()
    area = approve.locator("textarea").bounding_box()
    button = approve.get_by_role("button", name="保密审查通过").bounding_box()
    assert label["y"] + label["height"] <= area["y"] + 1
    assert button["x"] >= area["x"] + area["width"] - 1
    # the suspect ID must be resolved like any other finding
    expect(page.get_by_text("尚有 4 处未处理")).to_be_visible()
    suspect.get_by_label("遮盖").check()
    with page.expect_navigation():
        suspect.get_by_role("button", name="确定").click()
    expect(page.get_by_text("尚有 3 处未处理")).to_be_visible()
    expect(page.locator("tbody.finding").filter(has_text="疑似身份证号")).to_contain_text("遮盖")
