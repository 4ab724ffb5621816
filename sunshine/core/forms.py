"""How every Django form of the site renders (表单呈现): Chinese labels and select boxes, required fields marked.

`FORM_RENDERER = "sunshine.core.forms.ChineseFormRenderer"` (settings) gives every form — the apps' forms and the
admin's — a `ChineseBoundField`:

- the label suffix is the Chinese colon "：" where the form keeps Django's default ":" (a form that sets
  `label_suffix=""` keeps its labels bare);
- a required field's label gets the class "required" (site.css draws the red * before the colon, outside the
  label's text, so "受理机关" still names the field), whether or not the form sets `required_css_class`: a page that
  says "带 * 的为必填项" is then true for every form;
- a select box's empty choice reads "请选择", not Django's "---------" (a ModelChoiceField's `empty_label`, a model
  field's blank choice).
"""

from __future__ import annotations

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html

CHOOSE = "请选择"
DASHES = BLANK_CHOICE_DASH[0][1]  # "---------"
LABEL_SUFFIX = "："


def _without_dashes(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            yield value, list(_without_dashes(label))
        else:
            yield value, (CHOOSE if label == DASHES else label)


class ChineseBoundField(BoundField):
    """A bound field with a Chinese label suffix, the required class, and "请选择" for an empty choice."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        # form.fields holds this form's own copy of the field: changing it here changes no other form
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and not isinstance(field.choices, BaseChoiceIterator):
            choices = list(field.choices)
            if any(label == DASHES or isinstance(label, list | tuple) for _value, label in choices):
                field.choices = list(_without_dashes(choices))

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None:
            label_suffix = self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
        if label_suffix == ":":
            label_suffix = LABEL_SUFFIX
        contents = contents or self.label
        if label_suffix and contents and str(contents)[-1] not in ":：?？.。!！":
            contents = format_html('{}<span class="label-suffix">{}</span>', contents, label_suffix)
        if self.field.required and not getattr(self.form, "required_css_class", ""):
            attrs = {**(attrs or {})}
            attrs["class"] = f"{attrs['class']} required" if attrs.get("class") else "required"
        return super().label_tag(contents, attrs, label_suffix="", tag=tag)


class ChineseFormRenderer(DjangoTemplates):
    bound_field_class = ChineseBoundField
