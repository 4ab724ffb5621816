"""The staff actions of a ticket (工单操作): one form per workflow action and `perform`, shared by the case page and
the staff API, so both offer exactly what `WORKFLOW.allowed_actions` allows."""

from __future__ import annotations

from . import forms, services
from .models import SupervisionOrder
from .selectors import callers_of, catalogue_matches, lead_for

ACTION_FORMS = {
    "dispatch": forms.DispatchForm,
    "close_directly": forms.AnswerForm,
    "merge": forms.MergeForm,
    "sign_for": forms.EmptyForm,
    "return": forms.ReasonForm,
    "reject_return": forms.RequiredNoteForm,
    "reassign": forms.ReassignForm,
    "contact": forms.ContactForm,
    "extend": forms.ExtendForm,
    "reply": forms.ReplyForm,
    "approve_reply": forms.NoteForm,
    "send_back": forms.RequiredNoteForm,
    "callback": forms.CallbackForm,
    "reopen": forms.ReasonForm,
    "close": forms.NoteForm,
    "supervise": forms.SuperviseForm,
    "respond_supervision": forms.RespondSupervisionForm,
    "convert": forms.ConvertPetitionForm,  # 转交信访局; 转为依申请公开 has its own page (the disclosure app's form)
}

SUCCESS = {
    "dispatch": "已派单，签收和办理时限已开始计算。", "close_directly": "已直接办结。", "merge": "已并单。",
    "sign_for": "已签收，请尽快与群众先行联系。", "return": "已退单，等待热线办审核。", "reject_return": "已驳回退单。",
    "reassign": "已改派，时限已转至新部门。", "contact": "已登记先行联系。", "extend": "已批准延期。",
    "reply": "答复已提交，等待热线办审核。", "approve_reply": "答复审核通过，已告知来电人。",
    "send_back": "已退回重办。", "callback": "回访已登记。", "reopen": "已重办，新的办理时限已开始计算。",
    "close": "已办结。", "supervise": "已督办。", "respond_supervision": "督办回复已提交。",
    "convert": "已转交县信访局，工单已转办（不计入任何部门的办理时限）。",
}


def form_for(action: str, ticket, data=None):
    form_class = ACTION_FORMS[action]
    kwargs = {"auto_id": f"id_{action}_%s"}  # one page holds every allowed action's form: ids stay unique
    if action == "callback":
        kwargs["callers"] = [c for c in callers_of(ticket) if c.caller_phone]
    elif action == "respond_supervision":
        kwargs["orders"] = list(SupervisionOrder.objects.filter(ticket=ticket, responded_at__isnull=True))
    elif action == "dispatch" and data is None:
        matter = ticket.matter
        if matter is None:
            best = catalogue_matches(ticket, limit=1)
            matter = best[0]["matter"] if best else None
        lead = lead_for(matter, ticket.place)
        if matter is not None:
            kwargs["initial"] = {"matter": matter.pk, "department": lead.pk if lead else None}
    return form_class(data, **kwargs)


def perform(action: str, ticket, form, user):
    """Run the service of `action` with the form's cleaned data (DomainError propagates)."""
    d = form.cleaned_data
    if action == "dispatch":
        return services.ticket_dispatch(ticket=ticket, department=d["department"], assisting=d["assisting"],
                                        matter=d["matter"], note=d["note"], actor=user)
    if action == "close_directly":
        return services.ticket_close_directly(ticket=ticket, answer=d["answer"], actor=user)
    if action == "merge":
        return services.ticket_merge(ticket=ticket, into=d["into"], reason=d["reason"], actor=user)
    if action == "sign_for":
        return services.ticket_sign_for(ticket=ticket, actor=user)
    if action == "return":
        return services.ticket_return(ticket=ticket, reason=d["reason"], actor=user)
    if action == "reject_return":
        return services.ticket_reject_return(ticket=ticket, note=d["note"], actor=user)
    if action == "reassign":
        return services.ticket_reassign(ticket=ticket, department=d["department"], assisting=d["assisting"],
                                        justified=d["justified"], note=d["note"], actor=user)
    if action == "contact":
        return services.ticket_contact(ticket=ticket, note=d["note"], actor=user)
    if action == "extend":
        return services.ticket_extend(ticket=ticket, days=d["days"], reason=d["reason"], actor=user)
    if action == "reply":
        return services.ticket_reply(ticket=ticket, text=d["text"], resolved=d["resolved"], actor=user)
    if action == "approve_reply":
        return services.ticket_approve_reply(ticket=ticket, note=d["note"], actor=user)
    if action == "send_back":
        return services.ticket_send_back(ticket=ticket, note=d["note"], actor=user)
    if action == "callback":
        caller = next(c for c in callers_of(ticket) if str(c.pk) == d["caller_ticket"])
        return services.ticket_callback(ticket=ticket, caller_ticket=caller, resolved=d["resolved"] == "yes",
                                        satisfaction=d["satisfaction"], note=d["note"], actor=user)
    if action == "reopen":
        return services.ticket_reopen(ticket=ticket, reason=d["reason"], actor=user)
    if action == "close":
        return services.ticket_close(ticket=ticket, note=d["note"], actor=user)
    if action == "supervise":
        return services.ticket_supervise(ticket=ticket, kind=d["kind"], reason=d["reason"], actor=user)
    if action == "respond_supervision":
        order = SupervisionOrder.objects.get(pk=int(d["order"]), ticket=ticket)
        return services.ticket_respond_supervision(ticket=ticket, order=order, response=d["response"], actor=user)
    if action == "convert":
        return services.ticket_convert(ticket=ticket, to=services.PETITION, reference=d["reference"], note=d["note"],
                                       actor=user)[0]
    raise KeyError(action)
