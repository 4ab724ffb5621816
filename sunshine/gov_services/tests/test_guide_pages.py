"""Staff pages of the catalogue: the list (queries), the editor with its rows, submit, approve, return, the .xlsx
export and the import with its row errors."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from sunshine.gov_services import catalogue, catalogue_xlsx
from sunshine.gov_services.models import ServiceItemVersion, VersionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(make_staff):
    return make_staff("drafter_fgw", department="fgw", role="经办人", real_name="钱起草")


@pytest.fixture
def approver(make_staff):
    return make_staff("approver_fgw", department="fgw", role="审核人", real_name="李审核")


def _post_data(page_context) -> dict:
    """The editor's form as a browser would submit it (initial values, management forms)."""
    data = {}
    form = page_context["form"]
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "themes":
            data[name] = value or []
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for _title, _key, fs in page_context["formsets"]:
        mgmt = fs.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{fs.prefix}-{name}"] = mgmt.initial[name]
        for f in fs.forms:
            for name, field in f.fields.items():
                if name == "DELETE":
                    continue
                value = f.initial.get(name, field.initial)
                if value is not None:
                    data[f"{f.prefix}-{name}"] = value
    return data


def test_the_list_shows_the_department_items_in_few_queries(client, make_item, drafter,
                                                              django_assert_max_num_queries):
    for i in range(1, 8):
        item = make_item(f"fgw-00{i}", f"事项{i}")
    make_item("zjj-001", "建筑工程施工许可证核发", department="zjj")
    catalogue.guide_draft(item=item, actor=drafter)
    client.force_login(drafter)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("gov_services:staff-guides"))
    body = response.content.decode()
    assert response.status_code == 200 and "事项7" in body and "第2版 草稿" in body
    assert "建筑工程施工许可证核发" not in body
    response = client.get(reverse("gov_services:staff-guides"), {"state": "draft"})
    assert "事项7" in response.content.decode() and "事项1<" not in response.content.decode()


def test_edit_a_draft_with_rows_submit_and_approve(client, item, drafter, approver):
    client.force_login(drafter)
    response = client.post(reverse("gov_services:staff-guide-draft", args=[item.code]))
    version = ServiceItemVersion.objects.get(item=item, status="draft")
    assert response.url == reverse("gov_services:staff-guide", args=[version.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    data = _post_data(page.context)
    data["promised_limit_days"] = 6
    data["m-3-name"], data["m-3-form"], data["m-3-copies"] = "安全评价报告", "copy", 2
    data["m-3-required"], data["m-3-deferrable"] = "True", "False"
    data["m-0-DELETE"] = "on"
    data["then"] = "submit"
    response = client.post(reverse("gov_services:staff-guide", args=[version.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED and version.promised_limit_days == 6
    assert [m.name for m in version.materials.all()] == ["营业执照", "节能审查意见", "安全评价报告"]
    # the drafter sees no approve button; the reviewer does, with what changed
    assert "审核发布</button>" not in client.get(response.url).content.decode()
    client.force_login(approver)
    body = client.get(response.url).content.decode()
    assert "审核发布</button>" in body and "承诺办结时限" in body and "申请材料" in body
    client.post(reverse("gov_services:staff-guide-action", args=[version.pk, "approve"]))
    item.refresh_from_db()
    assert item.current_version_id == version.pk
    guide = client.get(reverse("gov_services:guide", args=[item.code])).content.decode()
    assert "安全评价报告" in guide


def test_a_bad_row_keeps_everything_typed_and_saves_nothing(client, item, drafter):
    version = catalogue.guide_draft(item=item, actor=drafter)
    client.force_login(drafter)
    data = _post_data(client.get(reverse("gov_services:staff-guide", args=[version.pk])).context)
    data["s-0-code"] = "decide"
    data["promised_limit_days"] = 99
    response = client.post(reverse("gov_services:staff-guide", args=[version.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "承诺办结时限不能长于法定办结时限" in body and 'value="99"' in body
    version.refresh_from_db()
    assert version.promised_limit_days == 10


def test_return_needs_a_reason_on_the_page(client, item, drafter, approver):
    version = catalogue.guide_draft(item=item, actor=drafter)
    catalogue.guide_submit(version=version, actor=drafter)
    client.force_login(approver)
    url = reverse("gov_services:staff-guide-action", args=[version.pk, "return"])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "申请材料缺少文号"})
    version.refresh_from_db()
    assert version.status == VersionStatus.RETURNED
    assert "申请材料缺少文号" in client.get(reverse("gov_services:staff-guide", args=[version.pk])).content.decode()


def test_other_departments_versions_are_404_and_citizens_403(client, make_item, make_staff, citizen, drafter):
    item = make_item("zjj-001", "建筑工程施工许可证核发", department="zjj")
    client.force_login(drafter)
    assert client.get(reverse("gov_services:staff-guide", args=[item.current_version.pk])).status_code == 404
    assert client.post(reverse("gov_services:staff-guide-draft", args=[item.code])).status_code == 404
    client.force_login(citizen)
    assert client.get(reverse("gov_services:staff-guides")).status_code == 403


def test_export_and_import_pages(client, item, drafter):
    client.force_login(drafter)
    response = client.get(reverse("gov_services:staff-guides-export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    wb["申请材料"]["D2"] = "扫描件"
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "catalogue.xlsx"
    response = client.post(reverse("gov_services:staff-guides-import"), {"file": upload})
    assert response.status_code == 400
    assert "第 2 行 申请材料：材料形式“扫描件”无效" in response.content.decode()
    wb["申请材料"]["D2"] = "复印件"
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "catalogue.xlsx"
    response = client.post(reverse("gov_services:staff-guides-import"), {"file": upload})
    assert response.status_code == 302
    assert ServiceItemVersion.objects.get(item=item, status="draft").materials.first().form == "copy"
    assert catalogue_xlsx.MAX_BYTES > 0


def test_menu_entry_with_the_reviewers_count(client, item, drafter, approver, office_head, citizen):
    from sunshine.core.manifest import navigation_for
    from sunshine.gov_services.selectors import guides_awaiting_review, opens_guide_pages

    version = catalogue.guide_draft(item=item, actor=drafter)
    catalogue.guide_submit(version=version, actor=drafter)
    assert (guides_awaiting_review(approver), guides_awaiting_review(office_head),
            guides_awaiting_review(drafter)) == (1, 1, 0)
    assert opens_guide_pages(office_head) and opens_guide_pages(drafter) and not opens_guide_pages(citizen)
    assert "办事指南" in [e.label for e in navigation_for(office_head, "staff")]
    assert "办事指南" not in [e.label for e in navigation_for(citizen, "staff")]
    client.force_login(office_head)
    body = client.get(reverse("gov_services:staff-guides")).content.decode()
    assert "企业投资项目核准" in body and "个待审核" in body


def test_material_template_is_public_only_once_the_version_is(client, item, drafter, approver):
    from django.core.files.uploadedfile import SimpleUploadedFile

    version = catalogue.guide_draft(item=item, actor=drafter)
    material = version.materials.get(name="项目申请报告")
    client.force_login(drafter)
    url = reverse("gov_services:staff-guide-material-file", args=[version.pk, material.pk, "template"])
    client.post(url, {"file": SimpleUploadedFile("申请报告模板.txt", "项目申请报告（模板）".encode(), "text/plain")})
    material.refresh_from_db()
    assert material.template_file.original_name == "申请报告模板.txt"
    bad = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10, "application/octet-stream")},
                      follow=True)
    assert [m.level_tag for m in bad.context["messages"]][-1] == "error"
    material.refresh_from_db()
    assert material.template_file.original_name == "申请报告模板.txt"
    public = reverse("gov_services:material-file", args=[item.code, material.pk, "template"])
    client.logout()
    assert client.get(public).status_code == 404  # the draft's file is not public
    # saving the draft keeps the file on the material of the same name
    catalogue.guide_update(version=version, content=catalogue.guide_content(version), actor=drafter)
    catalogue.guide_submit(version=version, actor=drafter)
    catalogue.guide_approve(version=version, actor=approver)
    material = version.materials.get(name="项目申请报告")
    body = client.get(reverse("gov_services:guide", args=[item.code])).content.decode()
    public = reverse("gov_services:material-file", args=[item.code, material.pk, "template"])
    assert public in body
    response = client.get(public)
    assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "项目申请报告（模板）"
    assert client.get(public.replace("template", "nope")).status_code == 404
    # a published version takes no new file
    client.force_login(drafter)
    client.post(reverse("gov_services:staff-guide-material-file", args=[version.pk, material.pk, "sample"]),
                {"file": SimpleUploadedFile("示例.txt", "示例".encode(), "text/plain")})
    material.refresh_from_db()
    assert material.sample_file is None
