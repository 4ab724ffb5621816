"""Guide versions through review (办事指南的起草、审核、发布), and the .xlsx import and export of the catalogue."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.gov_services import catalogue, catalogue_xlsx, services
from sunshine.gov_services.models import ServiceItem, ServiceItemVersion, VersionStatus
from sunshine.gov_services.selectors import item_by_code

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(make_staff):
    return make_staff("drafter_fgw", department="fgw", role="经办人", real_name="钱起草")


@pytest.fixture
def approver(make_staff):
    return make_staff("approver_fgw", department="fgw", role="审核人", real_name="李审核")


def _content(version, **changes):
    return {**catalogue.guide_content(version), **changes}


def test_a_new_version_is_drafted_while_the_old_stays_public_and_used(item, drafter, approver, desk):
    v1 = item.current_version
    v2 = catalogue.guide_draft(item=item, actor=drafter)
    assert (v2.version, v2.status) == (2, VersionStatus.DRAFT)
    assert [m.name for m in v2.materials.all()] == [m.name for m in v1.materials.all()]
    content = _content(v2, promised_limit_days=5)
    content["materials"] = [*content["materials"][:2], {
        "name": "安全评价报告", "form": "copy", "copies": 1, "required": True, "deferrable": False, "note": ""}]
    catalogue.guide_update(version=v2, content=content, actor=drafter)
    # the draft is not public: the guide and new applications still use version 1
    assert item_by_code(item.code).current_version_id == v1.pk
    sub = services.application_submit(item=item_by_code(item.code), data={**APPLICANT, "form": {
        "project_name": "冷链物流中心", "investment": "100"}}, channel="hall", registered_by=desk)
    assert sub.application.item_version_id == v1.pk
    with pytest.raises(DomainError, match="已有未发布的第2版"):
        catalogue.guide_draft(item=item, actor=drafter)
    catalogue.guide_submit(version=v2, actor=drafter)
    with pytest.raises(TransitionNotAllowed):
        catalogue.guide_update(version=v2, content=content, actor=drafter)
    catalogue.guide_approve(version=v2, actor=approver, on=dt.date(2026, 12, 3))
    item.refresh_from_db()
    v1.refresh_from_db()
    assert item.current_version_id == v2.pk and v1.status == VersionStatus.SUPERSEDED
    assert item_by_code(item.code).current_version.promised_limit_days == 5
    assert [m.name for m in item.current_version.materials.all()][-1] == "安全评价报告"
    # the running case keeps its version
    sub.application.refresh_from_db()
    assert sub.application.item_version_id == v1.pk
    events = list(AuditEvent.objects.filter(target_type="gov_services.serviceitemversion").values_list(
        "action", "from_status", "to_status"))
    assert ("gov_services.guide.draft", None, "draft") in events
    assert ("gov_services.guide.submit", "draft", "submitted") in events
    assert ("gov_services.guide.approve", "submitted", "published") in events
    assert ("gov_services.guide.supersede", "published", "superseded") in events


def test_return_needs_a_reason_and_the_drafter_cannot_approve_their_own(item, drafter, approver, make_staff):
    v2 = catalogue.guide_draft(item=item, actor=approver)
    catalogue.guide_submit(version=v2, actor=approver)
    with pytest.raises(CapabilityRequired, match="不能审核自己起草的版本"):
        catalogue.guide_approve(version=v2, actor=approver)
    with pytest.raises(DomainError, match="退回须写明理由"):
        catalogue.guide_return(version=v2, actor=approver, reason=" ")
    other = make_staff("approver2_fgw", department="fgw", role="审核人")
    catalogue.guide_return(version=v2, actor=other, reason="收费依据未写明文号")
    v2.refresh_from_db()
    assert (v2.status, v2.return_reason) == (VersionStatus.RETURNED, "收费依据未写明文号")
    # a clerk may not approve; another department's reviewer does not even see it
    catalogue.guide_submit(version=v2, actor=drafter)
    with pytest.raises(CapabilityRequired):
        catalogue.guide_approve(version=v2, actor=drafter)
    zjj_reviewer = make_staff("rev_zjj", department="zjj", role="审核人")
    with pytest.raises(CapabilityRequired, match="不属于您所在的部门"):
        catalogue.guide_approve(version=v2, actor=zjj_reviewer)
    with pytest.raises(CapabilityRequired):
        catalogue.guide_draft(item=item, actor=zjj_reviewer)


def test_the_section_45_list_is_the_services_one():
    from sunshine.gov_services import validation

    assert validation.SPECIAL_NOT_COUNTED == services.SPECIAL_NOT_COUNTED


def test_a_draft_is_checked_before_anything_is_saved(item, drafter):
    v2 = catalogue.guide_draft(item=item, actor=drafter)
    bad = _content(v2, promised_limit_days=30, steps=[{"code": "decide", "name": "决定", "limit_days": 2}])
    with pytest.raises(DomainError) as exc:
        catalogue.guide_update(version=v2, content=bad, actor=drafter)
    assert "承诺办结时限不能长于法定办结时限" in exc.value.message
    assert "办理环节应从“审查”开始" in exc.value.message
    special = _content(v2, special_procedures=[{"name": "专家评审", "limit_days": 10, "counted": True}])
    with pytest.raises(DomainError, match="第四十五条"):
        catalogue.guide_update(version=v2, content=special, actor=drafter)
    v2.refresh_from_db()
    assert v2.promised_limit_days == 10 and v2.steps[0]["code"] == "review"


def test_a_new_item_is_public_only_after_approval(departments, drafter, approver):
    v = catalogue.item_create(code="fgw-009", department=departments["fgw"], actor=drafter, facts={
        "name": "固定资产投资项目节能审查", "item_type": "licensing", "audience": "company"}, content={
        "legal_basis": "《固定资产投资项目节能审查办法》", "statutory_limit_days": 20, "promised_limit_days": 10,
        "materials": [{"name": "节能报告", "form": "original", "copies": 1, "required": True}]})
    assert item_by_code("fgw-009") is None
    catalogue.guide_submit(version=v, actor=drafter)
    catalogue.guide_approve(version=v, actor=approver)
    item = item_by_code("fgw-009")
    assert item.name == "固定资产投资项目节能审查" and item.audience == "company"


# --- xlsx -------------------------------------------------------------------------------------------------------------
def _sheets(data: bytes) -> dict:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _workbook(rows: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, data in rows.items():
        ws = wb.create_sheet(name)
        for row in data:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_export_import_round_trip_ends_with_an_identical_catalogue(make_item, drafter, approver):
    make_item()
    make_item("fgw-002", "企业投资项目备案", on_the_spot=True, promised=0, statutory=0, steps=[], special=[])
    make_item("fgw-003", "政府投资项目可行性研究报告审批", fields=[
        {"name": "level", "label": "项目级别", "type": "choice", "required": True, "help": "",
         "options": ["县级", "乡镇级"]}])
    first = catalogue_xlsx.export_workbook()
    sheets = _sheets(first)
    assert sheets["事项"][0][:3] == ["事项编码", "事项名称", "事项类型"] and len(sheets["事项"]) == 4
    assert len(sheets["申请材料"]) == 10
    # the same workbook again changes nothing
    result = catalogue_xlsx.import_workbook(first, actor=drafter)
    assert (result.created, result.drafted, len(result.unchanged)) == ([], [], 3)
    # into an empty catalogue: every item comes back as a draft, public only after review
    ServiceItem.objects.all().delete()
    result = catalogue_xlsx.import_workbook(first, actor=drafter)
    assert sorted(result.created) == ["fgw-001", "fgw-002", "fgw-003"]
    assert _sheets(catalogue_xlsx.export_workbook())["事项"][1:] == []
    for version in result.versions:
        catalogue.guide_submit(version=version, actor=drafter)
        catalogue.guide_approve(version=version, actor=approver)
    assert _sheets(catalogue_xlsx.export_workbook()) == sheets


def test_a_changed_row_makes_a_draft_of_that_item_only(make_item, drafter):
    make_item()
    make_item("fgw-002", "企业投资项目备案")
    sheets = _sheets(catalogue_xlsx.export_workbook())
    header = sheets["事项"][0]
    sheets["事项"][2][header.index("承诺办结时限（工作日）")] = 3
    result = catalogue_xlsx.import_workbook(_workbook(sheets), actor=drafter)
    assert (result.drafted, result.unchanged) == (["fgw-002"], ["fgw-001"])
    draft = ServiceItemVersion.objects.get(item__code="fgw-002", status="draft")
    assert draft.promised_limit_days == 3 and draft.version == 2
    assert item_by_code("fgw-002").current_version.promised_limit_days == 10


def test_import_reports_every_row_error_in_chinese_and_changes_nothing(make_item, drafter, make_staff):
    make_item()
    sheets = _sheets(catalogue_xlsx.export_workbook())
    header = sheets["事项"][0]
    new = list(sheets["事项"][1])
    new[0], new[1] = "fgw-010", "新事项"
    new[header.index("事项类型")] = "行政审批"
    sheets["事项"].append(new)
    sheets["事项"][1][header.index("承诺办结时限（工作日）")] = 30
    sheets["申请材料"][2][3] = "扫描件"
    sheets["申请材料"].append(["fgw-404", 1, "身份证", "复印件", 1, "是", "否", ""])
    sheets["办理环节"][1][2] = "初审"
    sheets["特别程序"][1][3] = "也许"
    sheets["申请表字段"].append(["fgw-001", 9, "9bad", "坏字段", "单行文本", "否", "", ""])
    before = catalogue_xlsx.export_workbook()
    count = ServiceItemVersion.objects.count()
    with pytest.raises(catalogue_xlsx.CatalogueImportError) as exc:
        catalogue_xlsx.import_workbook(_workbook(sheets), actor=drafter)
    errors = exc.value.errors
    assert ("第 3 行 事项：事项类型“行政审批”无效，应为：行政许可、行政处罚、行政强制、行政征收、行政给付、"
            "行政检查、行政确认、行政奖励、行政裁决、其他行政权力、公共服务。") in errors
    assert "第 3 行 申请材料：材料形式“扫描件”无效，应为：原件、复印件、电子件、原件和复印件。" in errors
    assert "第 5 行 申请材料：事项编码“fgw-404”不在“事项”工作表中。" in errors
    assert any(e.startswith("第 2 行 办理环节：环节“初审”无效") for e in errors)
    assert "第 2 行 特别程序：“计入办理时限”应填“是”或“否”。" in errors
    assert "第 2 行 事项：时限：承诺办结时限不能长于法定办结时限。" in errors
    assert any(e.startswith("第 2 行 事项：申请表字段：字段名“9bad”") for e in errors)
    assert ServiceItemVersion.objects.count() == count and not ServiceItem.objects.filter(code="fgw-010").exists()
    assert catalogue_xlsx.export_workbook() != b"" and _sheets(catalogue_xlsx.export_workbook()) == _sheets(before)
    # another department's clerk may not import this department's items
    with pytest.raises(catalogue_xlsx.CatalogueImportError) as exc:
        catalogue_xlsx.import_workbook(before, actor=make_staff("c_zjj", department="zjj"))
    assert exc.value.errors == ["第 2 行 事项：您没有为“随县发展和改革局”起草办事指南的权限。"]


def test_import_refuses_a_file_that_is_not_a_workbook_or_lacks_columns(db, drafter):
    with pytest.raises(catalogue_xlsx.CatalogueImportError) as exc:
        catalogue_xlsx.import_workbook(b"not a workbook", actor=drafter)
    assert exc.value.errors == ["文件不是有效的Excel工作簿（.xlsx）。"]
    with pytest.raises(catalogue_xlsx.CatalogueImportError) as exc:
        catalogue_xlsx.import_workbook(_workbook({"事项": [["事项编码", "事项名称"]]}), actor=drafter)
    assert exc.value.errors[0].startswith("工作表“事项”缺少列：事项类型、实施部门编码")


def test_import_into_an_item_under_review_is_refused_whole(make_item, drafter):
    item = make_item()
    make_item("fgw-002", "企业投资项目备案")
    v2 = catalogue.guide_draft(item=item, actor=drafter)
    catalogue.guide_submit(version=v2, actor=drafter)
    sheets = _sheets(catalogue_xlsx.export_workbook())
    header = sheets["事项"][0]
    for row in sheets["事项"][1:]:
        row[header.index("到现场次数")] = 0
    with pytest.raises(catalogue_xlsx.CatalogueImportError) as exc:
        catalogue_xlsx.import_workbook(_workbook(sheets), actor=drafter)
    assert exc.value.errors == ["第 2 行 事项：事项“fgw-001”的第2版正在审核，审核完成前不能导入新内容。"]
    assert not ServiceItemVersion.objects.filter(item__code="fgw-002", status="draft").exists()


def test_management_command_exports_and_imports(make_item, drafter, tmp_path):
    from django.core.management import CommandError, call_command

    make_item()
    path = tmp_path / "catalogue.xlsx"
    out = io.StringIO()
    call_command("zw_catalogue", "export", str(path), stdout=out)
    assert "已导出1个事项" in out.getvalue()
    call_command("zw_catalogue", "import", str(path), "--user", drafter.username, stdout=out)
    assert "未变化1个" in out.getvalue()
    path.write_bytes(b"x")
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command("zw_catalogue", "import", str(path), "--user", drafter.username, stderr=err)
    assert "不是有效的Excel工作簿" in err.getvalue()


def test_every_state_and_action_of_a_guide_version(item, drafter, approver):
    from sunshine.cases.testing import walk_transitions
    from sunshine.cases.workflow import SYSTEM
    from sunshine.gov_services.catalogue_workflow import GUIDE_WORKFLOW

    vs = VersionStatus
    expected = {(vs.DRAFT, "edit"), (vs.RETURNED, "edit"), (vs.DRAFT, "submit"), (vs.RETURNED, "submit"),
                (vs.SUBMITTED, "approve"), (vs.SUBMITTED, "return"), (vs.DRAFT, "discard"),
                (vs.RETURNED, "discard"), (vs.PUBLISHED, "supersede")}

    def make_case(state):
        if state == vs.PUBLISHED:
            return item.current_version
        version = catalogue.guide_draft(item=item, actor=drafter)
        ServiceItemVersion.objects.filter(pk=version.pk).update(status=state)
        return version

    walk_transitions(GUIDE_WORKFLOW, make_case=make_case, expected=expected, perform={
        "edit": lambda v: catalogue.guide_update(version=v, content=_content(v, faq="常见问题"), actor=drafter),
        "submit": lambda v: catalogue.guide_submit(version=v, actor=drafter),
        "approve": lambda v: catalogue.guide_approve(version=v, actor=approver),
        "return": lambda v: catalogue.guide_return(version=v, actor=approver, reason="请补充"),
        "discard": lambda v: catalogue.guide_discard(version=v, actor=drafter),
        "supersede": lambda v: GUIDE_WORKFLOW.transition(v, "supersede", performed_by=SYSTEM),
    })
