"""Kernel browser tests: the portal shell, login as clerk and citizen, registration, large font, scoping."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_shows_the_four_modules(page, live_url):
    page.goto(live_url + "/")
    assert page.title() == "首页 - 阳光政务"
    modules = page.locator(".module-card h3").all_inner_texts()
    assert modules == ["政府信息公开", "依申请公开", "办事服务", "互动交流"]
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()
    expect(page.get_by_role("searchbox", name="搜索政府信息")).to_be_visible()
    # the module and the menu lead to the same services hall (政务服务, /zw/): one menu entry, from its app
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="办事服务")).to_have_count(1)
    assert page.locator(".module-card").get_by_role("link", name="办事服务").get_attribute("href") == "/zw/"
    nav.get_by_role("link", name="办事服务").click()
    expect(page).to_have_url(live_url + "/zw/")
    expect(page.get_by_role("heading", name="办事服务", level=1)).to_be_visible()
    # the section still being built is an in-page anchor to a section that says what will come
    page.goto(live_url + "/")
    page.locator(".module-card").get_by_role("link", name="互动交流").click()
    expect(page.locator("#interaction").get_by_text("本栏目还将提供")).to_be_visible()


def test_home_fits_a_small_phone(browser, live_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_url + "/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font_size >= 18
    finally:
        context.close()


def test_clerk_logs_in_and_sees_the_workbench(page, live_url, login):
    login(page, live_url, "clerk")
    assert page.url == live_url + "/workbench/"
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
    identity = page.locator(".staff-identity").inner_text()
    assert "王经办" in identity and "经办人" in identity and "随县发展和改革局" in identity
    expect(page.get_by_role("link", name="示例时限：发改局演示事项")).to_be_visible()
    expect(page.get_by_text("示例时限：住建局演示事项")).to_have_count(0)


def test_citizen_logs_in_with_mobile_and_sees_my_page(page, live_url, login):
    login(page, live_url, "13800138000")
    assert page.url == live_url + "/my/"
    expect(page.get_by_role("heading", name="我的", exact=True)).to_be_visible()
    profile = page.locator("dl.facts").inner_text()
    assert "张三" in profile and "138****8000" in profile
    # a citizen has no workbench
    response = page.goto(live_url + "/workbench/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()


def test_registration_with_a_bad_resident_id_keeps_the_other_fields(nojs_page, live_url, sms_code):
    page = nojs_page
    page.goto(live_url + "/register/")
    page.get_by_label("手机号码").fill("13911112222")
    page.get_by_label("姓名或单位名称").fill("王小明")
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.locator(".messages")).to_contain_text("验证码已通过短信发送至 139****2222")
    assert page.get_by_label("姓名或单位名称").input_value() == "王小明"
    page.get_by_label("短信验证码").fill(sms_code("13911112222"))
    page.get_by_label("证件号码（可选）").fill("110105194912310021")  # wrong check digit
    page.get_by_label("密码", exact=True).fill("Sunny-day-2024")
    page.get_by_label("再次输入密码").fill("Sunny-day-2024")
    page.get_by_role("button", name="注册").click()
    assert page.url == live_url + "/register/"
    id_field = page.get_by_label("证件号码（可选）")
    assert id_field.get_attribute("aria-invalid") == "true"
    error_id = id_field.get_attribute("aria-describedby")
    expect(page.locator(f"#{error_id.split()[-1]}")).to_contain_text("证件号码无效")
    assert page.get_by_label("手机号码").input_value() == "13911112222"
    assert page.get_by_label("姓名或单位名称").input_value() == "王小明"
    assert id_field.input_value() == "110105194912310021"
    # corrected, the registration goes through and lands on the citizen page
    id_field.fill("11010519491231002X")
    page.get_by_label("密码", exact=True).fill("Sunny-day-2024")
    page.get_by_label("再次输入密码").fill("Sunny-day-2024")
    page.get_by_role("button", name="注册").click()
    assert page.url == live_url + "/my/"
    expect(page.locator("dl.facts")).to_contain_text("110105********002X")


def test_large_font_toggle_works_without_javascript(nojs_page, live_url):
    page = nojs_page
    page.goto(live_url + "/")
    before = page.locator("h1").bounding_box()["height"]
    page.get_by_role("link", name="大字版").click()
    assert page.url == live_url + "/"
    assert "font-large" in page.locator("body").get_attribute("class")
    assert page.locator("h1").bounding_box()["height"] > before
    page.goto(live_url + "/login/")  # the choice is remembered across pages
    assert "font-large" in page.locator("body").get_attribute("class")
    page.get_by_role("link", name="标准字号").click()
    assert page.url == live_url + "/login/"
    assert "font-large" not in (page.locator("body").get_attribute("class") or "")


def test_clerk_cannot_open_another_departments_clock(page, live_url, login):
    login(page, live_url, "clerk2")  # 住建局: finds its own sample clock in its list of clocks (most urgent first)
    page.goto(live_url + "/clocks/")
    link = page.get_by_role("link", name="示例时限：住建局演示事项")
    while not link.count():
        next_page = page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页")
        expect(next_page).to_be_visible()
        current = page.url
        next_page.click()
        expect(page).not_to_have_url(current)
    href = link.get_attribute("href")
    assert re.fullmatch(r"/clocks/\d+/", href)
    assert page.goto(live_url + href).status == 200
    page.context.clear_cookies()
    login(page, live_url, "clerk")  # 发改局
    response = page.goto(live_url + href)
    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    assert "住建局演示事项" not in page.content()


def test_staff_logout(page, live_url, login):
    login(page, live_url, "reviewer")
    page.locator(".staff-identity").get_by_role("button", name="退出").click()
    assert page.url == live_url + "/"
    expect(page.get_by_text("您已安全退出")).to_be_visible()
    page.goto(live_url + "/workbench/")
    assert page.url.startswith(live_url + "/login/")
