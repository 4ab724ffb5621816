"""Registration confirmed by an SMS code (issue 11, item 6): throttled, hashed, no enumeration of numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from sunshine.accounts.models import RegistrationCode, User
from sunshine.notify.models import Notification

pytestmark = pytest.mark.django_db
URL = "/register/"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _send(client, mobile):
    return client.post(URL, {"mobile": mobile, "real_name": "李四", "send_code": "1"})


def _code(mobile) -> str:
    return re.search(r"验证码 (\d{6})", Notification.objects.filter(phone=mobile).latest("id").body).group(1)


def _register(client, mobile, code):
    return client.post(URL, {"mobile": mobile, "real_name": "李四", "id_number": "", "password1": "Sunny-day-2024",
                             "password2": "Sunny-day-2024", "sms_code": code})


def _message(response) -> str:
    return re.search(r'<ul class="messages".*?</ul>', response.content.decode(), re.S).group()


def test_the_answer_is_the_same_for_a_registered_and_a_free_number(citizen):
    free, taken = _send(Client(REMOTE_ADDR="10.0.0.1"), "13912345678"), _send(Client(REMOTE_ADDR="10.0.0.2"),
                                                                              "13800138000")
    assert free.status_code == taken.status_code == 200
    assert _message(free).replace("139****5678", "X") == _message(taken).replace("138****8000", "X")
    assert "如该号码可以注册，验证码已通过短信发送至 139****5678，10分钟内有效。" in _message(free)
    # The owner of the registered number is told by SMS, with no code; the free number gets a code.
    notice = Notification.objects.get(phone="13800138000")
    assert "已注册" in notice.body and not re.search(r"\d{6}", notice.body)
    code = _code("13912345678")
    row = RegistrationCode.objects.get(mobile="13912345678")
    assert code not in row.code_hash and len(row.code_hash) == 64  # only a keyed hash is stored


def test_the_right_code_registers_once(client):
    _send(client, "13912345678")
    code = _code("13912345678")
    assert _register(client, "13912345678", code).status_code == 302
    assert User.objects.filter(username="13912345678").exists()
    client.logout()
    User.objects.filter(username="13912345678").delete()
    again = _register(client, "13912345678", code)  # a used code is spent
    assert "验证码不正确或已过期" in again.content.decode()


def test_five_wrong_codes_spend_the_code():
    client = Client()
    _send(client, "13912345678")
    code = _code("13912345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert "验证码不正确或已过期" in _register(client, "13912345678", wrong).content.decode()
    assert "验证码不正确或已过期" in _register(client, "13912345678", code).content.decode()
    assert not User.objects.filter(username="13912345678").exists()


def test_a_code_expires_after_ten_minutes():
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _send(client, "13912345678")
        code = _code("13912345678")
        clock.move_to(START + dt.timedelta(minutes=10, seconds=1))
        assert "验证码不正确或已过期" in _register(client, "13912345678", code).content.decode()


@override_settings(SUNSHINE_REGISTER_CODES_PER_HOUR=3)
def test_codes_are_throttled_per_number_and_per_address():
    client = Client(REMOTE_ADDR="10.0.0.9")
    with time_machine.travel(START, tick=False) as clock:
        assert _send(client, "13912345678").status_code == 200
        again = _send(Client(REMOTE_ADDR="10.0.0.10"), "13912345678")  # same number within a minute
        assert again.status_code == 429 and "60秒后再重新获取" in again.content.decode()
        clock.move_to(START + dt.timedelta(minutes=2))
        assert _send(client, "13912345679").status_code == 200
        assert _send(client, "13912345670").status_code == 200
        blocked = _send(client, "13912345671")  # a fourth number from the same address within the hour
        assert blocked.status_code == 429 and "获取验证码过于频繁" in blocked.content.decode()
        assert Notification.objects.count() == 3
        clock.move_to(START + dt.timedelta(hours=1, minutes=3))
        assert _send(client, "13912345671").status_code == 200


def test_a_malformed_number_is_a_chinese_400(client):
    response = _send(client, "12345")
    assert response.status_code == 400 and "手机号码" in _message(response)
    assert not RegistrationCode.objects.exists()


def test_the_form_keeps_what_was_typed_after_sending_the_code(client):
    html = client.post(reverse("portal:register"), {"mobile": "13912345678", "real_name": "李四",
                                                    "send_code": "1"}).content.decode()
    assert 'value="13912345678"' in html and 'value="李四"' in html
