"""Permission policies of proactive disclosure (主动公开的权限策略): who sees and who may act on what.

- `PublicationPolicy` (`POLICY`): a catalogue item (主动公开信息) is its department's: staff see their own
  department's items, holders of `orgs.view_all_departments` (政务公开办, 监察) every department's; another
  department's item is a 404 on the pages and the API. The workflow actions' capabilities are in `workflow.py`
  (the transition table); the other writes (editing a draft, attachments, findings) ask `can` with the capability
  named here.
- `GuidePolicy` (`GUIDES`): a department's disclosure guide (公开指南) is edited by its own department's holders of
  `publications.edit_guide`, or by a holder who sees every department.

Views, the API and the services ask these policies; nothing else rebuilds the rule.
"""

from __future__ import annotations

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import Policy
from sunshine.core.errors import CapabilityRequired

# Capabilities (Django permissions of `Publication.Meta.permissions`), granted to the default roles in `roles.py`.
DRAFT = "publications.draft_publication"  # 起草、修改、上传附件
SUBMIT = "publications.submit_publication"  # 提交审查
REVIEW_CONFIDENTIALITY = "publications.review_confidentiality"  # 保密审查（含敏感信息处理）
REVIEW_LEGALITY = "publications.review_legality"  # 规范性审核
PUBLISH = "publications.publish_publication"  # 发布、定时发布
WITHDRAW = "publications.withdraw_publication"  # 撤回、替代
EDIT_GUIDE = "publications.edit_guide"  # 编辑公开指南
IMPORT = "publications.import_publications"  # 批量导入


def _is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and (user.is_superuser or getattr(user, "kind", "") == "staff"))


class _Policy(Policy):
    def require(self, user, obj, capability: str, label: str) -> None:
        """Refuse (CapabilityRequired, Chinese) a write on `obj` outside the user's scope (`obj` None: a new one,
        checked by the caller) or without `capability`; `user` None is the system."""
        if user is not None and obj is not None and not self.can_see(user, obj):
            raise CapabilityRequired(self.out_of_scope_message)
        if not has_capability(user, capability):
            raise CapabilityRequired(f"您没有“{label}”的权限。")


class PublicationPolicy(_Policy):
    """Scope and abilities on a catalogue item (主动公开信息), by its department."""

    out_of_scope_message = "该信息不属于您的部门。"

    # named, not imported: models.py imports the states from workflow.py, which imports this module
    model = "publications.Publication"

    def covers_department(self, user, department) -> bool:
        """Whether `user` may work for `department` (draft for it, edit its guide): their own, or every one."""
        if self.sees_all(user):
            return True
        return _is_staff(user) and department is not None and user.department_id == department.pk

    def may_draft(self, user) -> bool:
        """The 起草新信息 button and page (for their own department, or any with a cross-department duty)."""
        return _is_staff(user) and has_capability(user, DRAFT)

    def may_edit(self, user, publication) -> bool:
        """The draft's own buttons (修改, 上传附件, 上传表格): an editable item and the drafting capability."""
        # editable = the states a draft is submitted from (workflow.EDITABLE)
        return (publication.status in self.workflow.get("submit").sources
                and self.can(user, "edit", publication, capability=DRAFT))

    def may_resolve(self, user, publication) -> bool:
        """The reviewer's findings and attachment buttons: an item in review and the confidentiality capability."""
        # in review = the states a reviewer returns it from (workflow.IN_REVIEW)
        return (publication.status in self.workflow.get("return").sources
                and self.can(user, "resolve", publication, capability=REVIEW_CONFIDENTIALITY))


class GuidePolicy(_Policy):
    """Who edits a department's disclosure guide (公开指南, art. 12): its own department, or every department."""

    out_of_scope_message = "只能编辑本部门的公开指南。"

    model = "publications.DisclosureGuide"

    def may_edit(self, user, department) -> bool:
        return has_capability(user, EDIT_GUIDE) and POLICY.covers_department(user, department)


POLICY = PublicationPolicy()
GUIDES = GuidePolicy()

__all__ = ["DRAFT", "EDIT_GUIDE", "GUIDES", "IMPORT", "POLICY", "PUBLISH", "REVIEW_CONFIDENTIALITY",
           "REVIEW_LEGALITY", "SUBMIT", "WITHDRAW", "GuidePolicy", "PublicationPolicy"]
