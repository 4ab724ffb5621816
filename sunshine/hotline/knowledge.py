"""The hotline's knowledge base (知识库): questions and answers kept by the departments, published after review,
searched by the operator during a call and by citizens on `/rx/kb/`.

- States (`KnowledgeEntry.State`): 草稿 draft → 待审核 review → 已发布 published → 已撤回 withdrawn; a reviewer
  sends an entry back to draft (退回修改) with a note; a published or withdrawn entry is revised as a draft again
  (修订: it leaves the public index until it is published anew).
- Capabilities: `EDIT_KB` (the department's clerks write and submit their own department's entries), `REVIEW_KB`
  (the department's reviewer, and the disclosure office head across departments, publish, send back, withdraw);
  the reviewer is never the author (four eyes). Scope: one's own department (`KnowledgePolicy`), every department
  with `orgs.view_all_departments`; the hotline office (`hotline.dispatch_ticket`) reads every entry.
- Every change goes through `KB_WORKFLOW.step` (lock, table, policy, audit with from/to status).
- Search: a published entry is indexed in the kernel's search (`sunshine.search`, kind `hotline_kb`, filter
  `department`) inside the publishing transaction and removed when it leaves `published`; the operator's screen and
  the public page query it (`search_entries`). Only published text is ever indexed: it is public.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from sunshine.accounts.scoping import has_capability
from sunshine.audit.services import record
from sunshine.cases.permissions import VIEW_ALL, Policy
from sunshine.cases.workflow import Transition, Workflow
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.search import services as search
from sunshine.search.errors import SearchQueryError
from sunshine.search.tokenize import segment_words

from .models import KnowledgeEntry, Matter
from .permissions import DISPATCH
from .validation import optional_text, required_text

EDIT_KB = "hotline.edit_knowledge"  # 编写知识库条目（承办部门）
REVIEW_KB = "hotline.review_knowledge"  # 审核发布知识库条目
SEARCH_KIND = "hotline_kb"
AUDIT = "hotline.kb"
QUESTION_MAX, ANSWER_MAX, KEYWORDS_MAX, BASIS_MAX = 200, 5000, 200, 300

State = KnowledgeEntry.State
DRAFT, REVIEW, PUBLISHED, WITHDRAWN = State.DRAFT, State.REVIEW, State.PUBLISHED, State.WITHDRAWN


class KnowledgePolicy(Policy):
    """Scope and abilities on a knowledge-base entry (知识库条目)."""

    model = "hotline.KnowledgeEntry"
    department_paths = ("department",)
    cross_department_capabilities = (VIEW_ALL, DISPATCH)
    out_of_scope_message = "该知识库条目不属于您所在的部门。"


KB_POLICY = KnowledgePolicy()

_EDIT = "您没有编写知识库条目的权限。"
_REVIEW = "您没有审核知识库条目的权限。"

KB_WORKFLOW = Workflow(name="hotline_knowledge", states=State, audit_prefix=AUDIT, policy=KB_POLICY, transitions=[
    Transition("edit", "修改", {DRAFT}, None, EDIT_KB, audit=f"{AUDIT}.edit", denied=_EDIT),
    Transition("submit", "提交审核", {DRAFT}, REVIEW, EDIT_KB, audit=f"{AUDIT}.submit", denied=_EDIT,
               notify="reviewer"),
    Transition("publish", "审核发布", {REVIEW}, PUBLISHED, REVIEW_KB, audit=f"{AUDIT}.publish", denied=_REVIEW),
    Transition("send_back", "退回修改", {REVIEW}, DRAFT, REVIEW_KB, audit=f"{AUDIT}.send_back", denied=_REVIEW),
    Transition("withdraw", "撤回", {PUBLISHED}, WITHDRAWN, REVIEW_KB, audit=f"{AUDIT}.withdraw", denied=_REVIEW),
    Transition("revise", "修订", {PUBLISHED, WITHDRAWN}, DRAFT, EDIT_KB, audit=f"{AUDIT}.revise", denied=_EDIT),
])

AUDIT_LABELS = {f"{AUDIT}.create": "新建知识库条目", **{t.audit: f"知识库{t.label}" for t in
                                                       KB_WORKFLOW.transitions.values()}}


# --- writes -------------------------------------------------------------------------------------------------------

def _clean(data: dict) -> dict:
    return {
        "question": required_text(data.get("question"), "question", "问题", maximum=QUESTION_MAX),
        "answer": required_text(data.get("answer"), "answer", "解答", maximum=ANSWER_MAX),
        "keywords": optional_text(data.get("keywords"), "keywords", "关键词", maximum=KEYWORDS_MAX),
        "basis": optional_text(data.get("basis"), "basis", "政策依据", maximum=BASIS_MAX),
    }


def entry_create(*, data: dict, actor, department=None, matter: Matter | None = None) -> KnowledgeEntry:
    """A new draft of the actor's department (a cross-department reviewer may name another department)."""
    if not has_capability(actor, EDIT_KB):
        raise CapabilityRequired(_EDIT)
    department = department or getattr(actor, "department", None)
    if department is None:
        raise DomainError("请选择编写部门。", code="required", field="department")
    if department.pk != actor.department_id and not KB_POLICY.sees_all(actor):
        raise DomainError("只能为本部门编写知识库条目。", code="out_of_scope", field="department")
    entry = KnowledgeEntry.objects.create(department=department, matter=matter, author=actor, **_clean(data))
    record(action=f"{AUDIT}.create", target=entry, actor=actor, department=department,
           after={"question": entry.question, "status": entry.status}, to_status=entry.status)
    return entry


def entry_edit(*, entry: KnowledgeEntry, data: dict, actor, matter: Matter | None = None) -> KnowledgeEntry:
    with KB_WORKFLOW.step(entry, "edit", actor=actor) as step:
        cleaned = _clean(data)
        step.audit(before={k: getattr(step.obj, k) for k in cleaned}, after=cleaned)
        step.set(matter=matter, **cleaned)
    return step.obj


def entry_submit(*, entry: KnowledgeEntry, actor, at: dt.datetime | None = None) -> KnowledgeEntry:
    with KB_WORKFLOW.step(entry, "submit", actor=actor) as step:
        step.set(submitted_at=at or timezone.now())
    return step.obj


def _check_four_eyes(entry: KnowledgeEntry, actor) -> None:
    if entry.author_id and entry.author_id == getattr(actor, "pk", None):
        raise DomainError("审核人不能审核自己编写的条目。", code="four_eyes")


def entry_publish(*, entry: KnowledgeEntry, actor, note: str = "", at: dt.datetime | None = None) -> KnowledgeEntry:
    """审核发布: the entry becomes public and searchable (indexed in the same transaction)."""
    at = at or timezone.now()
    with KB_WORKFLOW.step(entry, "publish", actor=actor) as step:
        e = step.obj
        _check_four_eyes(e, actor)
        note = optional_text(note, "note", "审核意见")
        step.set(reviewed_by=actor, reviewed_at=at, review_note=note, published_at=at)
        _index(e, published_at=at)
        step.audit(reason=note)
    return step.obj


def entry_send_back(*, entry: KnowledgeEntry, actor, note: str, at: dt.datetime | None = None) -> KnowledgeEntry:
    at = at or timezone.now()
    with KB_WORKFLOW.step(entry, "send_back", actor=actor) as step:
        _check_four_eyes(step.obj, actor)
        note = required_text(note, "note", "退回理由", maximum=2000)
        step.set(reviewed_by=actor, reviewed_at=at, review_note=note)
        step.audit(reason=note)
    return step.obj


def entry_withdraw(*, entry: KnowledgeEntry, actor, note: str) -> KnowledgeEntry:
    with KB_WORKFLOW.step(entry, "withdraw", actor=actor) as step:
        note = required_text(note, "note", "撤回理由", maximum=2000)
        search.remove_entry(kind=SEARCH_KIND, object_id=step.obj.pk)
        step.audit(reason=note)
    return step.obj


def entry_revise(*, entry: KnowledgeEntry, actor) -> KnowledgeEntry:
    """修订: back to a draft, out of the public index until it is reviewed and published again."""
    with KB_WORKFLOW.step(entry, "revise", actor=actor) as step:
        search.remove_entry(kind=SEARCH_KIND, object_id=step.obj.pk)
    return step.obj


def _entry_dict(e: KnowledgeEntry, published_at) -> dict:
    return {"kind": SEARCH_KIND, "object_id": e.pk, "title": e.question, "body": f"{e.answer}\n{e.keywords}",
            "attachments_text": e.basis, "published_at": published_at, "filters": {"department": e.department_id}}


def _index(e: KnowledgeEntry, *, published_at) -> None:
    search.index_many([_entry_dict(e, published_at)])


def reindex_published() -> int:
    """Index every published entry again (demo load, after a restore)."""
    entries = KnowledgeEntry.objects.filter(status=PUBLISHED)
    return search.index_many(_entry_dict(e, e.published_at or e.updated_at) for e in entries.iterator())


# --- reads --------------------------------------------------------------------------------------------------------

def published() -> QuerySet[KnowledgeEntry]:
    return KnowledgeEntry.objects.filter(status=PUBLISHED).select_related("department", "matter")


def search_entries(query: str, *, department_id: int | None = None, page: int = 1, page_size: int = 10):
    """(entries in order, the search page) for a query typed by a citizen or an operator. Raises
    SearchQueryError (Chinese message) for an unusable query. Only published entries are in the index; the rows
    are read again with status=published, so an entry withdrawn a moment ago never shows."""
    filters = {"department": department_id} if department_id else None
    result = search.search(kind=SEARCH_KIND, query=query, filters=filters, order="relevance", page=page,
                           page_size=page_size)
    by_id = {e.pk: e for e in published().filter(pk__in=[h.object_id for h in result.hits])}
    rows = [{"entry": by_id[h.object_id], "title_html": h.title_html, "snippet_html": h.snippet_html}
            for h in result.hits if h.object_id in by_id]
    return rows, result


def suggest_for_text(text: str, *, limit: int = 5, words: int = 4) -> list[KnowledgeEntry]:
    """Entries for the text the operator is typing: its longest dictionary words (the kernel's segmenter), each
    searched alone (a handful of bounded index queries), entries ranked by how many of the words they match."""
    candidates = sorted(segment_words(text or "", min_len=2), key=len, reverse=True)[:words]
    score: dict[int, float] = {}
    for rank, word in enumerate(candidates):
        try:
            result = search.search(kind=SEARCH_KIND, query=word, order="relevance", page_size=limit)
        except SearchQueryError:
            continue
        for position, hit in enumerate(result.hits):
            points = 1.0 + 0.1 * len(word) - 0.01 * position - 0.001 * rank
            score[hit.object_id] = score.get(hit.object_id, 0.0) + points
    best = sorted(score, key=lambda pk: -score[pk])[:limit]
    by_id = {e.pk: e for e in published().filter(pk__in=best)}
    return [by_id[pk] for pk in best if pk in by_id]
