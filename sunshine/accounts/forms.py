"""Account forms (登录、注册): input shape and Chinese messages only; the writes are in services.py."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from sunshine.core.identity import normalize_id_number, normalize_mobile

from .models import User

_MOBILE_LIKE = re.compile(r"^(\+86|0086)?[\s-]*1[\d\s-]{10,14}$")


class LoginForm(AuthenticationForm):
    """Staff log in with their user name; citizens with their mobile number (which is their user name)."""

    username = forms.CharField(
        label="用户名或手机号码", max_length=150, error_messages={"required": "请输入用户名或手机号码。"},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(label="密码", strip=False, error_messages={"required": "请输入密码。"},
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels sit above the fields
        super().__init__(*args, **kwargs)

    error_messages = {
        "invalid_login": "用户名（手机号码）或密码不正确。请注意密码区分大小写。",
        "inactive": "该账户已停用，请联系管理员。",
    }

    def clean_username(self) -> str:
        # NFKC as Django applies to user names when accounts are created: a phone typed in full-width digits
        # ("１３８…") with a Chinese input method is the same login
        value = unicodedata.normalize("NFKC", self.cleaned_data["username"]).strip()
        if _MOBILE_LIKE.match(value):
            try:
                mobile = normalize_mobile(value)
            except ValidationError:
                return value
            # A citizen account whose user name differs from its phone (e.g. renamed by an admin).
            if not User.objects.filter(username=mobile).exists():
                found = (User.objects.filter(kind=User.Kind.CITIZEN, phone=mobile)
                         .values_list("username", flat=True).first())
                return found or mobile
            return mobile
        return value


class CitizenRegistrationForm(forms.Form):
    """Citizen registration (公众注册): mobile number, real name, password twice, optional ID number."""

    required_css_class = "required"

    mobile = forms.CharField(label="手机号码", max_length=20, error_messages={"required": "请填写手机号码。"},
                             help_text="11位中国大陆手机号码，注册后作为登录用户名。",
                             widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    sms_code = forms.CharField(label="短信验证码", max_length=8, error_messages={"required": "请填写短信验证码。"},
                               help_text="填写手机号码后点击“获取短信验证码”，验证码10分钟内有效。",
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
    real_name = forms.CharField(label="姓名或单位名称", max_length=100,
                                error_messages={"required": "请填写姓名或单位名称。"},
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(label="证件号码（可选）", max_length=30, required=False,
                                help_text="居民身份证号码（个人）或统一社会信用代码（企业、单位）。依申请公开时可自动填写。")
    password1 = forms.CharField(label="密码", strip=False, error_messages={"required": "请设置密码。"},
                                help_text="至少8位，不能全是数字，不能过于常见。",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="再次输入密码", strip=False, error_messages={"required": "请再次输入密码。"},
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_mobile(self) -> str:
        # Whether the number is registered is never said here (no enumeration): the SMS code decides.
        return normalize_mobile(self.cleaned_data["mobile"])

    def clean_real_name(self) -> str:
        value = self.cleaned_data["real_name"].strip()
        if not value:
            raise ValidationError("请填写姓名或单位名称。", code="required")
        return value

    def clean_id_number(self) -> str:
        value = self.cleaned_data.get("id_number", "").strip()
        if not value:
            return ""
        _kind, compact = normalize_id_number(value)
        return compact

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", ValidationError("两次输入的密码不一致。", code="password_mismatch"))
        elif p1:
            probe = User(username=cleaned.get("mobile", ""), real_name=cleaned.get("real_name", ""),
                         kind=User.Kind.CITIZEN)
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
