import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.test import override_settings

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import DomainError
from sunshine.notify import backends, tasks
from sunshine.notify.models import Notification
from sunshine.notify.services import attempt_delivery, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    """A real HTTP server on 127.0.0.1 playing the SMS gateway; `statuses` are answered in turn."""
    state = {"statuses": [200], "requests": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["requests"].append({"path": self.path, "auth": self.headers.get("Authorization"),
                                      "json": json.loads(body)})
            status = state["statuses"].pop(0) if len(state["statuses"]) > 1 else state["statuses"][0]
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    yield state
    server.shutdown()
    server.server_close()


def test_sms_is_queued_then_sent_after_commit(citizen, django_capture_on_commit_callbacks):
    backends.console_outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n = notify(channel="sms", subject="受理通知", body="您的申请已受理。", user=citizen)
    n.refresh_from_db()
    assert (n.status, n.phone, n.attempts) == ("queued", "13800138000", 0)
    assert len(callbacks) == 1 and not backends.console_outbox  # nothing sent before commit

    with django_capture_on_commit_callbacks(execute=True):
        n2 = notify(channel="sms", body="您的申请已受理。", phone="+86 139-1234-5678")
    n2.refresh_from_db()
    assert (n2.status, n2.attempts, n2.phone) == ("sent", 1, "13912345678")
    assert n2.sent_at is not None
    assert backends.console_outbox[-1] == {"phone": "13912345678", "text": "您的申请已受理。"}
    assert AuditEvent.objects.filter(target_id=str(n2.pk), action="notification.send").exists()


def test_sms_console_log_masks_the_number(citizen, django_capture_on_commit_callbacks, caplog):
    caplog.set_level("INFO", logger="sunshine.notify.sms")
    with django_capture_on_commit_callbacks(execute=True):
        notify(channel="sms", body="测试", user=citizen)
    assert "138****8000" in caplog.text and "13800138000" not in caplog.text


def test_email_is_sent_with_send_mail(citizen, django_capture_on_commit_callbacks):
    citizen.email = "zhangsan@example.com"
    citizen.save()
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="email", subject="答复书已出具", body="请登录查看。", user=citizen)
    n.refresh_from_db()
    assert n.status == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhangsan@example.com"] and mail.outbox[0].subject == "答复书已出具"


def test_inbox_is_delivered_on_creation_without_a_task(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n = notify(channel="inbox", subject="办理进度", body="已受理", user=citizen, related=citizen)
    assert n.status == "sent" and n.sent_at and n.read_at is None
    assert n.related == citizen
    assert callbacks == []


def test_nothing_is_sent_when_the_transaction_rolls_back(citizen, django_capture_on_commit_callbacks):
    from django.db import transaction

    backends.console_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(channel="sms", body="不应发送", user=citizen)
                raise RuntimeError("case failed")
        except RuntimeError:
            pass
    assert not backends.console_outbox
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"channel": "sms", "body": "x"}, "无法发送短信：没有手机号码。"),
    ({"channel": "sms", "body": "x", "phone": "12345"}, "无法发送短信：手机号码无效。"),
    ({"channel": "email", "body": "x"}, "无法发送邮件：没有电子邮箱地址。"),
    ({"channel": "email", "body": "x", "email": "not-an-email"}, "无法发送邮件：电子邮箱地址无效。"),
    ({"channel": "inbox", "body": "x"}, "站内信必须指定接收用户。"),
    ({"channel": "fax", "body": "x", "phone": "13812345678"}, "通知渠道无效：仅支持短信、电子邮件和站内信。"),
    ({"channel": "sms", "body": "  ", "phone": "13812345678"}, "通知内容不能为空。"),
])
def test_missing_or_invalid_destination(kwargs, message):
    with pytest.raises(DomainError) as exc:
        notify(**kwargs)
    assert exc.value.message == message
    assert Notification.objects.count() == 0


def test_http_gateway_success(gateway, django_capture_on_commit_callbacks):
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=gateway["url"], SMS_GATEWAY_TOKEN="t0ken",
                           SMS_SIGNATURE="【随县政务】"), django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", subject="补正通知", body="请于15个工作日内补正。", phone="13812345678")
    n.refresh_from_db()
    assert (n.status, n.attempts, n.last_error) == ("sent", 1, "")
    [request] = gateway["requests"]
    assert request["path"] == "/sms/send" and request["auth"] == "Bearer t0ken"
    assert request["json"] == {"phone": "13812345678", "text": "补正通知：请于15个工作日内补正。",
                               "signature": "【随县政务】"}


def test_http_gateway_500_is_retried_then_fails(gateway, django_capture_on_commit_callbacks):
    gateway["statuses"] = [500]
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=gateway["url"], NOTIFY_MAX_ATTEMPTS=3), \
            django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", body="测试", phone="13812345678")  # eager mode: must not raise or loop
    n.refresh_from_db()
    assert (n.status, n.attempts) == ("failed", 3)
    assert n.last_error == "第 3 次：短信网关返回错误：HTTP 500"
    assert len(gateway["requests"]) == 3
    assert AuditEvent.objects.filter(target_id=str(n.pk), action="notification.fail").count() == 1
    # A failed notification is never attempted again.
    assert attempt_delivery(notification_id=n.pk).attempts == 3
    assert len(gateway["requests"]) == 3


def test_http_gateway_recovers_on_second_attempt(gateway, django_capture_on_commit_callbacks):
    gateway["statuses"] = [503, 200]
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=gateway["url"]), \
            django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", body="测试", phone="13812345678")
    n.refresh_from_db()
    assert (n.status, n.attempts, n.last_error) == ("sent", 2, "第 1 次：短信网关返回错误：HTTP 503")


def test_unreachable_gateway_fails_after_bounded_attempts(django_capture_on_commit_callbacks):
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL="http://127.0.0.1:9/none", NOTIFY_MAX_ATTEMPTS=2), \
            django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", body="测试", phone="13812345678")
    n.refresh_from_db()
    assert (n.status, n.attempts) == ("failed", 2)
    assert "无法连接短信网关" in n.last_error


def test_with_a_broker_a_failure_is_re_enqueued_with_countdown(monkeypatch, gateway):
    gateway["statuses"] = [500]
    n = Notification.objects.create(channel="sms", phone="13812345678", body="测试")
    calls = []
    monkeypatch.setattr(tasks, "broker_configured", lambda: True)
    monkeypatch.setattr(tasks.send_notification, "apply_async", lambda **kw: calls.append(kw))
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=gateway["url"]):
        assert tasks.send_notification.run(n.pk) == "retry"
    n.refresh_from_db()
    assert (n.status, n.attempts) == ("queued", 1)
    assert calls == [{"args": [n.pk], "countdown": 60}]
    assert tasks.retry_countdown(2) == 120


def test_sent_notification_is_not_sent_twice():
    n = Notification.objects.create(channel="sms", phone="13812345678", body="测试")
    backends.console_outbox.clear()
    assert tasks.send_notification.run(n.pk) == "sent"
    assert tasks.send_notification.run(n.pk) == "sent"
    assert len(backends.console_outbox) == 1
    assert tasks.send_notification.run(999999) == "missing"


def test_lost_deliveries_are_sent_by_the_sweep_and_nothing_else_is_touched(citizen, django_capture_on_commit_callbacks):
    import datetime as dt
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from sunshine.notify.services import resend_stale

    backends.console_outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):  # the tasks are lost: never run
        lost = notify(channel="sms", body="受理通知（任务丢失）", phone="13900000001")
        spent = notify(channel="sms", body="已用尽重试次数", phone="13900000002")
        fresh = notify(channel="sms", body="刚刚排队", phone="13900000003")
        inbox = notify(channel="inbox", body="站内信", user=citizen)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Notification.objects.filter(pk__in=[lost.pk, spent.pk, inbox.pk]).update(created_at=an_hour_ago)
    Notification.objects.filter(pk=spent.pk).update(attempts=3, last_error="第 3 次：短信网关返回错误：HTTP 500")

    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stale() == 2
    states = dict(Notification.objects.values_list("pk", "status"))
    assert (states[lost.pk], states[spent.pk], states[fresh.pk], states[inbox.pk]) == ("sent", "failed", "queued",
                                                                                        "sent")
    assert [m["phone"] for m in backends.console_outbox] == ["13900000001"]
    assert AuditEvent.objects.filter(target_id=str(spent.pk), action="notification.fail").count() == 1

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_sweep", stdout=out)
    assert out.getvalue().strip() == "重新发送滞留通知 0 条"  # nothing is sent twice


def test_the_sweep_waits_for_the_whole_retry_chain(settings):
    import datetime as dt

    from sunshine.notify.services import stale_after

    settings.NOTIFY_RETRY_SECONDS, settings.NOTIFY_MAX_ATTEMPTS = 60, 3  # retries at +60 s and +120 s
    assert stale_after() == dt.timedelta(minutes=30)
    settings.NOTIFY_RETRY_SECONDS = 3600  # retries at +1 h and +2 h: wait twice that
    assert stale_after() == dt.timedelta(hours=6)
