"""Letters of government services (kernel documents): 受理通知书, 不予受理通知书, 一次性告知书, 特别程序告知书
and the licensing decision (准予/不予行政许可决定书). Issued inside the step's transaction; the applicant reads them on
the tracking page, staff who see the case download them."""

from __future__ import annotations

from sunshine.documents.registry import DocumentKind, register

ACCEPTANCE = "gov_services.acceptance"
REFUSAL = "gov_services.refusal"
MISSING = "gov_services.missing_materials"
SPECIAL = "gov_services.special_procedure"
DECISION = "gov_services.decision"
TERMINATION = "gov_services.termination"

REMEDIES = ("申请人如对本决定不服，可以自收到本通知书之日起六十日内向随县人民政府申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。")


def can_view(user, document) -> bool:
    from .models import Application
    from .permissions import POLICY
    from .selectors import task_queryset

    application = Application.objects.filter(pk=document.subject_id).first()
    if application is None:
        return False
    # a department with a parallel task (并联任务) of the case reads the case's letters
    return POLICY.can_see(user, application) or task_queryset(user).filter(application=application).exists()


def _date(d) -> str:
    return f"{d:%Y年%-m月%-d日}" if d else ""


def sample_context() -> dict:
    return {"addressee": "张*", "item_name": "营业执照核发", "tracking_code": "ZW2026-7KQ2MX4P",
            "received_on": "2026年9月21日", "accepted_on": "2026年9月30日", "due_date": "2026年10月22日",
            "promised_due_date": "2026年10月14日", "reasons": "", "remedies": REMEDIES, "missing": [],
            "procedure": "", "procedure_days": 0, "decision": "准予许可", "certificate_number": "",
            "signature": "随县市场监督管理局", "date": "2026年9月30日"}


def register_kinds() -> None:
    """Called once at start-up (`GovServicesConfig.ready`)."""
    for code, title in ((ACCEPTANCE, "受理通知书"), (REFUSAL, "不予受理通知书"), (MISSING, "一次性告知书"),
                        (SPECIAL, "特别程序告知书"), (DECISION, "行政许可决定书"),
                        (TERMINATION, "终止办理告知书")):
        register(DocumentKind(code=code, title=title, template=f"gov_services/letters/{code.split('.')[1]}.html",
                              can_view=can_view, audit_action="gov_services.letter.generate",
                              sample_context=sample_context))


def issue_letter(application, kind, *, actor, on, key, **extra):
    """Inside the step: the letter `kind` of this application (idempotent per `key`)."""
    from sunshine.documents.services import issue

    statutory, promised = application.statutory_clock, application.promised_clock
    context = {**sample_context(),
               "addressee": application.applicant_name,
               "item_name": application.item_version.item.name, "tracking_code": application.tracking_code,
               "received_on": _date(application.received_on), "accepted_on": _date(application.accepted_on),
               "due_date": _date(statutory.due_date if statutory else None),
               "promised_due_date": _date(promised.due_date if promised else None),
               "signature": application.department.name, "date": _date(on), **extra}
    return issue(application, kind, context=context, actor=actor, department=application.department,
                 idempotency_key=f"gs-{application.pk}-{key}",
                 file_stem=f"{application.tracking_code}-{key}")
