"""Input shape of the hotline's forms (the services validate again): the public letter form and one form per staff
action (`ACTION_FORMS`, used by the case page and `staff_actions.perform`)."""

from __future__ import annotations

from django import forms
from django.core.validators import MinLengthValidator

from sunshine.orgs.models import Department, Division

from .models import Callback, Mailbox, Matter, SupervisionOrder, Ticket
from .validation import CONTENT_MAX, CONTENT_MIN, TITLE_MAX

EMPTY = "请选择"


def _departments():
    return Department.objects.filter(is_active=True).exclude(code__startswith="village-").order_by("sort_order",
                                                                                                   "code")


class LetterForm(forms.Form):
    """写信 / 留言 (public, no login)."""

    required_css_class = "required"

    kind = forms.ChoiceField(label="诉求类型", choices=[("", EMPTY), *Ticket.Kind.choices],
                             error_messages={"required": "请选择诉求类型。", "invalid_choice": "诉求类型无效。"})
    title = forms.CharField(label="标题", max_length=TITLE_MAX,
                            error_messages={"required": "请填写标题。", "max_length": f"标题不能超过{TITLE_MAX}个字。"})
    content = forms.CharField(label="诉求内容", widget=forms.Textarea(attrs={"rows": 7}), min_length=CONTENT_MIN,
                              max_length=CONTENT_MAX,
                              help_text="请写明事情发生的时间、地点和经过，以及您的诉求。",
                              error_messages={"required": "请填写诉求内容。",
                                              "min_length": f"诉求内容至少{CONTENT_MIN}个字。",
                                              "max_length": f"诉求内容不能超过{CONTENT_MAX}个字。"})
    place = forms.ModelChoiceField(label="所在乡镇/村（社区）", required=False, queryset=Division.objects.none(),
                                   empty_label="不涉及具体地点",
                                   error_messages={"invalid_choice": "请选择有效的乡镇或村（社区）。"})
    address = forms.CharField(label="详细地址", required=False, max_length=200,
                              error_messages={"max_length": "详细地址不能超过200个字。"})
    accused_department = forms.ModelChoiceField(
        label="被举报单位（举报时选填）", required=False, queryset=Department.objects.none(), empty_label="不涉及",
        help_text="举报件不会交由被举报单位办理。", error_messages={"invalid_choice": "请选择有效的单位。"})
    caller_name = forms.CharField(label="姓名", required=False, max_length=50,
                                  help_text="咨询、建议可以匿名；投诉、举报须留姓名和电话以便答复和回访，信息保密。",
                                  error_messages={"max_length": "姓名不能超过50个字。"})
    caller_phone = forms.CharField(label="手机号码", required=False, max_length=20,
                                   error_messages={"max_length": "手机号码过长。"})
    consent_publish = forms.BooleanField(label="同意在信箱页面公开我的来信和答复（姓名、电话等个人信息脱敏）",
                                         required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Division.objects.filter(
            level__in=[Division.Level.TOWN, Division.Level.VILLAGE]).order_by("code")
        self.fields["accused_department"].queryset = _departments()

    def clean_form_token(self):
        token = self.cleaned_data.get("form_token") or ""
        if token and not token.isalnum():
            raise forms.ValidationError("表单已失效，请重新提交。")
        return token

    def intake_data(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k) for k in ("kind", "title", "content", "address", "caller_name", "caller_phone",
                                      "consent_publish")}


class TrackForm(forms.Form):
    tracking_code = forms.CharField(label="查询码", max_length=40, error_messages={"required": "请填写查询码。"})
    secret = forms.CharField(label="验证码", max_length=40, error_messages={"required": "请填写验证码。"})


# --- staff actions --------------------------------------------------------------------------------------------------

def _department_field(label="主办部门"):
    return forms.ModelChoiceField(
        label=label, queryset=Department.objects.none(), empty_label=EMPTY,
        error_messages={"required": f"请选择{label}。", "invalid_choice": "请选择有效的部门。"})


class DepartmentsField(forms.ModelMultipleChoiceField):
    """Several departments: ids that are not positive 32-bit numbers are refused before any query (an `__in` lookup
    with 10**30 is an OverflowError on SQLite)."""

    def _check_values(self, value):
        for item in value:
            text = str(item)
            if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": text[:20]})
        return super()._check_values(value)


def _assisting_field():
    messages = {"invalid_choice": "请选择有效的协办部门。", "invalid_pk_value": "请选择有效的协办部门。",
                "invalid_list": "请选择有效的协办部门。"}
    return DepartmentsField(label="协办部门（可多选）", required=False, queryset=Department.objects.none(),
                            error_messages=messages)


def _text(label, required=True, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"请填写{label}。"})


class _DepartmentsMixin:
    def _set_departments(self):
        for name in ("department", "assisting"):
            if name in self.fields:
                self.fields[name].queryset = _departments()


class DispatchForm(_DepartmentsMixin, forms.Form):
    matter = forms.ModelChoiceField(label="事项（派单目录）", required=False, queryset=Matter.objects.none(),
                                    empty_label="未归类", error_messages={"invalid_choice": "请选择有效的事项。"})
    department = _department_field()
    assisting = _assisting_field()
    note = _text("派单意见", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.filter(is_active=True).order_by("code")
        self._set_departments()


class ReassignForm(_DepartmentsMixin, forms.Form):
    department = _department_field("改派至")
    assisting = _assisting_field()
    justified = forms.BooleanField(label="退单理由成立（新部门重新计时，不计入任何部门超期）", required=False,
                                   initial=True)
    note = _text("改派意见", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_departments()


class EmptyForm(forms.Form):
    """An action without input (签收)."""


class NoteForm(forms.Form):
    note = _text("意见", required=False)


class RequiredNoteForm(forms.Form):
    note = _text("理由")


class ReasonForm(forms.Form):
    reason = _text("理由")


class ContactForm(forms.Form):
    note = _text("联系情况（时间、方式、群众诉求的核实情况）")


class AnswerForm(forms.Form):
    answer = _text("当场答复内容", rows=5)


class MergeForm(forms.Form):
    into = forms.CharField(label="并入工单的查询码", max_length=40, error_messages={"required": "请填写查询码。"})
    reason = _text("并单说明", required=False)

    def clean_into(self):
        code = self.cleaned_data["into"].strip().upper()
        target = Ticket.objects.filter(tracking_code=code).first()
        if target is None:
            raise forms.ValidationError("没有这个查询码的工单。")
        return target


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延期（工作日）", min_value=1, max_value=10,
                              error_messages={"required": "请填写延期天数。", "invalid": "请填写整数。",
                                              "min_value": "延期至少1个工作日。",
                                              "max_value": "延期不能超过10个工作日。"})
    reason = _text("延期理由")


class ReplyForm(forms.Form):
    text = _text("答复内容", rows=7)
    resolved = forms.BooleanField(label="问题已解决", required=False)


class CallbackForm(forms.Form):
    caller_ticket = forms.ChoiceField(label="回访对象", choices=(), error_messages={
        "required": "请选择回访对象。", "invalid_choice": "请选择有效的回访对象。"})
    resolved = forms.ChoiceField(label="问题是否解决", choices=[("yes", "已解决"), ("no", "未解决")],
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "请选择问题是否解决。", "invalid_choice": "选项无效。"})
    satisfaction = forms.ChoiceField(label="满意度", choices=Callback.Satisfaction.choices, widget=forms.RadioSelect,
                                     error_messages={"required": "请选择满意度。", "invalid_choice": "满意度无效。"})
    note = _text("回访记录", required=False)

    def __init__(self, *args, callers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caller_ticket"].choices = [(str(c.pk), f"{c.tracking_code}") for c in callers]


class SuperviseForm(forms.Form):
    kind = forms.ChoiceField(label="督办方式", choices=SupervisionOrder.Kind.choices,
                             error_messages={"required": "请选择督办方式。", "invalid_choice": "督办方式无效。"})
    reason = _text("督办事由")


class RespondSupervisionForm(forms.Form):
    order = forms.ChoiceField(label="督办单", choices=(), error_messages={
        "required": "请选择督办单。", "invalid_choice": "请选择有效的督办单。"})
    response = _text("书面回复", rows=5)

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [(str(o.pk), f"{o.get_kind_display()}：{o.reason[:30]}") for o in orders]


class ConvertPetitionForm(forms.Form):
    """转办信访: the hand-over to the county 信访局, recorded with its reference number."""

    reference = forms.CharField(label="信访件编号（县信访局登记）", max_length=60,
                                error_messages={"required": "请填写信访局登记的信访件编号。",
                                                "max_length": "信访件编号不能超过60个字符。"})
    note = _text("转办说明", required=False)


# --- the office's intake: the call screen, walk-in visits, paper letters ------------------------------------------

class StaffIntakeForm(LetterForm):
    """登记工单 by the office (来电、来访、来信): the letter's fields plus urgency and the catalogue's matter."""

    urgency = forms.ChoiceField(label="紧急程度", choices=Ticket.Urgency.choices, initial=Ticket.Urgency.NORMAL,
                                error_messages={"invalid_choice": "紧急程度无效。"})
    matter = forms.ModelChoiceField(label="事项（派单目录）", required=False, queryset=Matter.objects.none(),
                                    empty_label="未归类", error_messages={"invalid_choice": "请选择有效的事项。"})
    mailbox = forms.ModelChoiceField(label="受理信箱", queryset=Mailbox.objects.none(), empty_label=None,
                                     error_messages={"required": "请选择受理信箱。",
                                                     "invalid_choice": "请选择有效的信箱。"})

    field_order = ["caller_phone", "caller_name", "kind", "urgency", "title", "content", "place", "address",
                   "matter", "accused_department", "mailbox", "consent_publish", "form_token"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # a refresh of the side panels needs no kind yet; `create` checks it
        self.fields["title"].required = False
        self.fields["content"].required = False
        self.fields["content"].min_length = None
        self.fields["content"].validators = [v for v in self.fields["content"].validators
                                             if not isinstance(v, MinLengthValidator)]
        self.fields["matter"].queryset = Matter.objects.filter(is_active=True).order_by("code")
        self.fields["mailbox"].queryset = Mailbox.objects.filter(is_active=True).order_by("sort_order", "code")
        self.fields["caller_phone"].label = "来电号码 / 联系电话"

    def intake_data(self) -> dict:
        return {**super().intake_data(), "urgency": self.cleaned_data.get("urgency") or Ticket.Urgency.NORMAL}


class KnowledgeForm(forms.Form):
    question = forms.CharField(label="问题", max_length=200,
                               error_messages={"required": "请填写问题。", "max_length": "问题不能超过200个字。"})
    answer = forms.CharField(label="解答", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
                             error_messages={"required": "请填写解答。", "max_length": "解答不能超过5000个字。"})
    keywords = forms.CharField(label="关键词（群众的常见说法，逗号分隔）", required=False, max_length=200,
                               error_messages={"max_length": "关键词不能超过200个字。"})
    basis = forms.CharField(label="政策依据", required=False, max_length=300,
                            error_messages={"max_length": "政策依据不能超过300个字。"})
    matter = forms.ModelChoiceField(label="事项（派单目录）", required=False, queryset=Matter.objects.none(),
                                    empty_label="不限", error_messages={"invalid_choice": "请选择有效的事项。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.filter(is_active=True).order_by("code")

    def entry_data(self) -> dict:
        return {k: self.cleaned_data.get(k) or "" for k in ("question", "answer", "keywords", "basis")}


class KbSearchForm(forms.Form):
    q = forms.CharField(label="检索知识库", max_length=50, required=False,
                        error_messages={"max_length": "检索词不能超过50个字。"})
