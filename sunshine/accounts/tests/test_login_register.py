"""Login, logout, after-login redirect, citizen registration (form and service), token API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sunshine.accounts.models import User
from sunshine.accounts.services import MobileTaken, citizen_register
from sunshine.audit.services import events_for

VALID_RID = "11010519491231002X"
VALID_USCC = "91110000600037341L"
PASSWORD = "pass-1234-word"


def sms_code(client, mobile: str = "13912345678") -> str:
    """Press "获取短信验证码" and read the code from the SMS the console gateway recorded."""
    import re

    from sunshine.notify.models import Notification

    client.post(reverse("portal:register"), {"mobile": mobile, "send_code": "1"})
    return re.search(r"验证码 (\d{6})", Notification.objects.filter(phone=mobile).latest("id").body).group(1)


def _register_data(**overrides):
    data = {"mobile": "13912345678", "real_name": "李四", "id_number": "", "password1": "Sunny-day-2024",
            "password2": "Sunny-day-2024", "sms_code": "000000"}
    data.update(overrides)
    return data


# --- login -------------------------------------------------------------------------------------


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("portal:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或手机号码" in html and 'lang="zh-CN"' in html


def test_staff_login_lands_on_workbench(client, clerk):
    response = client.post(reverse("portal:login"), {"username": "clerk_fgw", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:workbench")
    assert "随县发展和改革局" in response.content.decode()


def test_citizen_login_with_formatted_mobile_lands_on_my_page(client, citizen):
    response = client.post(reverse("portal:login"), {"username": "138 0013 8000", "password": PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:my")


def test_citizen_login_by_phone_when_username_differs(client, db):
    User.objects.create_user(username="zhang-renamed", password=PASSWORD, kind=User.Kind.CITIZEN,
                             phone="13700137000", real_name="张五")
    response = client.post(reverse("portal:login"), {"username": "13700137000", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:after-login")


def test_wrong_password_shows_chinese_error(client, clerk):
    response = client.post(reverse("portal:login"), {"username": "clerk_fgw", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名（手机号码）或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_keeps_next(client, clerk):
    response = client.post(reverse("portal:login") + "?next=/clocks/",
                           {"username": "clerk_fgw", "password": PASSWORD, "next": "/clocks/"})
    assert response["Location"] == "/clocks/"


def test_logout_requires_post(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("portal:logout")).status_code == 405
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session


def test_after_login_requires_login(client, db):
    response = client.get(reverse("portal:after-login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


# --- registration -------------------------------------------------------------------------------


def test_register_creates_citizen_logs_in_and_audits(client, db):
    response = client.post(reverse("portal:register"), _register_data(id_number="11010519491231002x",
                                                                      sms_code=sms_code(client)))
    assert response.status_code == 302 and response["Location"] == reverse("portal:my")
    user = User.objects.get(username="13912345678")
    assert user.kind == User.Kind.CITIZEN and user.phone == "13912345678" and user.real_name == "李四"
    assert (user.id_type, user.id_number) == ("resident_id", VALID_RID)
    assert user.check_password("Sunny-day-2024")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert [e.action for e in events_for(user)] == ["account.register", "account.login"]


def test_register_with_credit_code(client, db):
    client.post(reverse("portal:register"), _register_data(id_number=VALID_USCC, sms_code=sms_code(client)))
    user = User.objects.get(username="13912345678")
    assert (user.id_type, user.id_number) == ("credit_code", VALID_USCC)


def test_register_bad_resident_id_keeps_other_fields(client, db):
    response = client.post(reverse("portal:register"), _register_data(id_number="110105194912310021"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "证件号码无效" in html
    assert 'value="13912345678"' in html and 'value="李四"' in html and 'value="110105194912310021"' in html
    assert 'aria-invalid="true"' in html and "id_id_number_error" in html
    assert not User.objects.filter(username="13912345678").exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"mobile": "1234"}, "手机号码无效"),
    ({"password2": "Other-day-2024"}, "两次输入的密码不一致"),
    ({"password1": "12345678901", "password2": "12345678901"}, "密码不能全是数字"),
    # Django 5.2's zh-hans has no translation of this one: the site's validator says it (accounts/password_validation)
    ({"password1": "Sun-1", "password2": "Sun-1"}, "密码太短，至少需要 8 个字符"),
    ({"password1": "password123", "password2": "password123"}, "这个密码太常见"),
    ({"real_name": "   "}, "请填写姓名或单位名称"),
])
def test_register_validation_messages_are_chinese(client, db, overrides, message):
    response = client.post(reverse("portal:register"), _register_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_register_mobile_taken_says_only_that_the_code_is_wrong(client, citizen):
    """No enumeration: a registered number gets no code, and the page never says it is registered."""
    response = client.post(reverse("portal:register"), _register_data(mobile="13800138000", sms_code="123456"))
    html = response.content.decode()
    assert "验证码不正确或已过期" in html and "已注册" not in html
    assert User.objects.filter(kind=User.Kind.CITIZEN).count() == 1


def test_logged_in_user_is_sent_away_from_register(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("portal:register"))["Location"] == reverse("portal:after-login")


def test_service_validates_without_the_form(db):
    with pytest.raises(ValidationError):
        citizen_register(mobile="13912345678", password="Sunny-day-2024", real_name="李四",
                         id_number="110105194912310021")
    with pytest.raises(ValidationError):
        citizen_register(mobile="12345", password="Sunny-day-2024", real_name="李四")
    with pytest.raises(ValidationError):
        citizen_register(mobile="13912345678", password="123", real_name="李四")
    user = citizen_register(mobile="+86 139-1234-5678", password="Sunny-day-2024", real_name=" 李四 ")
    assert (user.username, user.real_name) == ("13912345678", "李四")
    with pytest.raises(MobileTaken) as exc:
        citizen_register(mobile="13912345678", password="Sunny-day-2024", real_name="王五")
    assert exc.value.message == "该手机号码已注册，请直接登录。"


# --- token API ----------------------------------------------------------------------------------


def test_token_then_token_auth(api_client, clerk):
    response = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert api_client.get("/api/v1/auth/me").status_code in (401, 403)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/auth/me").json()
    assert me == {"username": "clerk_fgw", "kind": "staff", "display_name": "王经办",
                  "department": "随县发展和改革局", "roles": ["经办人"]}


def test_token_wrong_password_is_400_chinese(api_client, clerk):
    response = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "用户名或密码错误。"
