"""Admin: the offices' templates (文书模板), validated before they are saved; the issued documents, read only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction

from sunshine.audit.services import record
from sunshine.core.admin import ReadOnlyAdmin

from . import registry
from .models import Document, DocumentTemplate


class DocumentTemplateForm(forms.ModelForm):
    kind = forms.ChoiceField(label="文书类别", choices=())

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "variant", "department", "title", "body", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = registry.choices()
        if self.instance.pk and self.instance.kind not in dict(choices):
            choices.append((self.instance.kind, self.instance.kind))
        self.fields["kind"].choices = [("", "---------"), *choices]
        variants = [f"{kind.title}：" + "、".join(f"{code}（{label}）" for code, label in kind.variants.items())
                    for kind in registry.kinds() if kind.variants]
        if variants:
            self.fields["variant"].help_text = "可选样式——" + "；".join(variants)
        self.fields["body"].help_text = ("Django 模板语法，可使用案件的变量（如 {{ applicant_name }}）；"
                                         "保存前会用示例数据试生成，变量写错或模板出错将无法保存。")


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["__str__", "kind", "variant", "department", "title", "is_active", "updated_at"]
    list_filter = ["is_active", "kind"]
    search_fields = ["kind", "variant", "title", "body"]
    list_select_related = ["department"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(action="documents.template.save", target=obj, actor=request.user,
                   after={"kind": obj.kind, "variant": obj.variant, "department": obj.department_id,
                          "title": obj.title, "is_active": obj.is_active, "changed": form.changed_data})

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(action="documents.template.delete", target=obj, actor=request.user,
                   before={"kind": obj.kind, "variant": obj.variant, "title": obj.title, "body": obj.body})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Read only: documents are issued by the case apps' services, with their audit events."""

    list_display = ["id", "title", "kind", "number", "case_key", "file_pending", "visible_to_applicant", "created_at"]
    list_filter = ["file_pending", "kind"]
    search_fields = ["number", "case_key", "title"]
    readonly_fields = [f.name for f in Document._meta.fields]
