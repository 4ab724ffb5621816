"""Documents of the hotline (kernel documents): the reply letter (来信来电答复意见书), issued when the office
approves a reply; the caller reads it on the tracking page, staff who see the ticket download it."""

from __future__ import annotations

from django.utils import timezone

from sunshine.documents.registry import DocumentKind, register

REPLY = "hotline.reply"


def can_view(user, document) -> bool:
    from .models import Ticket
    from .permissions import POLICY

    ticket = Ticket.objects.filter(pk=document.subject_id).first()
    return ticket is not None and POLICY.can_see(user, ticket)


def sample_context() -> dict:
    return {"addressee": "张*", "received_on": "2026年9月25日", "title": "小区门口路灯不亮",
            "tracking_code": "RX2026-7KQ2MX4P", "department": "随县住房和城乡建设局",
            "reply_text": "经现场核查，路灯线路老化，已于9月28日更换。", "signature": "随县住房和城乡建设局",
            "date": "2026年9月29日"}


def register_kinds() -> None:
    """Called once at start-up (`HotlineConfig.ready`)."""
    register(DocumentKind(code=REPLY, title="来信来电答复意见书", template="hotline/letters/reply.html",
                               can_view=can_view, audit_action="hotline.letter.generate",
                               sample_context=sample_context))


def issue_reply(ticket, reply, *, actor):
    """Inside the approval step: the letter of this reply (idempotent per reply)."""
    from sunshine.documents.services import issue

    received = timezone.localtime(ticket.received_at)
    today = timezone.localdate()
    addressee = ticket.caller_name if (ticket.caller_name and not ticket.is_report) else "来信来电人"
    context = {"addressee": addressee, "received_on": f"{received:%Y年%-m月%-d日}", "title": ticket.title,
               "tracking_code": ticket.tracking_code, "department": reply.department.name,
               "reply_text": reply.text, "signature": reply.department.name, "date": f"{today:%Y年%-m月%-d日}"}
    return issue(ticket, REPLY, context=context, actor=actor, department=reply.department,
                 idempotency_key=f"hotline-reply-{reply.pk}", file_stem=f"{ticket.tracking_code}-答复意见书")
