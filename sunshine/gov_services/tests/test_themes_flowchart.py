"""Public catalogue by theme and life event, for persons and companies; the API's theme and audience filters; the
flow chart drawn from the item's steps."""

from __future__ import annotations

import pytest

from sunshine.gov_services.flowchart import flow_chart
from sunshine.gov_services.models import ServiceItem, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(make_item):
    start = Theme.objects.create(code="c-start", name="企业开办", kind="life_event", audience="company")
    birth = Theme.objects.create(code="p-birth", name="出生", kind="life_event", audience="person")
    build = Theme.objects.create(code="c-build", name="工程建设", kind="theme", audience="company")
    a = make_item()
    b = make_item("fgw-002", "生育登记", on_the_spot=True, steps=[], special=[])
    c = make_item("zjj-001", "建筑工程施工许可证核发", department="zjj", special=[])
    ServiceItem.objects.filter(pk=a.pk).update(audience="company")
    ServiceItem.objects.filter(pk=b.pk).update(audience="person")
    a.themes.add(start)
    b.themes.add(birth)
    c.themes.add(build)
    return {"start": start, "birth": birth, "build": build, "a": a, "b": b, "c": c}


def test_person_and_company_pages_and_a_life_event(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        body = client.get("/zw/?audience=person").content.decode()
    assert "生育登记" in body and "企业投资项目核准" not in body
    assert "建筑工程施工许可证核发" in body  # an item for both appears for persons and companies
    assert "出生（1）" in body and "企业开办" not in body
    body = client.get("/zw/?audience=company").content.decode()
    assert "企业投资项目核准" in body and "生育登记" not in body and "企业开办（1）" in body and "工程建设（1）" in body
    body = client.get("/zw/themes/c-start/").content.decode()
    assert "法人办事：企业开办" in body and "企业投资项目核准" in body and "建筑工程施工许可证核发" not in body
    assert client.get("/zw/themes/nope/").status_code == 404
    body = client.get("/zw/themes/c-build/?q=施工").content.decode()
    assert "共 1 个事项" in body


def test_api_filters_by_theme_and_audience(client, catalogue):
    codes = [r["code"] for r in client.get("/api/v1/services/items/?audience=person").json()["results"]]
    assert codes == ["fgw-002", "zjj-001"]
    rows = client.get("/api/v1/services/items/?theme=c-start").json()["results"]
    assert [(r["code"], r["audience"]) for r in rows] == [("fgw-001", "company")]
    assert client.get("/api/v1/services/items/?audience=alien").status_code == 400
    assert client.get("/api/v1/services/items/?theme=%00").status_code == 400


def test_flow_chart_from_the_steps_and_special_procedures(client, catalogue):
    item = catalogue["a"]
    chart = flow_chart(item, item.current_version)
    titles = [b.title for b in chart["boxes"]]
    assert titles[:3] == ["申请", "集中受理台登记", "窗口受理"]
    assert titles.index("审查") < titles.index("决定") < titles.index("制证") < titles.index("送达")
    special = {b.title: b.note for b in chart["boxes"] if b.kind == "special"}
    assert special == {"专家评审": "约10个工作日，不计入办理时限", "公示": "约5个工作日，计入办理时限"}
    notes = {b.title: b.note for b in chart["boxes"]}
    assert notes["审查"] == "窗口人员，5个工作日" and notes["办结"] == "承诺10个工作日，法定20个工作日"
    # boxes never overlap
    boxes = chart["boxes"]
    for i, b in enumerate(boxes):
        for o in boxes[i + 1:]:
            assert b.right <= o.x or o.right <= b.x or b.bottom <= o.y or o.bottom <= b.y, (b.title, o.title)
    assert max(b.bottom for b in boxes) <= chart["height"]
    # the guide page draws it inline, without script
    body = client.get(f"/zw/items/{item.code}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and "企业投资项目核准权力运行流程图" in body
    assert "<script>" not in body and "onclick" not in body
    spot = flow_chart(catalogue["b"], catalogue["b"].current_version)
    assert [b.title for b in spot["boxes"] if b.kind != "side"][-2:] == ["受理并当场办结", "办结"]


def test_odd_parameters_never_break_the_public_pages(client, catalogue):
    for url in ["/zw/?audience=%00", "/zw/?audience=" + "x" * 3000, "/zw/?q=%00&type=nope&department=" + "d" * 500,
                "/zw/themes/c-start/?audience=person&q=" + "长" * 500, "/zw/themes/" + "t" * 300 + "/",
                "/zw/themes/%F0%9F%98%80/"]:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
    assert "企业投资项目核准" in client.get("/zw/themes/c-start/?audience=person").content.decode()
