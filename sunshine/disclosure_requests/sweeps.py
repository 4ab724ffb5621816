"""The periodic closures of disclosure requests (到期自动处理): what the law closes by lapse of time.

Run daily by Celery beat (`tasks.close_expired_task`) or `manage.py ysq_close_expired`. Each closure is the
workflow's own transition run as the system (no capability; the transition table and the period's end are still
checked): the silence of a consulted party after 15 working days (`answer_consultation`, then
`finish_consultation` when none is pending), a supplement period that ended (`abandon_supplement`), a fee period
that ended (`abandon_fee`). The candidates are found by one query each; each case is closed in its own
transaction, so a failure leaves the cases closed before it closed.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import Consultation, DisclosureRequest
from .workflow import Status


def close_expired(*, today: dt.date | None = None) -> dict[str, int]:
    """The periodic sweep: silent consultations, expired supplement periods, unpaid fees."""
    return {"consultations": close_expired_consultations(today=today),
            "supplements": close_expired_supplements(today=today),
            "fees": close_expired_fees(today=today)}


def close_expired_consultations(*, today: dt.date | None = None) -> int:
    """Record silence for every consultation whose 15 working days ended before `today` (Art. 32, 34)."""
    today = today or timezone.localdate()
    pending = list(Consultation.objects.filter(answer="", due_on__lt=today, request__status=Status.CONSULTING))
    for consultation in pending:
        services.consultation_answer(consultation=consultation, answer=Consultation.Answer.SILENT, on=today,
                                     check_capability=False)
    return len(pending)


def _close_lapsed(status: str, due_field: str, close, today: dt.date) -> int:
    """Run `close` as the system for every request in `status` whose period (`due_field`) ended before `today`."""
    ids = list(DisclosureRequest.objects.filter(status=status, **{f"{due_field}__lt": today})
               .values_list("pk", flat=True))
    for pk in ids:
        close(request=DisclosureRequest(pk=pk), on=today, check_capability=False)
    return len(ids)


def close_expired_supplements(*, today: dt.date | None = None) -> int:
    """Close every request whose supplement period ended before `today` (Art. 30)."""
    return _close_lapsed(Status.AWAITING_SUPPLEMENT, "supplement_due_on", services.request_abandon_supplement,
                         today or timezone.localdate())


def close_expired_fees(*, today: dt.date | None = None) -> int:
    """Close every request whose fee payment period ended before `today` (国办函〔2020〕109号)."""
    return _close_lapsed(Status.AWAITING_FEE, "fee_due_on", services.request_abandon_fee, today or timezone.localdate())


__all__ = ["close_expired", "close_expired_consultations", "close_expired_fees", "close_expired_supplements"]
