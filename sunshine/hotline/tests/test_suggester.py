"""The department suggester (承办部门推荐): its contract (three suggestions, scores sorted in 0..1), the cold start from
the dispatch catalogue on an empty history, retraining on the dispatched history (the final lead after a
reassignment), 属地 matters resolved to the town named in the text, the API (login, capability, Chinese 400s), the
case page, the command and the periodic job."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sunshine.hotline import suggester
from sunshine.hotline.models import Matter, SuggesterModel, Ticket

from .conftest import at

pytestmark = pytest.mark.django_db
URL = "/api/v1/staff/hotline/suggest-department"


@pytest.fixture(autouse=True)
def _fresh_model():
    suggester.forget()
    yield
    suggester.forget()


@pytest.fixture
def catalogue(departments, town):
    """Four matters over three departments and the towns (属地)."""
    rows = [
        ("street-light", "城市路灯维修", "zjj", False, "路灯,照明,灯不亮", "小区门口路灯不亮\n晚上路灯一直没修"),
        ("property", "物业服务纠纷", "zjj", False, "物业,电梯,物业费", "电梯坏了物业不修\n物业费乱涨"),
        ("price", "价格收费", "fgw", False, "价格,收费,涨价,乱收费", "停车场乱收费\n菜价涨得厉害"),
        ("meeting", "政务公开与会议", "gkb", False, "会议,政府公报,政务公开", "政府公报在哪里看\n县政府常务会议开了吗"),
        ("village-road", "乡村道路", "zjj", True, "村道,坑洼,组级路", "村里道路坑洼\n通组公路没修完"),
    ]
    for code, name, lead, towns, keywords, examples in rows:
        Matter.objects.create(code=code, name=name, lead_department=departments[lead], town_handles=towns,
                              keywords=keywords, examples=examples)


def _history(departments, mailbox, rows):
    """Dispatched tickets (the history): (text, department code) pairs, bulk inserted."""
    Ticket.objects.bulk_create([
        Ticket(tracking_code=f"RX2026-H{n:07d}", verification_secret_hash="x", mailbox=mailbox, channel="phone",
               kind="complaint", title=text[:20], content=text, received_at=at(2026, 9, 1),
               dispatched_at=at(2026, 9, 1, 11), department=departments[code], status="closed")
        for n, (text, code) in enumerate(rows)])


def _check_contract(found):
    assert len(found) == 3
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len({s.department for s in found}) == 3


def test_cold_start_from_the_catalogue_on_an_empty_history(catalogue):
    assert not Ticket.objects.exists() and not SuggesterModel.objects.exists()
    found = suggester.suggest("我们小区门口的路灯坏了一个礼拜了，晚上黑漆漆的")
    _check_contract(found)
    assert found[0].department == "zjj" and found[0].name == "随县住房和城乡建设局"
    assert suggester.suggest("停车场收费太贵，乱收费")[0].department == "fgw"
    model = SuggesterModel.objects.get()  # trained once, on the catalogue, and stored
    assert model.source == "catalogue" and model.history_size == 0


def test_town_matters_go_to_the_town_named_in_the_text(catalogue):
    found = suggester.suggest("厉山镇烈山村的村道坑洼不平，下雨天没法走")
    assert found[0].department == "town-421321100"
    # no place named: the town class is dropped, the other departments are suggested
    assert all(not s.department.startswith("town-") for s in suggester.suggest("村道坑洼不平，下雨天没法走"))


def test_retraining_on_the_dispatched_history_changes_the_model(catalogue, departments, mailbox):
    text = "单位食堂的饭菜越来越难吃"
    first = suggester.train()
    before = suggester.suggest(text)
    assert first.source == "catalogue"
    _history(departments, mailbox, [("食堂饭菜难吃，伙食太差", "gkb"), ("机关食堂的饭菜又贵又难吃", "gkb"),
                                    ("食堂伙食质量差", "gkb")] * 4 + [("路灯不亮", "zjj"), ("停车乱收费", "fgw")] * 2)
    second = suggester.train(min_history=10)
    assert second.source == "history" and second.history_size == 16 and second.pk != first.pk
    after = suggester.suggest(text)  # the process reloads the newer model
    assert after[0].department == "gkb"
    assert [(s.department, s.score) for s in after] != [(s.department, s.score) for s in before]
    assert suggester._cache["pk"] == second.pk


def test_history_labels_are_the_final_lead_after_reassignment(catalogue, departments, mailbox):
    _history(departments, mailbox, [("小区电梯坏了", "fgw")] * 12)
    # a merged repeat is not dispatched history; an undispatched ticket has no label
    Ticket.objects.filter(pk=Ticket.objects.first().pk).update(status="merged")
    Ticket.objects.create(tracking_code="RX2026-NOTYET01", verification_secret_hash="x", mailbox=mailbox,
                          channel="web", kind="help", title="待派单", content="还没有派单", received_at=at(2026, 9, 2))
    _texts, labels, source, size = suggester.training_data(min_history=5)
    assert source == "history" and size == 11 and labels[:11] == ["fgw"] * 11


def test_only_the_newest_models_are_kept(catalogue):
    for _ in range(suggester.KEEP_MODELS + 2):
        suggester.train()
    assert SuggesterModel.objects.count() == suggester.KEEP_MODELS


def test_api_suggests_three_departments_for_the_operator(api_client, catalogue, operator):
    api_client.force_authenticate(operator)
    response = api_client.post(URL, {"text": "电梯坏了半个月物业不修"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert [set(s) for s in body["suggestions"]] == [{"department", "name", "score"}] * 3
    assert body["suggestions"][0]["department"] == "zjj"
    assert [s["score"] for s in body["suggestions"]] == sorted((s["score"] for s in body["suggestions"]),
                                                               reverse=True)


def test_api_refuses_without_login_or_capability(api_client, catalogue, make_staff, citizen):
    assert api_client.post(URL, {"text": "路灯不亮"}, format="json").status_code == 401
    api_client.force_authenticate(citizen)
    response = api_client.post(URL, {"text": "路灯不亮"}, format="json")
    assert response.status_code == 403 and "权限" in response.json()["detail"]
    api_client.force_authenticate(make_staff("nobody", department="fgw", role=""))
    assert api_client.post(URL, {"text": "路灯不亮"}, format="json").status_code == 403


@pytest.mark.parametrize("payload, message", [
    ({}, "请填写诉求内容"),
    ({"text": ""}, "不能为空"),
    ({"text": "   \n "}, "不能为空"),
    ({"text": "路" * (suggester.MAX_TEXT + 1)}, f"不能超过{suggester.MAX_TEXT}个字"),
    ({"text": ["路灯"]}, "须为文字"),
])
def test_api_answers_bad_text_in_chinese(api_client, catalogue, operator, payload, message):
    api_client.force_authenticate(operator)
    response = api_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert message in str(response.json())


def test_department_clerks_may_ask_too(api_client, catalogue, other_clerk):
    api_client.force_authenticate(other_clerk)
    assert api_client.post(URL, {"text": "物业费乱涨"}, format="json").status_code == 200


def test_case_page_shows_the_suggestions_to_the_office(client, catalogue, operator, other_clerk, submit,
                                                       departments):
    ticket = submit(title="电梯困人", content="我们小区的电梯三天两头坏，物业也不管")
    client.force_login(operator)
    page = client.get(ticket.get_staff_url()).content.decode()
    assert 'id="department-suggestions"' in page and "推荐承办部门" in page
    assert page.index("随县住房和城乡建设局", page.index('id="department-suggestions"')) > 0
    # a department does not get the office's suggestions
    from sunshine.hotline import services

    services.ticket_dispatch(ticket=ticket, department=departments["zjj"], actor=operator, at=at(2026, 9, 21, 10))
    client.force_login(other_clerk)
    assert 'id="department-suggestions"' not in client.get(ticket.get_staff_url()).content.decode()


def test_command_and_periodic_job(catalogue):
    from sunshine.core.manifest import manifest_of
    from sunshine.hotline.tasks import retrain_suggester_task

    out = io.StringIO()
    call_command("hotline_train_suggester", stdout=out)
    assert "部门推荐模型已训练" in out.getvalue() and SuggesterModel.objects.count() == 1
    jobs = {j.name: j for j in manifest_of("hotline").jobs}
    job = jobs["retrain-department-suggester"]
    assert job.task == "hotline.retrain_suggester" and job.command == "hotline_train_suggester"
    assert retrain_suggester_task.name == job.task
    assert retrain_suggester_task() == SuggesterModel.objects.order_by("-pk").first().pk


def test_call_screen_suggests_departments_while_the_operator_types(client, catalogue, operator):
    """The operator's call screen (来电受理) shows the same suggestions in its side panels, refreshed with the text."""
    client.force_login(operator)
    panels = client.get("/rx/staff/intake/call/panels/", {"title": "电梯", "content": "小区电梯坏了物业一直不修"})
    page = panels.content.decode()
    assert panels.status_code == 200 and 'id="department-suggestions"' in page
    assert page.index("随县住房和城乡建设局", page.index('id="department-suggestions"')) > 0
    empty = client.get("/rx/staff/intake/call/panels/", {"caller_phone": "13812345678"}).content.decode()
    assert 'id="department-suggestions"' not in empty


def test_nothing_to_learn_from_gives_no_suggestion(api_client, operator):
    assert not Matter.objects.exists()
    assert suggester.suggest("路灯不亮") == []
    api_client.force_authenticate(operator)
    response = api_client.post(URL, {"text": "路灯不亮"}, format="json")
    assert response.status_code == 200 and response.json() == {"suggestions": []}
