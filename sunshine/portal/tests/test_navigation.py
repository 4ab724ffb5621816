"""The menus come from the apps' manifests: for every demo account, exactly the entries it may open, each of which
answers 200 for it; an entry whose capability or predicate fails is not shown."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from sunshine.accounts.demo import DEMO_ACCOUNTS
from sunshine.accounts.models import User

pytestmark = pytest.mark.django_db

# 办事服务 is the government-services app's catalogue (/zw/), in the place of the home page's module (no second entry).
PUBLIC = [("首页", "/"), ("政府信息公开", "/gk/"), ("依申请公开", "/ysq/"), ("办事服务", "/zw/"),
          ("互动交流", "/hd/"), ("书记县长信箱", "/rx/"), ("热线知识库", "/rx/kb/")]
WORKBENCH = [("工作台", "/workbench/")]
GK, YSQ, REPORT = ("主动公开", "/gk/staff/"), ("依申请公开", "/ysq/staff/"), ("年报统计", "/ysq/staff/report/")
TOPICS, CLOCKS, SCAN = ("点题公开", "/hd/staff/topics/"), ("时限", "/clocks/"), ("扫描", "/privacy/")
INBOX, ADMIN, HOME = ("通知", "/notifications/"), ("管理", "/admin/"), ("门户首页", "/")
RX, RXD = ("热线工单", "/rx/staff/"), ("热线承办", "/rx/staff/department/")
RXCALL, RXKB = ("来电受理", "/rx/staff/call/"), ("热线知识库", "/rx/staff/kb/")
RXIND = ("热线考核", "/rx/staff/indicators/")
ZWDESK, ZWWIN = ("集中受理台", "/zw/staff/desk/"), ("窗口办件", "/zw/staff/window/")
ZWTASKS, ZWAGENT = ("并联审批", "/zw/staff/tasks/"), ("代办项目", "/zw/staff/agent/")
ZWSUP, ZWGUIDE = ("政务服务监察", "/zw/staff/supervision/"), ("办事指南", "/zw/staff/guides/")

# The menus of every demo account (sunshine/accounts/demo.py), as the manifests' roles grant them: the hotline's
# 热线工单 to the operator (dispatch), 热线承办 to the departments' clerks and reviewers; the government services'
# 集中受理台 to the central desk (register), 窗口办件 and 并联审批 (parallel tasks) to the window clerk and the
# departments' clerks and reviewers, 代办项目 to the agents (代办员), 政务服务监察 to the supervisor and the
# office head (view_integrity_flags), 办事指南 to whoever drafts or approves guides (window clerk, clerks, reviewers,
# the office head); 来电受理 and 热线工单 to the operator, 热线知识库 to its writers and reviewers, 热线考核
# (indicators and briefs) to the office and whoever sees every department.
STAFF_MENUS = {
    "admin": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXCALL, RX, RXD, RXKB, RXIND, CLOCKS, ZWDESK, ZWWIN, ZWTASKS,
              ZWAGENT, ZWSUP, ZWGUIDE, SCAN, INBOX, ADMIN, HOME],
    "clerk": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXD, RXKB, CLOCKS, ZWWIN, ZWTASKS, ZWGUIDE, SCAN, INBOX, HOME],
    "reviewer": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXD, RXKB, CLOCKS, ZWWIN, ZWTASKS, ZWGUIDE, SCAN, INBOX, HOME],
    "clerk2": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXD, RXKB, CLOCKS, ZWWIN, ZWTASKS, ZWGUIDE, SCAN, INBOX, HOME],
    "officehead": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXKB, RXIND, CLOCKS, ZWSUP, ZWGUIDE, SCAN, INBOX, HOME],
    "window": [*WORKBENCH, GK, YSQ, REPORT, CLOCKS, ZWWIN, ZWTASKS, ZWGUIDE, SCAN, INBOX, HOME],
    "desk": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXIND, CLOCKS, ZWDESK, INBOX, HOME],
    "hotline": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXCALL, RX, RXKB, RXIND, CLOCKS, INBOX, HOME],
    "supervisor": [*WORKBENCH, GK, YSQ, REPORT, TOPICS, RXIND, CLOCKS, ZWSUP, INBOX, HOME],
}
PUBLIC_MENUS = {
    None: [*PUBLIC, ("登录", "/login/"), ("注册", "/register/")],
    "13800138000": [*PUBLIC, ("我的", "/my/"), INBOX],
    **{username: [*PUBLIC, *WORKBENCH] for username in STAFF_MENUS},
}


def _entries(html: str, label: str) -> list[tuple[str, str]]:
    nav = re.search(rf'<nav class="site-nav[^"]*" aria-label="{label}">(.*?)</nav>', html, re.S).group(1)
    return [(re.sub(r"<span.*?</span>", "", text).strip(), href)
            for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _opens(client, url: str) -> int:
    """The status of the page the entry leads to (after a redirect such as /hd/ → its first page); a redirect to
    the sign-in page does not count as opening it."""
    response = client.get(url.split("#")[0], follow=True)
    if any(target.startswith("/login/") for target, _status in response.redirect_chain):
        return 401
    return response.status_code


def test_every_demo_account_sees_its_menus_and_each_entry_opens(client, demo):
    assert {u for u, _name, _role, _dept, _window, kind in DEMO_ACCOUNTS if kind == "staff"} == set(STAFF_MENUS)
    for username, expected_public in PUBLIC_MENUS.items():
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        shown = _entries(client.get("/").content.decode(), "主导航")
        assert shown == expected_public, username
        for label, url in shown:
            assert _opens(client, url) == 200, (username, label, url)
        if username in STAFF_MENUS:
            shown = _entries(client.get("/workbench/").content.decode(), "工作导航")
            assert shown == STAFF_MENUS[username], username
            for label, url in shown:
                assert _opens(client, url) == 200, (username, label, url)


def test_entries_follow_capabilities_not_role_names(client, make_staff):
    """A staff member with no role and no department: only what any staff member may open."""
    bare = make_staff("bare", department=None, role="")
    client.force_login(bare)
    shown = _entries(client.get("/workbench/").content.decode(), "工作导航")
    assert shown == [*WORKBENCH, GK, YSQ, INBOX, HOME]
    for label, url in shown:
        assert _opens(client, url) == 200, label
    for _label, url in [REPORT, TOPICS, CLOCKS, SCAN, ADMIN]:
        assert client.get(url).status_code in (302, 403, 404), url


def test_unread_badge_and_current_section(client, clerk):
    from sunshine.notify.services import notify

    notify(channel="inbox", subject="测试", body="正文", user=clerk)
    client.force_login(clerk)
    html = client.get("/clocks/").content.decode()
    assert '<a href="/clocks/" aria-current="page">时限</a>' in html
    assert '通知 <span class="count" aria-label="1 条未读">1</span>' in html


def test_menu_of_an_inactive_capability_holder_is_empty_of_it(clerk):
    from sunshine.portal.context_processors import menu

    assert ("时限", "/clocks/") in [(i["label"], i["url"]) for i in menu(clerk, "staff")]
    clerk.is_active = False
    assert "/clocks/" not in [i["url"] for i in menu(clerk, "staff")]
