"""Admin of the catalogue (事项目录): items and their guide versions with materials. A version's form declaration
is checked (`validation.validate_form_declaration`). Applications change only through the workflow: read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import Application, Material, ServiceItem, ServiceItemVersion
from .validation import validate_form_declaration


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "item_type", "department", "window", "is_active"]
    list_filter = ["item_type", "is_active", "department"]
    search_fields = ["code", "name"]
    raw_id_fields = ["current_version"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    raw_id_fields = ["template_file", "sample_file"]


class VersionForm(forms.ModelForm):
    class Meta:
        model = ServiceItemVersion
        fields = ["item", "version", "published_on", "legal_basis", "preconditions", "acceptance_conditions",
                  "process_description", "fee_basis", "fee_standard", "on_the_spot", "statutory_limit_days",
                  "promised_limit_days", "statutory_limit_basis", "special_procedures", "steps", "form_fields",
                  "place", "hours", "phone", "complaint_phone", "visits", "online_depth", "faq"]

    def clean_form_fields(self):
        value = self.cleaned_data["form_fields"]
        try:
            validate_form_declaration(value)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from exc
        return value


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(admin.ModelAdmin):
    form = VersionForm
    list_display = ["item", "version", "published_on", "statutory_limit_days", "promised_limit_days", "on_the_spot"]
    list_select_related = ["item"]
    search_fields = ["item__code", "item__name"]
    inlines = [MaterialInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["tracking_code", "item_version", "department", "status", "channel", "received_on"]
    list_filter = ["status", "channel", "accepted_by_lapse"]
    list_select_related = ["item_version__item", "department"]
    search_fields = ["tracking_code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
