"""Portal shell: home, large-font switch, error pages, citizen page, staff workbench."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sunshine.clocks.services import clock_start
from sunshine.portal.context_processors import FONT_COOKIE, nav_section

# --- public pages --------------------------------------------------------------------------------


def test_home_has_four_modules_search_and_landmarks(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for module in ["政府信息公开", "依申请公开", "办事服务", "互动交流"]:
        assert module in html
    assert 'action="/gk/search/"' in html and 'name="q"' in html
    assert '<html lang="zh-CN">' in html and 'name="viewport"' in html
    assert 'href="#main"' in html and "<main" in html and "<footer" in html and 'aria-label="主导航"' in html
    # 办事服务 is the government-services app; the section still being built is an anchor to a section that exists
    assert '<a class="card-link" href="/zw/">办事服务</a>' in html and 'id="services"' not in html
    assert '<a class="card-link" href="#interaction">互动交流</a>' in html and 'id="interaction"' in html
    assert 'aria-current="page">首页' in html


def test_home_nav_for_anonymous_citizen_and_staff(client, citizen, clerk):
    assert reverse("portal:login") in client.get("/").content.decode()
    client.force_login(citizen)
    html = client.get("/").content.decode()
    assert f'href="{reverse("portal:my")}"' in html and reverse("portal:logout") in html
    client.force_login(clerk)
    assert f'href="{reverse("portal:workbench")}"' in client.get("/").content.decode()


def test_large_font_switch_sets_cookie_and_body_class(client, db):
    response = client.get(reverse("portal:font-size"), {"size": "large", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert response.cookies[FONT_COOKIE].value == "large"
    html = client.get("/login/").content.decode()
    assert 'class="font-large' in html and "标准字号" in html
    response = client.get(reverse("portal:font-size"), {"size": "normal", "next": "/"})
    assert response.cookies[FONT_COOKIE].value == ""
    assert 'class="font-large' not in client.get("/").content.decode()


def test_large_font_switch_refuses_offsite_redirect(client, db):
    response = client.get(reverse("portal:font-size"), {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")


def test_404_page_is_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_nav_section():
    assert nav_section("/") == "home"
    assert nav_section("/gk/items/3/") == "gk"
    assert nav_section("/workbench/") == "workbench"
    assert nav_section("/admin/") == ""


# --- citizen page ---------------------------------------------------------------------------------


def test_my_page_masks_numbers(client, citizen):
    citizen.id_type, citizen.id_number = "resident_id", "11010519491231002X"
    citizen.save()
    client.force_login(citizen)
    html = client.get(reverse("portal:my")).content.decode()
    assert "110105********002X" in html and "138****8000" in html
    assert "11010519491231002X" not in html and "13800138000" not in html.replace('href="', "")
    assert "张三" in html


def test_my_page_requires_login_and_sends_staff_to_workbench(client, clerk):
    response = client.get(reverse("portal:my"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    client.force_login(clerk)
    assert client.get(reverse("portal:my"))["Location"] == reverse("portal:workbench")


# --- staff workbench ------------------------------------------------------------------------------


def _start(department, *, days_ago: int, label: str, limit: int = 20):
    return clock_start(kind="test.sample", subject=department, department=department,
                       started_on=timezone.localdate() - dt.timedelta(days=days_ago), limit_days=limit, label=label)


def test_workbench_access_rules(client, citizen, clerk):
    response = client.get(reverse("portal:workbench"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    client.force_login(citizen)
    response = client.get(reverse("portal:workbench"))
    assert response.status_code == 403
    assert "工作台仅供工作人员使用" in response.content.decode()
    client.force_login(clerk)
    assert client.get(reverse("portal:workbench")).status_code == 200


def test_workbench_shows_own_department_clocks_most_urgent_first(client, clerk, departments):
    late = _start(departments["fgw"], days_ago=60, label="超期的事项")
    fresh = _start(departments["fgw"], days_ago=1, label="刚受理的事项")
    soon = _start(departments["fgw"], days_ago=20, label="较早受理的事项")
    other = _start(departments["zjj"], days_ago=60, label="住建局的事项")
    client.force_login(clerk)
    response = client.get(reverse("portal:workbench"))
    html = response.content.decode()
    assert "随县发展和改革局" in html and "经办人" in html and "王经办" in html
    assert html.index("超期的事项") < html.index("较早受理的事项") < html.index("刚受理的事项")
    assert "住建局的事项" not in html
    # a Department has no page of its own: the row links to the clock's explanation page
    assert f'href="/clocks/{late.pk}/"' in html and f'href="/clocks/{fresh.pk}/"' in html
    assert f"/clocks/{other.pk}/" not in html
    assert [r["clock"].pk for r in response.context["rows"]] == [late.pk, soon.pk, fresh.pk]
    assert "红牌" in html  # the deadline chip


def test_workbench_query_count_does_not_grow_with_clocks(client, clerk, departments, django_assert_max_num_queries):
    client.force_login(clerk)
    _start(departments["fgw"], days_ago=3, label="一")
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("portal:workbench"))
    for i in range(8):
        _start(departments["fgw"], days_ago=i, label=f"事项{i}")
    with django_assert_max_num_queries(30) as second:
        client.get(reverse("portal:workbench"))
    assert len(second.captured_queries) == len(first.captured_queries)


def test_staff_header_shows_identity_and_post_logout(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("portal:workbench")).content.decode()
    assert 'aria-label="工作导航"' in html
    for link in ['href="/clocks/"', 'href="/privacy/"', 'href="/notifications/"']:
        assert link in html
    assert 'method="post" action="/logout/"' in html and "csrfmiddlewaretoken" in html
    assert "/admin/" not in html  # not a superuser


@pytest.mark.parametrize("role", ["经办人", "窗口人员", "集中受理台", "话务员", "监察", "政务公开办负责人"])
def test_staff_menu_lists_only_sections_the_role_may_open(client, make_staff, role):
    """The menu showed 点题公开 to window clerks and 扫描 to the desk, hotline and supervisors: each a 403."""
    user = make_staff("staff_user", department="fgw", role=role)
    client.force_login(user)
    html = client.get(reverse("portal:workbench")).content.decode()
    nav = html[html.index('aria-label="工作导航"'):html.index("</nav>", html.index('aria-label="工作导航"'))]
    for url in ("/hd/staff/topics/", "/clocks/", "/privacy/"):
        status = client.get(url).status_code
        assert status in (200, 403), (role, url, status)
        assert (f'href="{url}"' in nav) == (status == 200), (role, url, status)

@pytest.mark.parametrize("username", ["admin_user"])
def test_superuser_sees_admin_link(client, make_staff, username):
    admin = make_staff(username, is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert 'href="/admin/"' in client.get(reverse("portal:workbench")).content.decode()


# --- sections other apps declare in their manifests ---------------------------------------------


def test_manifest_sections_fill_home_my_and_workbench(client, citizen, clerk, monkeypatch):
    import types

    from sunshine.portal import views

    fake = types.SimpleNamespace(
        home_latest=lambda limit: [{"label": f"公告{i}", "url": f"/gk/{i}/", "note": "2026-01-05"}
                                   for i in range(limit + 3)],
        my_sections=lambda user: [{"title": "我的申请", "url": "/ysq/my/", "description": "",
                                   "items": [{"label": f"{user.real_name}的申请", "url": "/ysq/my/1/", "note": ""}]}],
        workbench_sections=lambda user: [{"title": "待办申请", "url": "/ysq/staff/", "description": "示例",
                                          "items": []}],
    )
    fields = {"home_sections": fake.home_latest, "my_sections": fake.my_sections,
              "workbench_sections": fake.workbench_sections}
    monkeypatch.setattr(views, "hooks", lambda name: [("fake", fields[name])])
    html = client.get("/").content.decode()
    assert "公告0" in html and f"公告{views.HOME_LATEST_LIMIT - 1}" in html
    assert f"公告{views.HOME_LATEST_LIMIT}" not in html
    assert "placeholder-note" not in html.split("latest-title")[1][:400]
    client.force_login(citizen)
    assert "张三的申请" in client.get(reverse("portal:my")).content.decode()
    client.force_login(clerk)
    html = client.get(reverse("portal:workbench")).content.decode()
    assert "待办申请" in html and 'href="/ysq/staff/"' in html
