"""Forms of government services: the online application is built from the item's form declared as data."""

from __future__ import annotations

from django import forms

from sunshine.core.identity import IdDocumentType
from sunshine.files.forms import UploadField

WIDGETS = {"textarea": forms.Textarea(attrs={"rows": 3}), "date": forms.DateInput(attrs={"type": "date"})}


class ApplicationForm(forms.Form):
    """The applicant, the item's own fields (`f_<name>`) and one upload per material (`m_<id>`)."""

    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=200,
                                     error_messages={"required": "请填写申请人姓名或名称。"})
    applicant_id_type = forms.ChoiceField(label="证件类型", choices=IdDocumentType.choices,
                                          initial=IdDocumentType.RESIDENT_ID)
    applicant_id_number = forms.CharField(label="证件号码", max_length=40,
                                          error_messages={"required": "请填写证件号码。"})
    applicant_phone = forms.CharField(label="手机号码", max_length=20, error_messages={"required": "请填写手机号码。"})

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        for field in version.form_fields:
            kind = field.get("type", "text")
            common = {"label": field["label"], "required": bool(field.get("required")),
                      "help_text": field.get("help", ""),
                      "error_messages": {"required": f"请填写“{field['label']}”。"}}
            if kind == "choice":
                self.fields[f"f_{field['name']}"] = forms.ChoiceField(
                    choices=[("", "请选择")] + [(o, o) for o in field.get("options", [])], **common)
            else:
                self.fields[f"f_{field['name']}"] = forms.CharField(widget=WIDGETS.get(kind), max_length=2000,
                                                                    **common)
        for material in version.materials.all():
            label = f"{material.name}（{material.get_form_display()}，{material.copies}份）"
            self.fields[f"m_{material.pk}"] = UploadField(label=label, required=False,
                                                          help_text="可容缺，后补" if material.deferrable else "")

    def application_data(self) -> dict:
        d = self.cleaned_data
        form = {f["name"]: d.get(f"f_{f['name']}", "") for f in self.version.form_fields}
        return {"applicant_name": d["applicant_name"], "applicant_id_type": d["applicant_id_type"],
                "applicant_id_number": d["applicant_id_number"], "applicant_phone": d["applicant_phone"],
                "form": form}

    def uploads(self) -> dict:
        return {int(name[2:]): f for name, f in self.cleaned_data.items() if name.startswith("m_") and f}


class TrackForm(forms.Form):
    tracking_code = forms.CharField(label="查询码", max_length=30, error_messages={"required": "请填写查询码。"})
    secret = forms.CharField(label="验证码", max_length=30, error_messages={"required": "请填写验证码。"})


class ListedUploadForm(forms.Form):
    """The applicant's online upload of listed materials: one required scan per name (`u_<index>`) — those the
    one-time notice listed (补正) or those accepted as missing (容缺后补)."""

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.names = list(names)
        for i, name in enumerate(self.names):
            self.fields[f"u_{i}"] = UploadField(label=name, required=True,
                                                error_messages={"required": f"请上传“{name}”。"})

    def uploads(self) -> dict:
        return {i: self.cleaned_data[f"u_{i}"] for i in range(len(self.names)) if self.cleaned_data.get(f"u_{i}")}


class RealNameForm(forms.Form):
    """网上办事实名认证: name and identity number (checked by the service), then the SMS code."""

    real_name = forms.CharField(label="姓名或名称", max_length=100, error_messages={"required": "请填写姓名或名称。"})
    id_type = forms.ChoiceField(label="证件类型",
                                choices=[("resident_id", "居民身份证"), ("credit_code", "统一社会信用代码")],
                                error_messages={"required": "请选择证件类型。", "invalid_choice": "请选择证件类型。"})
    id_number = forms.CharField(label="证件号码", max_length=40, error_messages={"required": "请填写证件号码。"})
    code = forms.CharField(label="短信验证码", max_length=10, required=False,
                           help_text="先点击“获取验证码”，验证码将发送至账户绑定的手机号码。")
