"""The application side of tests/test_redis_worker.py, run as a separate process with the test's environment.

    python tests/broker_client.py submit                         a citizen's application (request_submit)
    python tests/broker_client.py notify PHONE BODY [--wait-status STATUS --wait S]   an SMS (notify.services.notify)
    python tests/broker_client.py wait [--letter ID]… [--notification ID=STATUS]… [--wait S]

Each command prints one JSON object on stdout (logs go to stderr). It calls the real service functions on the
committed database of DATABASE_URL, with the REDIS_URL the worker reads, so whatever runs after commit goes through
the broker to the Celery worker. `submit` and `notify` add the state right after their commit ("after_commit");
with --wait the command polls the database until the letters are ready and the notifications have the status
given, or the time is up (exit status 1). The state of a letter or notification is read with the ORM, as the
application sees it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from sunshine.audit.models import AuditEvent  # noqa: E402
from sunshine.audit.services import events_for  # noqa: E402
from sunshine.disclosure_requests import services as requests_services  # noqa: E402
from sunshine.disclosure_requests.models import RequestDocument  # noqa: E402
from sunshine.notify.models import Notification  # noqa: E402
from sunshine.notify.services import notify  # noqa: E402

APPLICATION = {
    "applicant_name": "李四", "applicant_type": "natural_person", "id_number": "11010519491231002X",
    "phone": "13912345678", "address": "随县厉山镇神农大道8号", "email": "",
    "description": "请公开2025年本县农村公路建设计划及资金安排", "form": "electronic", "delivery": "online",
}


def _letter(document_id: int) -> dict:
    document = RequestDocument.objects.select_related("file", "request").get(pk=document_id)
    state = {
        "id": document.pk, "kind": document.kind, "file_pending": document.file_pending,
        "file": document.file_id, "file_name": document.file.original_name if document.file_id else "",
        "receipts_of_request": document.request.documents.filter(kind=document.kind).count(),
        "generate_events": AuditEvent.objects.filter(action="disclosure_requests.letter.generate",
                                                     after__document=document.pk).count(),
        "docx_has_tracking_code": False,
    }
    if document.file_id:
        with document.file.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
            state["docx_has_tracking_code"] = document.request.tracking_code in archive.read(
                "word/document.xml").decode()
    return state


def _notification(notification_id: int) -> dict:
    n = Notification.objects.get(pk=notification_id)
    return {"id": n.pk, "status": n.status, "attempts": n.attempts, "last_error": n.last_error,
            "sent": n.sent_at is not None, "events": [e.action for e in events_for(n)]}


def _poll(letters: list[int], notifications: dict[int, str], timeout: float) -> tuple[bool, dict]:
    deadline = time.monotonic() + timeout
    while True:
        state = {"letters": {pk: _letter(pk) for pk in letters},
                 "notifications": {pk: _notification(pk) for pk in notifications}}
        done = (all(not s["file_pending"] and s["file"] for s in state["letters"].values())
                and all(state["notifications"][pk]["status"] == status for pk, status in notifications.items()))
        if done or time.monotonic() >= deadline:
            return done, state
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("submit")
    p = commands.add_parser("notify")
    p.add_argument("phone")
    p.add_argument("body")
    p.add_argument("--wait-status", default="")
    p.add_argument("--wait", type=float, default=0)
    p = commands.add_parser("wait")
    p.add_argument("--letter", type=int, action="append", default=[])
    p.add_argument("--notification", action="append", default=[], help="ID=STATUS")
    p.add_argument("--wait", type=float, default=0)
    args = parser.parse_args(argv)
    answer = {"pid": os.getpid(), "eager": settings.CELERY_TASK_ALWAYS_EAGER}
    done = True

    if args.command == "submit":
        submission = requests_services.request_submit(data=APPLICATION,
                                                      department=requests_services.default_department())
        request = submission.request
        receipt = request.documents.get(kind=RequestDocument.Kind.RECEIPT)
        sms = list(Notification.objects.filter(related_id=str(request.pk), channel="sms").values_list("pk", flat=True))
        answer.update({"request": request.pk, "tracking_code": request.tracking_code, "receipt": receipt.pk,
                       "sms": sms, "after_commit": {"letter": _letter(receipt.pk),
                                                    "sms": [_notification(pk) for pk in sms]}})
    elif args.command == "notify":
        notification = notify(channel="sms", phone=args.phone, body=args.body)
        answer.update({"notification": notification.pk, "after_commit": _notification(notification.pk)})
        if args.wait_status:
            done, state = _poll([], {notification.pk: args.wait_status}, args.wait)
            answer["state"] = state["notifications"][notification.pk]
    else:
        wanted = {int(pk): status for pk, status in (item.split("=", 1) for item in args.notification)}
        done, state = _poll(args.letter, wanted, args.wait)
        answer.update(state)
    print(json.dumps(answer, ensure_ascii=False))
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
