from __future__ import annotations

import unicodedata

from django import forms

MAX_WORKING_DAYS = 1000


class _DateField(forms.DateField):
    """A date typed with a Chinese input method ("２０２５-０１-０２", "2025－01－02") is folded to ASCII first."""

    def to_python(self, value):
        return super().to_python(unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value)


class DueDateForm(forms.Form):
    """Input of the due-date calculator (期限计算器): page and API share the validation."""

    start = _DateField(label="起算日（收到申请之日）", input_formats=["%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "请填写起算日。",
                                            "invalid": "起算日格式错误，应为 YYYY-MM-DD。"})
    working_days = forms.IntegerField(label="期限（工作日）", min_value=0, max_value=MAX_WORKING_DAYS,
                                      error_messages={
                                          "required": "请填写工作日数。",
                                          "invalid": "工作日数应为整数。",
                                          "min_value": "工作日数不能为负数。",
                                          "max_value": f"工作日数不能超过 {MAX_WORKING_DAYS}。",
                                      })

    def first_error(self) -> str:
        for field in ("start", "working_days"):
            if field in self.errors:
                return self.errors[field][0]
        return next(iter(self.errors.values()))[0] if self.errors else ""
