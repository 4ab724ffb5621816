"""Admin: the register of review and litigation cases (行政复议、行政诉讼案件; every save goes through
`review_cases`: its rules and an audit event) and the review body of each department (复议机关设置, reference
data). Cases change through the staff pages' transitions; the offices' letter templates are the kernel's document
templates (文书模板, `sunshine.documents`: kind "disclosure_requests.<kind>", variant = the reply's outcome)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import ReviewBodySetting, ReviewLitigationCase
from .review_cases import FIELDS, review_case_register, review_case_update, validate_review_case


class ReviewCaseAdminForm(forms.ModelForm):
    class Meta:
        model = ReviewLitigationCase
        fields = ["request", "department", "kind", "role", "case_number", "body_name", "filed_on", "result",
                  "decided_on", "note"]

    def clean(self):
        data = super().clean()
        request = data.get("request") or getattr(self.instance, "request", None)
        if request is not None and data.get("department") and data.get("filed_on"):
            try:
                validate_review_case(request=request, department=data["department"], kind=data.get("kind"),
                                     role=data.get("role"), filed_on=data["filed_on"], result=data.get("result"),
                                     decided_on=data.get("decided_on"))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return data


@admin.register(ReviewLitigationCase)
class ReviewLitigationCaseAdmin(admin.ModelAdmin):
    form = ReviewCaseAdminForm
    list_display = ["kind", "request", "department", "case_number", "filed_on", "result", "decided_on", "role"]
    list_filter = ["kind", "result", "role"]
    search_fields = ["case_number", "request__tracking_code"]
    raw_id_fields = ["request"]
    date_hierarchy = "filed_on"

    def get_readonly_fields(self, request, obj=None):
        return ["request"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # an entry is corrected, never deleted (its audit trail stays meaningful)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data.get(name) for name in FIELDS if name != "department_id"}
        fields.update(case_number=data.get("case_number") or "", body_name=data.get("body_name") or "",
                      note=data.get("note") or "")
        if change:
            saved = review_case_update(case=obj, actor=request.user, department=data["department"], **fields)
        else:
            saved = review_case_register(request=data["request"], department=data["department"],
                                         actor=request.user, **fields)
        obj.pk = saved.pk


@admin.register(ReviewBodySetting)
class ReviewBodySettingAdmin(admin.ModelAdmin):
    """复议机关设置: the review body and court named in a department's reply letters (reference data)."""

    list_display = ["department", "vertically_managed", "review_body", "court"]
    list_select_related = ["department"]
    autocomplete_fields: list[str] = []
