"""Adapters of the hotline's inbound webhooks (外部系统接入): the call-centre system (CTI, 呼叫中心) pushes each
incoming call, the SMS gateway (短信网关) each incoming message.

An adapter turns a vendor's HTTP request into plain data and checks its signature; `settings.HOTLINE_CTI_ADAPTER`
and `settings.HOTLINE_SMS_ADAPTER` name the classes, so a vendor with its own format gets its own adapter and the
views and services do not change. The built-in ones (`SignedJsonCti`, `SignedJsonSms`) take JSON signed with
HMAC-SHA256 over "<timestamp>.<raw body>" with the configured secret:

    X-Hotline-Timestamp: 1790000000           (Unix seconds; older or newer than HOTLINE_WEBHOOK_MAX_AGE: refused)
    X-Hotline-Signature: sha256=<hex digest>  (compared in constant time)

CTI body: {"call_id": "...", "seat": "8001", "caller": "13812345678", "started_at": "2026-09-21T09:00:00+08:00"}
SMS body: {"message_id": "...", "from": "13812345678", "text": "...", "received_at": "..."(optional)}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

from sunshine.core.errors import DomainError

TIMESTAMP_HEADER = "HTTP_X_HOTLINE_TIMESTAMP"
SIGNATURE_HEADER = "HTTP_X_HOTLINE_SIGNATURE"
BODY_MAX = 16 * 1024


class SignatureError(DomainError):
    """The request is not signed by the configured system (403)."""

    status_code = 403

    def __init__(self, message: str = "签名校验失败。"):
        super().__init__(message, code="bad_signature")


@dataclass(frozen=True)
class IncomingCall:
    call_id: str
    seat: str
    caller: str
    started_at: dt.datetime


@dataclass(frozen=True)
class IncomingSms:
    message_id: str
    sender: str
    text: str
    received_at: dt.datetime


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for `body` at `timestamp` (used by the adapters, the tests and the demo)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class SignedJsonAdapter:
    """Base of the built-in adapters: HMAC check, then JSON parsing."""

    secret_setting = ""

    def secret(self) -> str:
        return getattr(settings, self.secret_setting, "") or ""

    def verify(self, request) -> None:
        secret = self.secret()
        if not secret:
            raise SignatureError("未配置接口密钥，拒绝接收。")
        timestamp = request.META.get(TIMESTAMP_HEADER, "")
        signature = request.META.get(SIGNATURE_HEADER, "")
        if not timestamp.isdigit() or not signature:
            raise SignatureError("缺少签名或时间戳。")
        if abs(time.time() - int(timestamp)) > settings.HOTLINE_WEBHOOK_MAX_AGE:
            raise SignatureError("签名已过期。")
        if len(request.body) > BODY_MAX:
            raise DomainError("请求内容过长。", code="too_long")
        if not hmac.compare_digest(sign(secret, timestamp, request.body), signature):
            raise SignatureError()

    def payload(self, request) -> dict:
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise DomainError("请求内容不是有效的JSON。", code="invalid_json") from None
        if not isinstance(data, dict):
            raise DomainError("请求内容须为JSON对象。", code="invalid_json")
        return data

    @staticmethod
    def _text(data: dict, key: str, label: str, maximum: int) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise DomainError(f"缺少{label}。", code="required", field=key)
        value = value.strip()
        if len(value) > maximum or not value.isprintable():
            raise DomainError(f"{label}无效。", code="invalid", field=key)
        return value

    @staticmethod
    def _moment(data: dict, key: str) -> dt.datetime:
        value = data.get(key)
        if value in (None, ""):
            return timezone.now()
        moment = parse_datetime(value) if isinstance(value, str) else None
        if moment is None or timezone.is_naive(moment):
            raise DomainError("时间格式无效（须带时区的ISO 8601）。", code="invalid", field=key)
        return moment


class SignedJsonCti(SignedJsonAdapter):
    secret_setting = "HOTLINE_CTI_SECRET"

    def parse(self, request) -> IncomingCall:
        self.verify(request)
        data = self.payload(request)
        return IncomingCall(call_id=self._text(data, "call_id", "呼叫编号", 64),
                            seat=self._text(data, "seat", "坐席号", 20),
                            caller=self._text(data, "caller", "来电号码", 20),
                            started_at=self._moment(data, "started_at"))


class SignedJsonSms(SignedJsonAdapter):
    secret_setting = "HOTLINE_SMS_SECRET"

    def parse(self, request) -> IncomingSms:
        self.verify(request)
        data = self.payload(request)
        return IncomingSms(message_id=self._text(data, "message_id", "短信编号", 64),
                           sender=self._text(data, "from", "发送号码", 20),
                           text=self._text(data, "text", "短信内容", 1000),
                           received_at=self._moment(data, "received_at"))


def cti_adapter():
    return import_string(settings.HOTLINE_CTI_ADAPTER)()


def sms_adapter():
    return import_string(settings.HOTLINE_SMS_ADAPTER)()
