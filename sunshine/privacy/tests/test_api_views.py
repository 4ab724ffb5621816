import pytest
from django.urls import reverse

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.privacy import services
from sunshine.privacy.models import MaskingDecision
from sunshine.privacy.scanner import scan

ID_X = "11010519491231002X"
URL = "/api/v1/privacy/scan"


@pytest.mark.django_db
def test_api_scan_returns_masked_findings_without_raw_value(api_client, clerk):
    api_client.force_authenticate(clerk)
    response = api_client.post(URL, {"text": f"身份证{ID_X}，电话13812345678"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["findings"] == [
        {"kind": "resident_id", "label": "居民身份证号码", "start": 3, "end": 21, "masked": "110105********002X"},
        {"kind": "mobile", "label": "手机号码", "start": 24, "end": 35, "masked": "138****5678"},
    ]
    assert ID_X not in response.content.decode()
    assert "13812345678" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["经办人", "审核人", "政务公开办负责人", "窗口人员"])
def test_roles_with_the_capability(api_client, make_staff, role):
    api_client.force_authenticate(make_staff(f"u-{role}", role=role))
    assert api_client.post(URL, {"text": "无"}, format="json").status_code == 200


@pytest.mark.django_db
def test_api_refuses_citizens_anonymous_and_roles_without_capability(api_client, citizen, make_staff):
    assert api_client.post(URL, {"text": "x"}, format="json").status_code in (401, 403)
    api_client.force_authenticate(citizen)
    assert api_client.post(URL, {"text": "x"}, format="json").status_code == 403
    api_client.force_authenticate(make_staff("hotline", role="话务员"))
    assert api_client.post(URL, {"text": "x"}, format="json").status_code == 403


@pytest.mark.django_db
def test_api_text_too_long(api_client, clerk):
    api_client.force_authenticate(clerk)
    response = api_client.post(URL, {"text": "字" * (services.MAX_SCAN_CHARS + 1)}, format="json")
    assert response.status_code == 400
    assert "文本过长" in response.content.decode()


@pytest.mark.django_db
def test_scan_page_highlights_masked_findings(client, clerk):
    client.force_login(clerk)
    assert client.get("/privacy/").status_code == 200
    response = client.post("/privacy/", {"text": f"秘密★1年\n身份证{ID_X}"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共发现 <strong>2</strong> 处" in html
    assert '<mark class="finding finding-resident_id"' in html and "110105********002X" in html
    assert '<mark class="finding finding-secret_marking"' in html


@pytest.mark.django_db
def test_scan_page_access(client, citizen):
    response = client.get("/privacy/")
    assert response.status_code == 302
    client.force_login(citizen)
    assert client.get("/privacy/").status_code == 403


@pytest.mark.django_db
def test_scan_page_empty_text_shows_chinese_error(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("privacy:scan"), {"text": ""})
    assert "请输入要扫描的文本。" in response.content.decode()


@pytest.mark.django_db
def test_decisions_resolve_findings_by_value_not_offset(clerk, citizen):
    target = citizen  # any model instance works as the target
    findings = scan(f"身份证{ID_X}，电话13812345678")
    assert services.unresolved_findings(target=target, findings=findings) == findings

    decision = services.decide(target=target, finding=findings[0], decision="mask", actor=clerk)
    assert ID_X not in decision.value_digest and decision.masked == "110105********002X"
    moved = scan(f"前面加了字。身份证{ID_X}，电话13812345678")
    assert [f.kind for f in services.unresolved_findings(target=target, findings=moved)] == ["mobile"]
    assert AuditEvent.objects.filter(action="privacy.decide", target_id=str(target.pk)).count() == 1

    with pytest.raises(DomainError) as exc:
        services.decide(target=target, finding=findings[1], decision="justify", actor=clerk)
    assert exc.value.message == "选择保留时必须说明理由。"
    services.decide(target=target, finding=findings[1], decision="justify", reason="本人同意公开联系电话", actor=clerk)
    assert services.unresolved_findings(target=target, findings=moved) == []
    # Deciding again replaces the decision, never duplicates it.
    services.decide(target=target, finding=findings[0], decision="remove", actor=clerk)
    assert MaskingDecision.objects.count() == 2


@pytest.mark.django_db
def test_decide_needs_the_capability(citizen):
    [finding] = scan(ID_X)
    with pytest.raises(CapabilityRequired):
        services.decide(target=citizen, finding=finding, decision="mask", actor=citizen)
