"""Forms of the public application, the tracking page and the staff actions. Validation only; writes are in
services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from sunshine.files.forms import validate_upload
from sunshine.orgs.forms import DepartmentChoiceField, active_departments
from sunshine.orgs.models import Department
from sunshine.privacy.masking import mask_mobile, mask_resident_id

from . import deadlines, fees, services, validation
from .models import Consultation, DisclosureRequest, LetterDelivery, ReviewLitigationCase
from .outcomes import ApplicantType, Outcome

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
SPLIT_TEXT_MAX = 20000  # all the items of a split together (each ≤ validation.DESCRIPTION_MAX, checked by the service)


def _departments():
    return active_departments().order_by("sort_order", "code")


def _messages(label: str, max_length: int) -> dict:
    return {"required": f"请填写{label}。", "max_length": validation.too_long_message(label, max_length)}


def _text(label: str, what: str, max_length: int, *, required: bool = True, rows: int = 0) -> forms.CharField:
    """A free-text field of a staff action with its limit and Chinese messages (`what` names it in a message);
    the service checks the same limit again (`validation.limited_text`)."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget,
                           error_messages=_messages(what, max_length))


def _reason(label: str, what: str) -> forms.CharField:
    return _text(label, what, validation.REASON_MAX)


def _masked_profile(citizen) -> dict[str, str]:
    """{field: (shown value, profile value)} of a citizen's identity details shown masked in the form."""
    shown = {}
    if citizen.id_number and citizen.id_type == "resident_id":
        shown["id_number"] = (mask_resident_id(citizen.id_number), citizen.id_number)
    if citizen.phone and len(citizen.phone) == 11:
        shown["phone"] = (mask_mobile(citizen.phone), citizen.phone)
    return shown


def profile_initial(citizen) -> dict:
    """The application form filled from a citizen's profile: name, e-mail and identity details, the resident ID and
    the mobile number masked (a credit code identifies an organisation and is public)."""
    initial = {"applicant_name": citizen.real_name, "phone": citizen.phone, "email": citizen.email,
               "id_number": citizen.id_number,
               "applicant_type": "commercial_enterprise" if citizen.id_type == "credit_code" else "natural_person"}
    initial.update({field: masked for field, (masked, _value) in _masked_profile(citizen).items()})
    return initial


class ApplicationForm(forms.Form):
    """政府信息公开申请表 (条例第二十九条).

    With `citizen` (the logged-in applicant), the masked identity details prefilled from the profile
    (`profile_initial`) stand for the profile's values when submitted unchanged; edited, they are validated as
    typed."""

    form_token = forms.CharField(label="表单标识", widget=forms.HiddenInput, required=False,
                                 max_length=validation.FORM_TOKEN_MAX,
                                 error_messages={"max_length": "表单标识无效，请核对内容后重新提交。"})
    department = DepartmentChoiceField(label="受理机关", queryset=Department.objects.none(), to_field_name="code",
                                       empty_label=None,
                                        error_messages={"required": "请选择受理机关。",
                                                        "invalid_choice": "受理机关无效。"})
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices,
                                       error_messages={"required": "请选择申请人类型。"})
    applicant_name = forms.CharField(label="申请人姓名/名称", max_length=validation.NAME_MAX,
                                     error_messages=_messages("申请人姓名或名称", validation.NAME_MAX))
    id_number = forms.CharField(label="证件号码", max_length=30,
                                help_text="自然人填写居民身份证号码；法人或其他组织填写统一社会信用代码",
                                error_messages={"required": "请填写证件号码。"})
    phone = forms.CharField(label="联系电话", max_length=validation.PHONE_MAX,
                            error_messages={"required": "请填写联系电话。", "max_length": validation.PHONE_INVALID})
    address = forms.CharField(label="通信地址", max_length=validation.ADDRESS_MAX,
                              error_messages=_messages("通信地址", validation.ADDRESS_MAX))
    email = forms.EmailField(label="电子邮箱（选填）", required=False, max_length=validation.EMAIL_MAX,
                             error_messages={"invalid": "电子邮箱格式无效。",
                                             "max_length": f"电子邮箱不能超过{validation.EMAIL_MAX}个字符。"})
    description = forms.CharField(label="所需政府信息的名称、文号或特征描述", widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=validation.DESCRIPTION_MAX,
                                  help_text="一份申请只申请一项政府信息（一事一申请）",
                                  error_messages={**_messages("所需政府信息的描述", validation.DESCRIPTION_MAX),
                                                  "required": "请描述所需的政府信息。"})
    form = forms.ChoiceField(label="信息提供形式", choices=DisclosureRequest.Form.choices,
                             initial=DisclosureRequest.Form.ELECTRONIC)
    delivery = forms.ChoiceField(label="获取方式", choices=DisclosureRequest.Delivery.choices,
                                 initial=DisclosureRequest.Delivery.ONLINE)

    def __init__(self, *args, citizen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.masked_profile = _masked_profile(citizen) if citizen is not None else {}
        self.fields["department"].queryset = _departments()
        default = services.default_department()
        if default is not None and not self.is_bound:
            self.fields["department"].initial = default.code

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        if token and not token.isprintable():
            raise ValidationError("表单标识无效，请核对内容后重新提交。")
        return token

    def clean_applicant_name(self):
        return validation.validate_required_text(self.cleaned_data["applicant_name"], label="申请人姓名或名称",
                                               max_length=validation.NAME_MAX)

    def _unmasked(self, field: str) -> str:
        value = self.cleaned_data[field]
        masked, profile_value = self.masked_profile.get(field, (None, ""))
        return profile_value if masked is not None and value.strip() == masked else value

    def clean_id_number(self):
        return self._unmasked("id_number")

    def clean_phone(self):
        return validation.validate_phone(self._unmasked("phone"))

    def clean_address(self):
        return validation.validate_required_text(self.cleaned_data["address"], label="通信地址",
                                               max_length=validation.ADDRESS_MAX)

    def clean_description(self):
        return validation.validate_description(self.cleaned_data["description"])

    def clean(self):
        data = super().clean()
        checks = []
        if data.get("applicant_type") and data.get("id_number"):
            checks.append(lambda: validation.validate_applicant(applicant_type=data["applicant_type"],
                                                              id_number=data["id_number"]))
        if "email" not in self.errors:
            checks.append(lambda: validation.validate_delivery(delivery=data.get("delivery") or "",
                                                             email=data.get("email") or ""))
        for field, messages in validation.collect_errors(*checks).items():
            for message in messages:
                self.add_error(field, message)
        return data

    def application_data(self) -> dict:
        keys = ["applicant_name", "applicant_type", "id_number", "phone", "address", "email", "description", "form",
                "delivery"]
        return {k: self.cleaned_data.get(k, "") for k in keys}


class StaffEntryForm(ApplicationForm):
    """A clerk's entry of an oral, in-person, post or fax application (代为填写)."""

    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in DisclosureRequest.Channel.choices
                                                        if c[0] != DisclosureRequest.Channel.ONLINE])
    received_on = forms.DateField(label="收到申请日期", widget=DATE_WIDGET, required=False,
                                  help_text="邮寄：签收之日；平常信函、传真：与申请人确认之日。留空按规则自动确定")


class TrackForm(forms.Form):
    tracking_code = forms.CharField(label="查询码", max_length=40, error_messages={"required": "请填写查询码。"})
    secret = forms.CharField(label="验证码", max_length=40, error_messages={"required": "请填写验证码。"})


class SupplementForm(forms.Form):
    text = _text("补正内容", "补正内容", validation.SUPPLEMENT_TEXT_MAX, rows=5)


# --- staff actions --------------------------------------------------------------------------------------------

class CorrectReceiptForm(forms.Form):
    received_on = forms.DateField(label="更正后的收到申请日期", widget=DATE_WIDGET)
    reason = _reason("更正理由", "更正理由")


class AskSupplementForm(forms.Form):
    items = _text("需要补正的事项（逐项列明）", "需要补正的事项", validation.SUPPLEMENT_ITEMS_MAX, rows=4)
    period_days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=30, initial=10)
    late_reason = _text("逾期告知的理由（超过7个工作日时填写）", "逾期告知的理由", validation.REASON_MAX,
                        required=False)


class StaffSupplementForm(forms.Form):
    text = _text("补正内容（纸质补正）", "补正内容", validation.SUPPLEMENT_TEXT_MAX, rows=3)


class RecordSupplementForm(forms.Form):
    """登记纸质补正: what the applicant supplemented on paper, and the day it was received (signed for)."""

    text = _text("补正内容（纸质补正）", "补正内容", validation.SUPPLEMENT_TEXT_MAX, rows=3)
    received_on = forms.DateField(label="收到补正日期（邮寄为签收日期；留空为今天）", widget=DATE_WIDGET,
                                  required=False, error_messages={"invalid": "请填写有效的日期。"})


class ForwardForm(forms.Form):
    to_department = DepartmentChoiceField(label="转至机关", queryset=Department.objects.none(), to_field_name="code",
                                          empty_label="请选择")
    reason = _reason("转办理由", "转办理由")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = _departments()


class SplitForm(forms.Form):
    items = _text("拆分后的各项申请内容（每行一项）", "拆分后的申请内容", SPLIT_TEXT_MAX, rows=4)
    reason = _text("说明", "说明", validation.REASON_MAX, required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="对象类型", choices=Consultation.Kind.choices)
    party_name = forms.CharField(label="被征求意见方", max_length=200,
                                 error_messages=_messages("被征求意见方", validation.PARTY_NAME_MAX))
    delivery = forms.ChoiceField(label="征求意见函送达方式", choices=LetterDelivery.choices, required=False,
                                 initial=LetterDelivery.ONLINE,
                                 help_text="15个工作日自对方收到征求意见函之日起算；邮寄的，签收后登记送达日期")


class ConsultationAnswerForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(label="意见", choices=[c for c in Consultation.Answer.choices if c[0]])
    text = _text("意见内容", "意见内容", validation.CONSULTATION_TEXT_MAX, required=False, rows=2)


class RecordDeliveryForm(forms.Form):
    """登记送达日期 of a posted letter: a consultation letter (`consultation`) or, left empty, the fee notice."""

    consultation = forms.IntegerField(widget=forms.HiddenInput, required=False)
    delivered_on = forms.DateField(label="签收日期", widget=DATE_WIDGET,
                                   error_messages={"required": "请填写签收日期。", "invalid": "请填写有效的日期。"})


class NotifyThirdPartyForm(forms.Form):
    """书面告知第三方 (Art. 32): the content to be disclosed over its objection, and the reasons."""

    consultation = forms.IntegerField(widget=forms.HiddenInput)
    content = _text("决定公开的政府信息内容", "决定公开的内容", validation.NOTICE_TEXT_MAX, rows=3)
    reasons = _text("决定公开的理由（不公开可能对公共利益造成重大影响）", "决定公开的理由", validation.NOTICE_TEXT_MAX,
                    rows=3)


class AskReasonsForm(forms.Form):
    """要求申请人说明理由 (Art. 35)."""

    period_days = forms.IntegerField(label="说明理由的期限（工作日）", min_value=1,
                                     max_value=deadlines.REASONS_PERIOD_MAX_DAYS,
                                     initial=deadlines.DEFAULT_REASONS_PERIOD_DAYS)
    note = _text("补充说明（选填，写入通知书）", "补充说明", validation.NOTICE_TEXT_MAX, required=False, rows=2)


class RecordReasonsForm(forms.Form):
    """登记申请人说明理由情况 (Art. 35)."""

    answer = forms.ChoiceField(label="说明理由情况",
                               choices=[c for c in DisclosureRequest.ReasonsAnswer.choices if c[0]],
                               error_messages={"required": "请选择申请人说明理由的情况。"})
    text = _text("申请人说明的理由（已说明时填写）", "申请人说明的理由", validation.APPLICANT_REASONS_MAX,
                 required=False, rows=3)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = _reason("延期理由", "延期理由")


class DelayForm(forms.Form):
    days = forms.IntegerField(label="延迟工作日数", min_value=1, max_value=60)
    reason = _reason("理由（申请数量、频次明显超过合理范围）", "延迟答复的理由")


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="收费方式", choices=DisclosureRequest.FeeMethod.choices,
                               help_text="按量计收仅适用于纸质、电子邮件或复制电子数据，当场查阅不按页收费")
    pages = forms.IntegerField(label="页数（按量计收）", min_value=0, max_value=fees.MAX_FEE_PAGES, required=False,
                               initial=0, error_messages={"invalid": "页数应为整数。", "min_value": "页数不能为负数。",
                                                          "max_value": f"页数不能超过{fees.MAX_FEE_PAGES}。"})
    delivery = forms.ChoiceField(label="收费通知送达方式", required=False,
                                 choices=[("", "按申请人选择的获取方式（邮寄的为邮寄送达，其他为网上送达）"),
                                          *LetterDelivery.choices],
                                 help_text="缴费期限自申请人收到收费通知的次日起算20个工作日")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; each is checked as the files app checks an attachment (type by content, size, readable),
    so a refused file is an error beside the field and nothing is stored (`files.forms.validate_upload`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = [item for item in data if item] if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [single(item, initial) for item in items]
        for upload in cleaned:
            validate_upload(upload)
        return cleaned


class EmptyForm(forms.Form):
    pass


# the outcomes a reply may have (also the API schema's ReplyOutcomeEnum: settings.SPECTACULAR_SETTINGS)
REPLY_OUTCOME_CHOICES = [c for c in Outcome.choices if c[0] not in services.NOT_BY_REPLY]


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="答复结果", choices=[("", "请选择"), *REPLY_OUTCOME_CHOICES])
    reply_text = _text("答复内容（理由、依据、获取方式）", "答复内容", validation.REPLY_TEXT_MAX, required=False,
                       rows=4)
    withheld_reason = _text("不予公开部分的理由（部分公开时填写）", "不予公开部分的理由",
                            validation.WITHHELD_REASON_MAX, required=False, rows=2)
    right_agency_name = forms.CharField(label="负责公开的机关名称及联系方式（非本机关负责公开时填写）", required=False,
                                        max_length=200)
    files = MultipleFileField(label="提供的信息（附件，可多选）", required=False)


class ReturnDraftForm(forms.Form):
    reason = forms.CharField(label="退回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写退回理由。", "max_length": "退回理由不能超过500个字。"})


class SignOffForm(forms.Form):
    note = forms.CharField(label="签发意见（选填）", required=False, max_length=500,
                           error_messages={"max_length": "签发意见不能超过500个字。"})


class WithdrawForm(forms.Form):
    reason = _reason("撤回说明", "撤回说明")


# --- the register of review and litigation cases (行政复议、行政诉讼案件登记) -------------------------------------

# an <input type="date"> needs ISO dates: an entry's saved dates are shown back in that format (not the locale's)
ISO_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewCaseForm(forms.Form):
    """One entry of the register; `tracking_code` names the request (only when registering). The rules are
    `review_cases.validate_review_case` (the service checks them again)."""

    tracking_code = forms.CharField(label="所涉申请的查询码", max_length=40,
                                    error_messages={"required": "请填写所涉申请的查询码。",
                                                    "max_length": "查询码不能超过40个字符。"})
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择"), *ReviewLitigationCase.Kind.choices],
                             error_messages={"required": "请选择类别。", "invalid_choice": "类别无效。"})
    role = forms.ChoiceField(label="本机关的地位", choices=ReviewLitigationCase.Role.choices,
                             initial=ReviewLitigationCase.Role.ORIGINAL,
                             error_messages={"required": "请选择本机关的地位。",
                                             "invalid_choice": "本机关的地位无效。"})
    department = forms.ModelChoiceField(label="登记机关（不选：受理该申请的机关）", queryset=Department.objects.none(),
                                        to_field_name="code", required=False, empty_label="受理该申请的机关",
                                        error_messages={"invalid_choice": "登记机关无效。"})
    case_number = forms.CharField(label="案号（选填）", required=False, max_length=100,
                                  error_messages={"max_length": "案号不能超过100个字。"})
    body_name = forms.CharField(label="复议机关或人民法院（选填）", required=False, max_length=200,
                                error_messages={"max_length": "复议机关或人民法院名称不能超过200个字。"})
    filed_on = forms.DateField(label="立案（受理）日期", widget=ISO_DATE_WIDGET,
                               error_messages={"required": "请填写立案（受理）日期。",
                                               "invalid": "立案（受理）日期格式无效。"})
    result = forms.ChoiceField(label="审结结果", choices=ReviewLitigationCase.Result.choices,
                               initial=ReviewLitigationCase.Result.PENDING,
                               error_messages={"required": "请选择审结结果。", "invalid_choice": "审结结果无效。"})
    decided_on = forms.DateField(label="审结日期（已审结时填写）", widget=ISO_DATE_WIDGET, required=False,
                                 error_messages={"invalid": "审结日期格式无效。"})
    note = forms.CharField(label="说明（选填）", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000, error_messages={"max_length": "说明不能超过2000个字。"})

    def __init__(self, *args, user=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.case = case
        self.request_obj = case.request if case is not None else None
        self.fields["department"].queryset = _departments()
        if case is not None:
            del self.fields["tracking_code"]

    def clean_tracking_code(self):
        from . import selectors
        from .tracking_codes import normalize_code

        code = normalize_code(self.cleaned_data["tracking_code"])
        found = selectors.requests_visible_to(self.user).filter(tracking_code=code).first() if code else None
        if found is None:
            raise ValidationError("没有找到该查询码对应的申请（或该申请不属于您所在的部门）。")
        self.request_obj = found
        return code

    def clean(self):
        from .review_cases import validate_review_case

        data = super().clean()
        if self.request_obj is None or any(f in self.errors for f in ("kind", "role", "filed_on", "result",
                                                                        "decided_on", "department")):
            return data
        department = data.get("department") or self.request_obj.department
        try:
            validate_review_case(request=self.request_obj, department=department, kind=data["kind"],
                                 role=data["role"], filed_on=data["filed_on"], result=data["result"],
                                 decided_on=data.get("decided_on"))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        data["department"] = department
        return data
