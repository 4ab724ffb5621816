"""The register of administrative review and litigation cases about disclosure requests (行政复议、行政诉讼案件登记),
the source of table 4 of the annual report (`review_table.py`).

An entry records a fact decided elsewhere (by the review body or the court), not a step the platform drives: it
has no clock and no transitions, so it is written here (register, update), each write one transaction with an
audit event (`disclosure_request.review_case_register` / `.review_case_update`, before and after), and scoped by
`permissions.REVIEW_CASE_POLICY` (and, for the request it names, `permissions.POLICY`).

Rules (`validate_review_case`, shared by the page form, the admin and the service):
- the filing date and the decision date are not in the future, and a decision never precedes the filing;
- 尚未审结 ⇔ no decision date; a result needs the decision date;
- 国办公开办函〔2016〕201号: when the review body is sued as co-defendant (复议后起诉), only the original agency
  counts the suit. The original agency's entry is in the request's department (`role` original); the review body
  may keep its own entry in its department (`role` review_body, only for a suit after review), never counted.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.core.errors import CapabilityRequired, DomainError

from .models import DisclosureRequest, ReviewLitigationCase
from .permissions import POLICY, REVIEW_CASE_DENIED, REVIEW_CASE_POLICY

Kind, Result, Role = ReviewLitigationCase.Kind, ReviewLitigationCase.Result, ReviewLitigationCase.Role

CASE_NUMBER_MAX = 100
BODY_NAME_MAX = 200
NOTE_MAX = 2000
FIELDS = ("kind", "role", "department_id", "case_number", "body_name", "filed_on", "result", "decided_on", "note")


def validate_review_case(*, request: DisclosureRequest | None, department, kind: str, role: str, filed_on,
                         result: str, decided_on, today: dt.date | None = None) -> None:
    """Raise ValidationError({field: [中文, …]}) naming every broken rule (see the module docstring)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if filed_on and filed_on > today:
        add("filed_on", "立案（受理）日期不能晚于今天。")
    if decided_on and decided_on > today:
        add("decided_on", "审结日期不能晚于今天。")
    if filed_on and decided_on and decided_on < filed_on:
        add("decided_on", "审结日期不能早于立案（受理）日期。")
    if result == Result.PENDING and decided_on:
        add("decided_on", "尚未审结的案件不填审结日期；已审结的请选择审结结果。")
    if result and result != Result.PENDING and not decided_on:
        add("decided_on", "已审结的案件请填写审结日期。")
    if role == Role.REVIEW_BODY and kind != Kind.SUIT_AFTER_REVIEW:
        add("role", "复议机关作为共同被告，只发生在复议后起诉的行政诉讼中。")
    if request is not None and department is not None:
        if role == Role.ORIGINAL and department.pk != request.department_id:
            add("department", f"原行为机关的案件登记在受理该申请的机关（{request.department.name}）。")
        if role == Role.REVIEW_BODY and department.pk == request.department_id:
            add("department", "复议机关作为共同被告时，登记机关应为复议机关，而不是受理该申请的机关。")
    if errors:
        raise ValidationError(errors)


def _check(**kwargs) -> None:
    try:
        validate_review_case(**kwargs)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], code="invalid", field=field) from exc


def _snapshot(case: ReviewLitigationCase) -> dict:
    return {name: getattr(case, name) for name in FIELDS} | {"request": case.request_id}


def _require(user, *, request: DisclosureRequest, department) -> None:
    if not REVIEW_CASE_POLICY.can_register(user):
        raise CapabilityRequired(REVIEW_CASE_DENIED)
    if not POLICY.can_see(user, request):
        raise CapabilityRequired(POLICY.out_of_scope_message)
    if not (REVIEW_CASE_POLICY.sees_all(user) or department.pk == getattr(user, "department_id", None)):
        raise CapabilityRequired("只能登记本部门的行政复议、行政诉讼案件。")


@transaction.atomic
def review_case_register(*, request: DisclosureRequest, kind: str, filed_on: dt.date, actor,
                         department=None, role: str = Role.ORIGINAL, case_number: str = "", body_name: str = "",
                         result: str = Result.PENDING, decided_on: dt.date | None = None,
                         note: str = "") -> ReviewLitigationCase:
    """登记行政复议、行政诉讼案件. `department` defaults to the request's agency (the original agency)."""
    department = department or request.department
    _require(actor, request=request, department=department)
    _check(request=request, department=department, kind=kind, role=role, filed_on=filed_on, result=result,
           decided_on=decided_on)
    case = ReviewLitigationCase.objects.create(
        request=request, department=department, kind=kind, role=role, case_number=case_number.strip(),
        body_name=body_name.strip(), filed_on=filed_on, result=result, decided_on=decided_on, note=note.strip(),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(action="disclosure_request.review_case_register", target=case, actor=actor, department=department,
           after=_snapshot(case))
    return case


@transaction.atomic
def review_case_update(*, case: ReviewLitigationCase, actor, **changes) -> ReviewLitigationCase:
    """Update an entry (the result when the case is decided, or a correction); `changes` names fields of FIELDS
    (`department` as an object). The request it names does not change."""
    case = ReviewLitigationCase.objects.select_for_update().select_related("request__department").get(pk=case.pk)
    if not REVIEW_CASE_POLICY.can_edit(actor, case):
        raise CapabilityRequired(REVIEW_CASE_DENIED if REVIEW_CASE_POLICY.can_see(actor, case)
                                 else REVIEW_CASE_POLICY.out_of_scope_message)
    before = _snapshot(case)
    unknown = set(changes) - {*FIELDS, "department"} - {"department_id"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(case, name, value.strip() if isinstance(value, str) and name in ("case_number", "body_name", "note")
                else value)
    _require(actor, request=case.request, department=case.department)
    _check(request=case.request, department=case.department, kind=case.kind, role=case.role,
           filed_on=case.filed_on, result=case.result, decided_on=case.decided_on)
    case.save()
    after = _snapshot(case)
    if after != before:
        record(action="disclosure_request.review_case_update", target=case, actor=actor,
               department=case.department, before=before, after=after)
    return case


def review_cases_visible_to(user):
    """The register for `user` (their department's entries; every department's for the office and supervisors)."""
    qs = ReviewLitigationCase.objects.select_related("request", "department")
    return REVIEW_CASE_POLICY.visible_to(user, qs).order_by("-filed_on", "-id")


__all__ = ["review_case_register", "review_case_update", "review_cases_visible_to", "validate_review_case"]
