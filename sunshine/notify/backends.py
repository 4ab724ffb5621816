"""SMS backends (短信通道), chosen by settings.SMS_BACKEND: `console` (development) or `http` (a gateway)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections import deque

from django.conf import settings

from sunshine.privacy.masking import mask_mobile

logger = logging.getLogger("sunshine.notify.sms")

# Messages "sent" by the console backend, newest last (development and tests look here).
console_outbox: deque[dict] = deque(maxlen=1000)


class SendFailed(Exception):
    """A delivery attempt failed; the message says why (kept in Notification.last_error)."""


class ConsoleSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        console_outbox.append({"phone": phone, "text": text})
        logger.info("SMS to %s: %s", mask_mobile(phone), text)


class HttpSmsBackend:
    """POST {"phone", "text", "signature"} as JSON to SMS_GATEWAY_URL with a bearer token; non-2xx fails."""

    def send(self, *, phone: str, text: str) -> None:
        url = settings.SMS_GATEWAY_URL
        if not url.startswith(("http://", "https://")):
            raise SendFailed("未配置短信网关地址（SMS_GATEWAY_URL 须以 http:// 或 https:// 开头）。")
        payload = json.dumps({"phone": phone, "text": text, "signature": settings.SMS_SIGNATURE},
                             ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if settings.SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"
        request = urllib.request.Request(url, data=payload, headers=headers, method="POST")
        timeout = getattr(settings, "SMS_GATEWAY_TIMEOUT", 10)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SendFailed(f"短信网关返回错误：HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SendFailed(f"无法连接短信网关：{getattr(exc, 'reason', exc)}") from exc
        if not 200 <= status < 300:
            raise SendFailed(f"短信网关返回错误：HTTP {status}")


BACKENDS = {"console": ConsoleSmsBackend, "http": HttpSmsBackend}


def get_sms_backend():
    try:
        return BACKENDS[settings.SMS_BACKEND]()
    except KeyError as exc:
        raise SendFailed(f"未知的短信通道：{settings.SMS_BACKEND}") from exc
