"""The staff actions of a case (办理操作), shared by the case page and the staff API: which form validates each
action's input, and which service it runs. The form only checks the input's shape (types, lengths, choices, a
refused file); the service checks the state, the capability and the scope (through the workflow engine) and the
domain rules, and raises DomainError with a Chinese message."""

from __future__ import annotations

from django.http import Http404

from . import forms, services
from .models import Consultation, DisclosureRequest

ACTION_FORMS = {
    "correct_receipt": forms.CorrectReceiptForm,
    "request_supplement": forms.AskSupplementForm,
    "receive_supplement": forms.StaffSupplementForm,
    "record_supplement": forms.RecordSupplementForm,
    "abandon_supplement": forms.EmptyForm,
    "forward": forms.ForwardForm,
    "split": forms.SplitForm,
    "start_consultation": forms.ConsultationForm,
    "answer_consultation": forms.ConsultationAnswerForm,
    "record_delivery": forms.RecordDeliveryForm,
    "notify_third_party": forms.NotifyThirdPartyForm,
    "ask_reasons": forms.AskReasonsForm,
    "record_reasons": forms.RecordReasonsForm,
    "approve_extension": forms.ExtensionForm,
    "reasonable_delay": forms.DelayForm,
    "issue_fee_notice": forms.FeeNoticeForm,
    "record_payment": forms.EmptyForm,
    "abandon_fee": forms.EmptyForm,
    "draft_reply": forms.ReplyForm,
    "return_draft": forms.ReturnDraftForm,
    "sign_off": forms.SignOffForm,
    "reply": forms.ReplyForm,
    "withdraw": forms.WithdrawForm,
}


def offered(req: DisclosureRequest, transitions) -> list:
    """The allowed transitions (`WORKFLOW.allowed_actions`: state, capability, scope) that make sense for this case
    now, for the case page's forms: the reasons step's second half only after the first, once; the first only once;
    an extension or a delay only once. The services refuse the others anyway (with their Chinese message)."""
    hidden = set()
    if req.reasons_requested_on is not None:
        hidden.add("ask_reasons")
    if req.reasons_requested_on is None or req.reasons_answer:
        hidden.add("record_reasons")
    if req.reasons_answer != DisclosureRequest.ReasonsAnswer.GIVEN or req.delay_days:
        hidden.add("reasonable_delay")
    if req.extension_days:
        hidden.add("approve_extension")
    return [t for t in transitions if t.name not in hidden]


def _consultation(req: DisclosureRequest, pk) -> Consultation:
    consultation = Consultation.objects.filter(pk=pk, request=req).first()
    if consultation is None:
        raise Http404("no such consultation")
    return consultation


# Actions whose service picks the transition it runs (a reply that needs sign-off becomes a draft): the staff API
# leaves their state and capability checks to the service instead of checking the action's own row first.
SERVICE_DECIDES = frozenset({"reply"})


def perform(action: str, req: DisclosureRequest, data: dict, user):
    """Run staff action `action` on `req` with a valid form's `cleaned_data` (Http404 for an unknown action or a
    consultation of another case)."""
    if action == "correct_receipt":
        return services.request_correct_receipt(request=req, received_on=data["received_on"], reason=data["reason"],
                                                actor=user)
    if action == "request_supplement":
        return services.request_ask_supplement(request=req, items=data["items"], period_days=data["period_days"],
                                               late_reason=data.get("late_reason", ""), actor=user)
    if action == "receive_supplement":
        return services.request_receive_supplement(request=req, text=data["text"], actor=user)
    if action == "record_supplement":
        return services.request_record_supplement(request=req, text=data["text"],
                                                  received_on=data.get("received_on"), actor=user)
    if action == "abandon_supplement":
        return services.request_abandon_supplement(request=req, actor=user)
    if action == "forward":
        return services.request_forward(request=req, to_department=data["to_department"], reason=data["reason"],
                                        actor=user)
    if action == "split":
        return services.request_split(request=req, items=data["items"].splitlines(), reason=data.get("reason", ""),
                                      actor=user)
    if action == "start_consultation":
        return services.consultation_start(request=req, kind=data["kind"], party_name=data["party_name"],
                                           delivery=data.get("delivery") or "online", actor=user)
    if action == "answer_consultation":
        return services.consultation_answer(consultation=_consultation(req, data["consultation"]),
                                            answer=data["answer"], text=data.get("text", ""), actor=user)
    if action == "record_delivery":
        consultation = _consultation(req, data["consultation"]) if data.get("consultation") else None
        return services.request_record_delivery(request=req, consultation=consultation,
                                                delivered_on=data["delivered_on"], actor=user)
    if action == "notify_third_party":
        return services.request_notify_third_party(request=req, consultation=_consultation(req, data["consultation"]),
                                                   content=data["content"], reasons=data["reasons"], actor=user)
    if action == "ask_reasons":
        return services.request_ask_reasons(request=req, period_days=data["period_days"], note=data.get("note", ""),
                                            actor=user)
    if action == "record_reasons":
        return services.request_record_reasons(request=req, answer=data["answer"], text=data.get("text", ""),
                                               actor=user)
    if action == "approve_extension":
        return services.request_approve_extension(request=req, days=data["days"], reason=data["reason"], actor=user)
    if action == "reasonable_delay":
        return services.request_reasonable_delay(request=req, days=data["days"], reason=data["reason"], actor=user)
    if action == "issue_fee_notice":
        return services.request_issue_fee_notice(request=req, method=data["method"], pages=data.get("pages") or 0,
                                                 delivery=data.get("delivery") or "", actor=user)
    if action == "record_payment":
        return services.request_record_payment(request=req, actor=user)
    if action == "abandon_fee":
        return services.request_abandon_fee(request=req, actor=user)
    if action == "draft_reply":
        return services.request_draft_reply(request=req, outcome=data["outcome"], reply_text=data.get("reply_text", ""),
                                            withheld_reason=data.get("withheld_reason", ""),
                                            right_agency_name=data.get("right_agency_name", ""),
                                            uploads=data.get("files") or [], actor=user)
    if action == "return_draft":
        return services.request_return_draft(request=req, reason=data["reason"], actor=user)
    if action == "sign_off":
        return services.request_sign_off(request=req, note=data.get("note", ""), actor=user)
    if action == "reply":
        # the uploads are stored by the service, after the reply's rules: a refused reply stores nothing
        return services.request_reply(request=req, outcome=data["outcome"], reply_text=data.get("reply_text", ""),
                                      withheld_reason=data.get("withheld_reason", ""),
                                      right_agency_name=data.get("right_agency_name", ""),
                                      uploads=data.get("files") or [], actor=user)
    if action == "withdraw":
        return services.request_withdraw(request=req, reason=data["reason"], actor=user)
    raise Http404("unknown action")


__all__ = ["ACTION_FORMS", "offered", "perform"]
