"""Forms of the guide editor (办事指南编辑): the item's facts and the guide's elements, and one formset per list
(申请材料, 办理环节, 特别程序, 申请表字段) so a clerk edits rows, never JSON."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from sunshine.files.forms import UploadField

from .catalogue import GUIDE_FIELDS
from .models import Audience, ItemType, Material, ServiceItemVersion, Theme
from .validation import FIELD_TYPES, STEP_CODES

YES_NO = [(True, "是"), (False, "否")]


def _version_field(name: str, **extra) -> forms.Field:
    return ServiceItemVersion._meta.get_field(name).formfield(**extra)


class GuideForm(forms.Form):
    """The item's facts (applied on approval) and the guide's elements."""

    name = forms.CharField(label="事项名称", max_length=200)
    item_type = forms.ChoiceField(label="事项类型", choices=ItemType.choices)
    audience = forms.ChoiceField(label="服务对象", choices=Audience.choices)
    window = forms.CharField(label="办理窗口（编号）", max_length=10, required=False,
                             help_text="如 5；不在大厅办理的留空")
    themes = forms.ModelMultipleChoiceField(label="主题和人生事件", queryset=Theme.objects.all(), required=False,
                                            to_field_name="code", widget=forms.CheckboxSelectMultiple)
    change_note = forms.CharField(label="修订说明", max_length=300, required=False,
                                  help_text="这一版改了什么，供审核人查看")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in GUIDE_FIELDS:
            field = _version_field(name, required=name == "legal_basis")
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            self.fields[name] = field
        self.fields["on_the_spot"].help_text = "当场办结的事项法定、承诺时限均为0，不设办理环节"
        self.fields["promised_limit_days"].help_text = "不得长于法定时限"
        self.fields["themes"].label_from_instance = lambda t: f"{t.get_audience_display()}·{t.name}"
        # what a clerk checks first: the item, the law and the limits; then the guide's texts
        self.order_fields(["name", "item_type", "audience", "window", "legal_basis", "on_the_spot",
                           "statutory_limit_days", "statutory_limit_basis", "promised_limit_days",
                           "deferred_period_days", "visits", "preconditions", "acceptance_conditions",
                           "process_description", "fee_basis", "fee_standard", "place", "hours", "phone",
                           "complaint_phone", "online_depth", "faq", "themes", "change_note"])

    def facts(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "item_type": d["item_type"], "audience": d["audience"], "window": d["window"],
                "themes": [t.code for t in d["themes"]]}

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in GUIDE_FIELDS}


class MaterialForm(forms.Form):
    name = forms.CharField(label="材料名称", max_length=200)
    form = forms.ChoiceField(label="形式", choices=Material.Form.choices, initial=Material.Form.ORIGINAL)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=99, initial=1)
    required = forms.TypedChoiceField(label="必需", choices=YES_NO, coerce=lambda v: v in (True, "True"),
                                      initial=True)
    deferrable = forms.TypedChoiceField(label="可容缺", choices=YES_NO, coerce=lambda v: v in (True, "True"),
                                        initial=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class StepForm(forms.Form):
    code = forms.ChoiceField(label="环节", choices=list(STEP_CODES.items()), initial="review")
    name = forms.CharField(label="环节名称", max_length=40, required=False)
    role = forms.CharField(label="岗位", max_length=40, required=False)
    limit_days = forms.IntegerField(label="时限（工作日）", min_value=0, max_value=365)


class SpecialForm(forms.Form):
    name = forms.CharField(label="程序名称", max_length=40, help_text="如 专家评审、现场勘验、公示")
    limit_days = forms.IntegerField(label="时限（工作日）", min_value=0, max_value=365)
    counted = forms.TypedChoiceField(label="计入办理时限", choices=YES_NO, coerce=lambda v: v in (True, "True"),
                                     initial=False)
    basis = forms.CharField(label="依据", max_length=200, required=False)


class FieldForm(forms.Form):
    name = forms.CharField(label="字段名（英文）", max_length=40)
    label = forms.CharField(label="标题", max_length=60)
    type = forms.ChoiceField(label="类型", choices=list(FIELD_TYPES.items()), initial="text")
    required = forms.TypedChoiceField(label="必填", choices=YES_NO, coerce=lambda v: v in (True, "True"),
                                      initial=False)
    help = forms.CharField(label="填写说明", max_length=200, required=False)
    options = forms.CharField(label="选项（以“|”分隔）", max_length=500, required=False)


def _formset(form, prefix):
    return formset_factory(form, extra=2, can_delete=True), prefix


FORMSETS = {"materials": _formset(MaterialForm, "m"), "steps": _formset(StepForm, "s"),
            "special_procedures": _formset(SpecialForm, "p"), "form_fields": _formset(FieldForm, "f")}
SECTION_TITLES = {"materials": "申请材料", "steps": "办理环节", "special_procedures": "特别程序",
                  "form_fields": "申请表字段"}


def formsets_for(version: ServiceItemVersion | None, data=None) -> dict:
    initial = {"materials": [], "steps": [], "special_procedures": [], "form_fields": []}
    if version is not None:
        initial["materials"] = [{"name": m.name, "form": m.form, "copies": m.copies, "required": m.required,
                                 "deferrable": m.deferrable, "note": m.note} for m in version.materials.all()]
        initial["steps"] = list(version.steps)
        initial["special_procedures"] = list(version.special_procedures)
        initial["form_fields"] = [{**f, "options": "|".join(f.get("options") or [])} for f in version.form_fields]
    return {key: cls(data, initial=initial[key] if data is None else None, prefix=prefix)
            for key, (cls, prefix) in FORMSETS.items()}


def rows_of(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        row = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        if "options" in row:
            options = [o.strip() for o in row.pop("options").replace("｜", "|").split("|") if o.strip()]
            if row.get("type") == "choice":
                row["options"] = options
        rows.append(row)
    return rows


def guide_initial(version: ServiceItemVersion) -> dict:
    facts = version.item_facts or {}
    item = version.item
    initial = {name: getattr(version, name) for name in GUIDE_FIELDS}
    initial.update({"name": facts.get("name", item.name), "item_type": facts.get("item_type", item.item_type),
                    "audience": facts.get("audience", item.audience),
                    "window": facts.get("window", item.window.number if item.window_id else ""),
                    "themes": facts.get("themes", []), "change_note": version.change_note})
    return initial


class NewItemForm(forms.Form):
    code = forms.CharField(label="事项编码", max_length=40, help_text="本县目录中的唯一编码，如 scjgj-021")
    department = forms.ModelChoiceField(label="实施部门", queryset=None)
    name = forms.CharField(label="事项名称", max_length=200)
    item_type = forms.ChoiceField(label="事项类型", choices=ItemType.choices)
    audience = forms.ChoiceField(label="服务对象", choices=Audience.choices)
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ImportForm(forms.Form):
    file = forms.FileField(label="事项目录（.xlsx）", help_text="先“导出Excel”得到模板；导入后生成草稿，须审核发布")


class MaterialFileForm(forms.Form):
    file = UploadField(label="文件")
