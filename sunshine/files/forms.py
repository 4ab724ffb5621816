"""Form support: `UploadField` checks an attachment during form validation, so a bad file shows its error
next to the field and the form keeps the other fields' values; nothing is stored until the view calls
`services.store_upload(uploaded_file=form.cleaned_data[...])`, which reuses the inspection."""

from __future__ import annotations

from django import forms
from django.conf import settings

from .services import ALLOWED_TEXT, FileRejected, inspect_upload


def validate_upload(uploaded_file) -> None:
    """Validator usable on any FileField: raises a Chinese ValidationError for a refused file."""
    try:
        uploaded_file.sunshine_inspection = inspect_upload(uploaded_file)
    except FileRejected as exc:
        raise forms.ValidationError(exc.message, code=exc.code) from exc


class UploadField(forms.FileField):
    default_error_messages = {
        "required": "请选择要上传的文件。",
        "empty": "文件为空，请重新选择。",
        "invalid": "没有收到文件，请检查表单的编码类型。",
        "missing": "没有收到文件。",
        "max_length": "文件名过长。",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"允许 {ALLOWED_TEXT}，单个文件不超过 "
                                       f"{settings.SUNSHINE_UPLOAD_MAX_BYTES // (1024 * 1024)} MB。")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.docx,.xlsx,.ofd,.jpg,.jpeg,.png,.txt")

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial:
            validate_upload(uploaded)
        return uploaded
