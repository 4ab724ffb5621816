"""Password rules in Chinese (密码规则).

Django 5.2's zh-hans catalogue has no translation for the minimum-length message (its wording changed in 5.x), so
the registration page said "This password is too short. …" in English. The site's validators give their own
Chinese messages; the rules are Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short",
                                  params={"min_length": self.min_length})


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，请换一个不容易猜到的密码。"

    def get_help_text(self):
        return "密码不能是常见密码。"


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "密码不能全是数字。"

