"""The counter (窗口、集中受理台): the window clerk and the central desk register a walk-in disclosure application
from their workbench, see it in their own queue, and open it read-only (issue #12 item 4)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _register_walk_in(page, *, department: str, town_filter: str | None, name: str, description: str) -> str:
    """Fill the entry form opened from the workbench; return the tracking code shown after registering."""
    page.get_by_role("link", name="登记申请", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("登记政府信息公开申请"))).to_be_visible()
    page.get_by_label("申请渠道").select_option(label="当面提交")
    if town_filter:
        # the department list is grouped and filtered by typing (portal/select-filter.js)
        page.get_by_role("searchbox", name=re.compile("输入名称筛选")).fill(town_filter)
        expect(page.get_by_label("受理机关")).to_have_value(re.compile("town-"))
    page.get_by_label("受理机关").select_option(label=department)
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("申请人姓名/名称").fill(name)
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("通信地址").fill("随县厉山镇神农大道1号")
    page.get_by_label("所需政府信息的名称、文号或特征描述").fill(description)
    page.get_by_label("获取方式").select_option(label="自行领取")
    page.get_by_role("button", name="登记", exact=True).click()
    message = page.locator(".messages").get_by_text(re.compile("已登记，查询码"))
    expect(message).to_be_visible()
    code = re.search(r"查询码 (YSQ[\w-]+)", message.inner_text()).group(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    return code


def test_window_clerk_registers_a_walk_in_application(page, live_url, login):
    login(page, live_url, "window")
    expect(page.get_by_role("heading", name="窗口受理工作台", level=1)).to_be_visible()
    expect(page.get_by_text("办理本窗口的政务服务办件")).to_be_visible()
    expect(page.get_by_role("navigation", name="工作导航").get_by_role("link", name="窗口办件")).to_be_visible()
    # the to-do list holds the clocks of the window's own department (its government-services applications 办件),
    # not the county's clocks
    todo = page.locator("section", has=page.get_by_role("heading", name="我的待办"))
    expect(todo.get_by_role("link", name=re.compile(r"^ZW\d{4}-")).first).to_be_visible()
    departments = todo.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert departments and set(departments) == {"随县市场监督管理局"}, departments
    expect(todo.get_by_text("示例时限：发改局")).to_have_count(0)
    expect(page.get_by_role("heading", name="我登记的依申请公开申请")).to_be_visible()

    code = _register_walk_in(page, department="厉山镇人民政府", town_filter="厉山镇人民",
                             name="孙窗口申请人", description="2026年厉山镇农村公路养护资金安排")
    # read-only: the window clerk registered it for a town and may read it, but handles nothing
    expect(page.get_by_text("厉山镇人民政府").first).to_be_visible()
    expect(page.get_by_role("button", name="作出答复")).to_have_count(0)

    page.get_by_role("navigation", name="工作导航").get_by_role("link", name="工作台").click()
    queue = page.locator("section", has=page.get_by_role("heading", name="我登记的依申请公开申请"))
    expect(queue.get_by_role("link", name=code)).to_be_visible()
    expect(queue).to_contain_text("当面提交")


def test_central_desk_registers_for_a_department_and_sees_its_queue(page, live_url, login):
    login(page, live_url, "desk")
    expect(page.get_by_role("heading", name="集中受理台工作台", level=1)).to_be_visible()
    # the desk sees every department's cases (its cross-department duty) but its workbench is not their clock list
    expect(page.get_by_role("link", name="示例时限：发改局演示事项")).to_have_count(0)

    code = _register_walk_in(page, department="随县住房和城乡建设局", town_filter=None,
                             name="钱受理申请人", description="随县2026年保障性住房分配名单")
    page.get_by_role("navigation", name="工作导航").get_by_role("link", name="依申请公开").click()
    page.get_by_label("只看我登记的").check()
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_label("只看我登记的")).to_be_checked()
    rows = page.locator("#request-list tbody tr")
    expect(rows.first.get_by_role("link", name=code)).to_be_visible()
    expect(rows.first).to_contain_text("住建局")


def test_hotline_and_supervisor_workbenches_say_what_they_are(page, live_url, login):
    login(page, live_url, "hotline")
    expect(page.get_by_role("heading", name="12345热线话务工作台", level=1)).to_be_visible()
    # the hotline app exists: the purpose names its work, and its queue is on the workbench
    expect(page.locator("main .lead")).to_contain_text("派单、退单审核、答复审核与回访")
    expect(page.get_by_text("热线模块上线后")).to_have_count(0)
    queue = page.locator("section", has=page.get_by_role("heading", name="12345热线", exact=True))
    expect(queue.get_by_role("link", name="待派单")).to_be_visible()
    queue.get_by_role("link", name="待派单").click()
    expect(page).to_have_url(live_url + "/rx/staff/?status=received")
    page.context.clear_cookies()
    login(page, live_url, "supervisor")
    expect(page.get_by_role("heading", name="电子监察工作台", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="全县办理时限")).to_be_visible()
    # the county's most urgent clocks, of several departments (the demo cases' and the overdue sample)
    todo = page.locator("section", has=page.get_by_role("heading", name="全县办理时限"))
    expect(todo.get_by_role("link", name="示例时限：发改局逾期事项")).to_be_visible()
    departments = set(todo.locator("tbody tr td:nth-child(2)").all_inner_texts())
    assert {"随县发展和改革局", "随县住房和城乡建设局"} <= departments and len(departments) >= 3, departments
