"""Government services in a real browser: real-name accounts (实名认证, issue #9). A citizen registered without an
identity number is refused the online application in Chinese with the way to verify → enters the identity number
(a wrong check character refused) → receives the SMS code (console gateway, read from the server log) → is back on
the application form."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_unverified_citizen_verifies_by_sms_and_applies(nojs_page, live_url, sms_code):
    page = nojs_page
    page.goto(live_url + "/register/")
    page.get_by_label("手机号码").fill("13933334444")
    page.get_by_label("姓名或单位名称").fill("刘实名")
    page.get_by_role("button", name="获取短信验证码").click()
    registration_code = sms_code("13933334444")
    page.get_by_label("短信验证码").fill(registration_code)
    page.get_by_label("密码", exact=True).fill("Sunny-day-2024")
    page.get_by_label("再次输入密码").fill("Sunny-day-2024")
    page.get_by_role("button", name="注册").click()
    assert page.url == live_url + "/my/"

    response = page.goto(live_url + "/zw/items/scjgj-001/apply/")
    assert response.status == 403
    expect(page.locator("#realname-required")).to_contain_text("网上申请须使用已实名认证的账户")
    page.get_by_role("link", name="去实名认证").click()
    expect(page.get_by_role("heading", name="网上办事实名认证")).to_be_visible()
    page.get_by_label("证件号码").fill("110105194912310021")  # a wrong check character
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("main")).to_contain_text("号码")
    expect(page.locator("#code-sent")).to_have_count(0)
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#code-sent")).to_contain_text("验证码已通过短信发送至 139****4444")
    code = sms_code("13933334444")
    deadline = time.monotonic() + 10
    while code == registration_code and time.monotonic() < deadline:  # the new SMS's line in the server log
        time.sleep(0.2)
        code = sms_code("13933334444")
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="完成认证").click()
    assert page.url == live_url + "/zw/items/scjgj-001/apply/"
    expect(page.get_by_role("heading", name="网上申请：营业执照核发（公司设立登记）")).to_be_visible()
    assert page.get_by_label("证件号码").input_value() == "11010519491231002X"
