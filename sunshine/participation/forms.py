"""Input shape of participation forms (the services validate again)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from sunshine.core.identity import normalize_mobile
from sunshine.orgs.forms import DepartmentChoiceField

from .services import CONTENT_MAX, CONTENT_MIN, TITLE_MAX, publishable_items


class TopicForm(forms.Form):
    """提出点题 (public, no login)."""

    required_css_class = "required"

    citizen_name = forms.CharField(label="姓名", max_length=50,
                                   error_messages={"required": "请填写姓名。", "max_length": "姓名不能超过50个字。"})
    phone = forms.CharField(label="手机号码", max_length=20, help_text="用于接收办理进度短信，不会公开。",
                            error_messages={"required": "请填写手机号码。"})
    title = forms.CharField(label="点题标题", max_length=TITLE_MAX,
                            error_messages={"required": "请填写点题标题。",
                                            "max_length": f"点题标题不能超过{TITLE_MAX}个字。"})
    content = forms.CharField(label="希望公开的内容", widget=forms.Textarea(attrs={"rows": 6}),
                              min_length=CONTENT_MIN, max_length=CONTENT_MAX,
                              help_text="请写明希望政府公开哪方面的信息；请勿填写身份证号等个人信息。",
                              error_messages={"required": "请填写希望公开的内容。",
                                              "min_length": f"希望公开的内容至少{CONTENT_MIN}个字。",
                                              "max_length": f"希望公开的内容不能超过{CONTENT_MAX}个字。"})

    def clean_phone(self):
        try:
            return normalize_mobile(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise ValidationError("手机号码无效：请填写11位中国大陆手机号码。", code="invalid_mobile") from exc


class ForwardForm(forms.Form):
    department = DepartmentChoiceField(label="承办部门", error_messages={"required": "请选择承办部门。",
                                                                    "invalid_choice": "请选择有效的承办部门。"})
    note = forms.CharField(label="转办意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    ACTIONS = [("answer", "答复"), ("publish", "予以公开"), ("decline", "不予公开")]

    action = forms.ChoiceField(label="办理结果", choices=ACTIONS, widget=forms.RadioSelect,
                               error_messages={"required": "请选择办理结果。", "invalid_choice": "办理结果无效。"})
    text = forms.CharField(label="答复内容 / 不予公开理由", widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "请填写答复内容或不予公开的理由。"})
    publication_item = forms.ModelChoiceField(
        label="所公开的信息（可选）", required=False, queryset=None, empty_label="请选择（不关联）",
        help_text="予以公开时，选择本部门已发布的主动公开信息；回音壁将链接到该信息。",
        error_messages={"invalid_choice": "请选择本部门已发布的主动公开信息。"})
    publication_url = forms.CharField(label="公开信息链接（可选）", required=False, max_length=300,
                                      help_text="已在政府信息公开栏目发布时，填写该信息的链接。")

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["publication_item"]
        field.queryset = publishable_items(department)
        field.label_from_instance = lambda item: f"{item.index_number} {item.title}"


class HideForm(forms.Form):
    reason = forms.CharField(label="撤下理由", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请填写撤下理由。"})


class SignOffForm(forms.Form):
    note = forms.CharField(label="签发意见（选填）", required=False, max_length=500,
                           error_messages={"max_length": "签发意见不能超过500个字。"})


class ReturnDraftForm(forms.Form):
    reason = forms.CharField(label="退回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写退回理由。", "max_length": "退回理由不能超过500个字。"})


class TrackForm(forms.Form):
    """点题查询: tracking code + verification secret."""

    required_css_class = "required"

    tracking_code = forms.CharField(label="查询码", max_length=40, error_messages={
        "required": "请填写查询码。", "max_length": "查询码不能超过40个字符。",
        "null_characters_not_allowed": "查询码含有无效字符。"})
    secret = forms.CharField(label="验证码", max_length=40, error_messages={
        "required": "请填写验证码。", "max_length": "验证码不能超过40个字符。",
        "null_characters_not_allowed": "验证码含有无效字符。"})
