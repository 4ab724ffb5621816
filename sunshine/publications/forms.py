"""Input shape only: the rules live in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from sunshine.publications.models import Category, DisclosureGuide, Finding, Genre, Publication


class PublicationForm(forms.ModelForm):
    interprets_numbers = forms.CharField(
        label="解读的文件（索引号）", required=False,
        help_text="本信息是政策解读时，填写被解读文件的索引号，多个用空格或逗号分隔")

    class Meta:
        model = Publication
        fields = ["title", "document_number", "category", "genre", "created_on", "validity", "summary", "body"]
        widgets = {
            "created_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["genre"].queryset = Genre.objects.filter(is_active=True)
        if departments is not None:
            self.fields["department"] = forms.ModelChoiceField(label="发布机构", queryset=departments)
            self.order_fields(["department"])
        if self.instance.pk:
            self.fields["interprets_numbers"].initial = " ".join(
                self.instance.interprets.values_list("index_number", flat=True))

    def clean_interprets_numbers(self):
        raw = self.cleaned_data.get("interprets_numbers") or ""
        numbers = [n for n in raw.replace("，", ",").replace(",", " ").split() if n]
        found = list(Publication.objects.filter(index_number__in=numbers))
        missing = set(numbers) - {p.index_number for p in found}
        if missing:
            raise forms.ValidationError("找不到索引号：%(n)s", params={"n": "、".join(sorted(missing))})
        return found


NOTE_MAX = 2000  # a review comment, a withdrawal reason, a justification: a paragraph, not a document


def _note_messages(label: str) -> dict:
    return {"max_length": f"{label}不能超过{NOTE_MAX}个字。"}


class UploadForm(forms.Form):
    file = forms.FileField(label="文件")


class FindingResolveForm(forms.Form):
    resolution = forms.ChoiceField(label="处理方式", choices=[c for c in Finding.Resolution.choices if c[0]],
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "请选择处理方式。",
                                                   "invalid_choice": "请选择遮盖、删除或保留。"})
    justification = forms.CharField(label="保留理由", required=False, max_length=NOTE_MAX,
                                    error_messages=_note_messages("保留理由"),
                                    widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentPublicForm(forms.Form):
    is_public = forms.ChoiceField(label="公开属性", choices=[("1", "公开"), ("0", "不公开")],
                                  error_messages={"required": "请选择公开或不公开。",
                                                  "invalid_choice": "请选择公开或不公开。"})
    reason = forms.CharField(label="理由", required=False, max_length=500)


class CommentForm(forms.Form):
    comment = forms.CharField(label="审查意见", required=False, max_length=NOTE_MAX,
                              error_messages=_note_messages("审查意见"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(label="定时发布时间（留空则立即发布）", required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])


class ReasonForm(forms.Form):
    # An empty reason is the service's message ("撤回时必须填写原因。"); the form refuses NUL and overlong text.
    reason = forms.CharField(label="原因", required=False, max_length=NOTE_MAX, error_messages=_note_messages("原因"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    replacement = forms.CharField(label="替代文件索引号（仅“替代”时填写）", required=False, max_length=64,
                                  error_messages={"max_length": "替代文件索引号不能超过64个字符。"})


class GuideForm(forms.ModelForm):
    class Meta:
        model = DisclosureGuide
        fields = ["office_name", "address", "hours", "phone", "fax", "postal_code", "website", "email",
                  "classification", "arrangement", "how_to_obtain", "other"]
        widgets = {n: forms.Textarea(attrs={"rows": 4}) for n in ("classification", "arrangement", "how_to_obtain",
                                                                   "other")}


CATALOGUE_YEARS = (1900, 2100)  # ?year= of the catalogue, the search form and the API (a year lookup outside fails)
YEAR_MESSAGE = f"年份无效：请填写{CATALOGUE_YEARS[0]}至{CATALOGUE_YEARS[1]}之间的四位数字年份，如 2025。"


def catalogue_year(value: str | None) -> int:
    """The `?year=` filter of a catalogue page or the public API: 0 when absent (all years).

    Raises ValidationError (Chinese) for anything but a year in CATALOGUE_YEARS: a year lookup with -1 or 99999
    raised ValueError in the database layer (500), and a year the database cannot hold is no filter at all.
    """
    value = (value or "").strip()
    if not value:
        return 0
    low, high = CATALOGUE_YEARS
    try:
        year = int(value)
    except ValueError:
        year = None
    if year is None or not low <= year <= high:
        raise ValidationError(YEAR_MESSAGE, code="invalid_year")
    return year


class SearchForm(forms.Form):
    q = forms.CharField(label="检索词", required=False, max_length=50,
                        error_messages={"max_length": "检索词过长，请不超过50个字。"})
    department = forms.IntegerField(label="发布机构", required=False, error_messages={"invalid": "发布机构无效。"})
    category = forms.CharField(label="主题分类", required=False)
    genre = forms.CharField(label="体裁分类", required=False)
    year = forms.IntegerField(label="年份", required=False, min_value=CATALOGUE_YEARS[0],
                              max_value=CATALOGUE_YEARS[1],
                              error_messages={"invalid": YEAR_MESSAGE, "min_value": YEAR_MESSAGE,
                                              "max_value": YEAR_MESSAGE})
    validity = forms.ChoiceField(label="有效性", required=False,
                                 choices=[("", "全部")] + [c for c in Publication.Validity.choices if c[0]],
                                 error_messages={"invalid_choice": "有效性无效：只能是全部、有效、失效或废止。"})
    level = forms.CharField(label="层级", required=False)
    order = forms.ChoiceField(label="排序", required=False, choices=[("relevance", "按相关度"), ("date", "按时间")],
                              error_messages={"invalid_choice": "排序方式只能是相关度或时间。"})

    def first_error(self) -> str:
        """The first field's message, for the one-line error of the search page."""
        for errors in self.errors.values():
            return errors[0]
        return ""
