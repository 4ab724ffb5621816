"""JSON API: public list/detail shapes, staff drafts with token auth, the gate and the chain through the API."""

import pytest
from rest_framework.authtoken.models import Token

from sunshine.publications import services
from sunshine.publications.models import Publication
from sunshine.publications.tests.conftest import MOBILE, RESIDENT_ID, txt
from sunshine.publications.workflow import Status

pytestmark = pytest.mark.django_db


def _token(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


def test_public_list_shape_and_filters(api_client, draft, publish):
    p = publish(draft(document_number="随发改发〔2026〕7号"))
    publish(draft(title="另一条"))
    data = api_client.get("/api/v1/publications/").json()
    assert data["count"] == 2
    row = next(r for r in data["results"] if r["index_number"] == p.index_number)
    assert {"index_number", "title", "document_number", "department", "published_at", "url"} <= set(row)
    assert row["document_number"] == "随发改发〔2026〕7号"
    assert row["department"] == "随县发展和改革局"
    assert row["url"] == f"http://testserver/gk/i/{p.pk}/"
    assert api_client.get("/api/v1/publications/", {"department": "zjj"}).json()["count"] == 0
    assert api_client.get("/api/v1/publications/", {"category": "social_security", "genre": "notice"}).json()[
        "count"] == 2
    assert api_client.get("/api/v1/publications/", {"year": "abc"}).status_code == 400


def test_public_list_search(api_client, draft, publish):
    p = publish(draft(title="关于香菇产业扶持资金的公示"))
    publish(draft(title="其他通知"))
    data = api_client.get("/api/v1/publications/", {"q": "香菇"}).json()
    assert data["count"] == 1 and data["results"][0]["index_number"] == p.index_number
    assert data["count_exact"] is True


def test_capped_search_count_says_so(api_client, draft, publish, settings):
    settings.SEARCH_COUNT_CAP = 2
    for i in range(4):
        publish(draft(title=f"香菇产业扶持资金公示（第{i}批）"))
    data = api_client.get("/api/v1/publications/", {"q": "香菇"}).json()
    assert data["count_exact"] is False and data["count"] >= 2


def test_public_detail_by_index_number_is_masked(api_client, draft, publish):
    p = publish(draft(f"身份证 {RESIDENT_ID}"))
    data = api_client.get(f"/api/v1/publications/{p.index_number}").json()
    assert data["index_number"] == p.index_number
    assert data["body"] == "身份证 421321********0033"
    assert data["table"] is None and data["attachments"] == []
    unpublished = draft()
    assert api_client.get(f"/api/v1/publications/{unpublished.index_number}").status_code == 404


def test_public_detail_of_withdrawn_item_gives_the_reason(api_client, draft, publish, office_head):
    p = publish(draft())
    services.publication_withdraw(publication=p, actor=office_head, reason="内容有误")
    data = api_client.get(f"/api/v1/publications/{p.index_number}").json()
    assert data["status"] == "withdrawn" and data["reason"] == "内容有误" and "body" not in data


def test_staff_api_draft_attach_submit(api_client, clerk):
    _token(api_client, clerk)
    response = api_client.post("/api/v1/publications/drafts/", {
        "title": "关于临时救助的公示", "category": "social_security", "genre": "notice", "created_on": "2026-11-02",
        "body": f"身份证 {RESIDENT_ID}"}, format="json")
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["status"] == "draft" and item["department"] == "fgw"
    response = api_client.post(f"/api/v1/publications/drafts/{item['id']}/attachments",
                               {"file": txt("名单.txt", f"手机 {MOBILE}")}, format="multipart")
    assert response.status_code == 201
    data = api_client.post(f"/api/v1/publications/drafts/{item['id']}/submit").json()
    assert data["status"] == "submitted" and data["unresolved_findings"] == 2
    assert sorted(f["kind"] for f in data["findings"]) == ["mobile", "resident_id"]


def test_api_refuses_to_publish_with_unresolved_findings(api_client, draft, clerk, reviewer):
    p = draft(f"手机 {MOBILE}")
    services.publication_submit(publication=p, actor=clerk)
    _token(api_client, reviewer)
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/approve")
    assert response.status_code == 400 and "未处理" in response.json()["detail"]
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/publish")
    assert response.status_code == 409  # not approved: the chain cannot be skipped
    finding = p.findings.get()
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/findings/{finding.pk}",
                               {"resolution": "keep"}, format="json")
    assert response.status_code == 400 and "理由" in response.json()["detail"]
    api_client.post(f"/api/v1/publications/drafts/{p.pk}/findings/{finding.pk}", {"resolution": "mask"},
                    format="json")
    api_client.post(f"/api/v1/publications/drafts/{p.pk}/approve")
    api_client.post(f"/api/v1/publications/drafts/{p.pk}/approve")
    # a finding re-opened (e.g. scanner found it again unresolved) must block publication
    finding.refresh_from_db()
    finding.resolution = ""
    finding.save()
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/publish")
    assert response.status_code == 400
    assert response.json()["code"] == "unresolved_findings" and "不能发布" in response.json()["detail"]
    assert Publication.objects.get(pk=p.pk).status == Status.APPROVED
    api_client.post(f"/api/v1/publications/drafts/{p.pk}/findings/{finding.pk}", {"resolution": "mask"},
                    format="json")
    data = api_client.post(f"/api/v1/publications/drafts/{p.pk}/publish").json()
    assert data["status"] == "published"


def test_clerk_cannot_publish_through_the_api(api_client, draft, clerk, reviewer):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    _token(api_client, clerk)
    assert api_client.post(f"/api/v1/publications/drafts/{p.pk}/approve").status_code == 403
    services.publication_approve(publication=p, actor=reviewer)
    services.publication_approve(publication=Publication.objects.get(pk=p.pk), actor=reviewer)
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/publish")
    assert response.status_code == 403 and "权限" in response.json()["detail"]
    assert Publication.objects.get(pk=p.pk).status == Status.APPROVED


def test_staff_api_needs_auth_and_scope(api_client, draft, other_clerk):
    p = draft()
    assert api_client.post("/api/v1/publications/drafts/", {}, format="json").status_code == 401
    _token(api_client, other_clerk)
    assert api_client.get(f"/api/v1/publications/drafts/{p.pk}").status_code == 404
    assert api_client.post(f"/api/v1/publications/drafts/{p.pk}/submit").status_code == 404


def test_draft_validation_errors_are_chinese(api_client, clerk):
    _token(api_client, clerk)
    response = api_client.post("/api/v1/publications/drafts/", {"title": "", "category": "nope"}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == "提交的数据有误，请检查。"


@pytest.mark.parametrize("body", [[1, 2], {"comment": "意见\x00"}, {"comment": "长" * 2001},
                                  {"reason": "\x00"}, {"publish_at": "明天"}, {"publish_at": ["2026-12-01"]}])
@pytest.mark.parametrize("action", ["approve", "return", "withdraw", "publish"])
def test_staff_actions_refuse_a_malformed_body_in_chinese_and_change_nothing(api_client, draft, clerk, reviewer,
                                                                            action, body):
    """An office system's bad body (a JSON list, a NUL, an over-long note, a date that is not one) is a 400 with a
    Chinese message naming the field, never a 500 (PostgreSQL refuses NUL in text), and the item is untouched."""
    p = draft("正文")
    services.publication_submit(publication=p, actor=clerk)
    _token(api_client, reviewer)
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/{action}", body, format="json")
    assert response.status_code == 400, response.content
    answer = response.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["detail"])
    if isinstance(body, dict):
        assert set(answer["errors"]) == set(body)
    assert Publication.objects.get(pk=p.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(("body", "field"), [({"resolution": "keep", "justification": "理由\x00"}, "justification"),
                                             ({"resolution": "keep", "justification": "长" * 2001}, "justification"),
                                             ({"resolution": ["keep"]}, "resolution"), ({}, "resolution")])
def test_finding_api_refuses_a_malformed_body(api_client, draft, clerk, reviewer, body, field):
    p = draft(f"手机 {MOBILE}")
    services.publication_submit(publication=p, actor=clerk)
    _token(api_client, reviewer)
    finding = p.findings.get()
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/findings/{finding.pk}", body, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    finding.refresh_from_db()
    assert finding.resolution == ""
