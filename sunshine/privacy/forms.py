from django import forms

from .services import MAX_SCAN_CHARS


class ScanForm(forms.Form):
    text = forms.CharField(
        label="待扫描文本", strip=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text="粘贴拟公开的正文，系统将查找身份证号、统一社会信用代码、手机号、银行卡号、电子邮箱和密级标志。",
        error_messages={"required": "请输入要扫描的文本。"},
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > MAX_SCAN_CHARS:
            raise forms.ValidationError("文本过长：一次最多扫描 2 MB（约 200 万字）。")
        return text
