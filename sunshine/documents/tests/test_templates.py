"""Office templates (文书模板): a template the kernel could not use is refused, in Chinese, before it is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sunshine.audit.services import events_for
from sunshine.documents.models import DocumentTemplate
from sunshine.documents.rendering import validate_office_template

from .conftest import NOTICE


def errors(body, *, kind=NOTICE, variant="") -> dict:
    with pytest.raises(ValidationError) as info:
        validate_office_template(kind_code=kind, variant=variant, body=body)
    return info.value.message_dict


def test_a_good_template_passes(notice_kind):
    validate_office_template(kind_code=NOTICE, variant="urgent",
                             body="<p>{{ addressee }}：{% for i in items %}{{ i|upper }}{% endfor %}{{ due_on }}</p>")


def test_broken_templates_are_refused_with_a_chinese_reason(notice_kind):
    assert errors("<p>{% if due_on %}没有结束</p>")["body"][0].startswith("模板语法错误：")
    assert errors("{% load static %}")["body"][0].startswith("模板语法错误：")  # no tag libraries
    assert errors('{% include "documents/_document.html" %}') == {
        "body": ["模板不能引用其他模板（include、extends）。"]}
    assert errors("{% debug %}") == {"body": ["模板不能使用 {% debug %} 标签。"]}
    assert errors("<p>{{ due_date }} {{ items.0.name }}</p>") == {"body": [
        "模板中的变量不存在：{{ due_date }}、{{ items.0.name }}。可用的变量：addressee、date、due_on、items、"
        "received_on、signature、tracking_code"]}
    assert errors('<p>{% url "no-such-page" %}</p>')["body"][0].startswith("模板无法用示例数据生成：")


def test_unknown_kinds_and_variants_are_refused(notice_kind):
    assert errors("<p>x</p>", kind="documents.nothing") == {"kind": ["未知的文书类别。"]}
    assert errors("<p>x</p>", variant="slow") == {
        "variant": ["“办理告知书”没有样式“slow”。可选：urgent（加急）、plain（普通）"]}


def test_the_admin_refuses_a_broken_template_and_audits_a_saved_one(notice_kind, admin_client, departments):
    url = "/admin/documents/documenttemplate/add/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "办理告知书（documents.test_notice）" in page.content.decode()
    form = {"kind": NOTICE, "variant": "", "department": "", "title": "", "body": "<p>{{ adressee }}</p>",
            "is_active": "on"}
    refused = admin_client.post(url, form)
    assert refused.status_code == 200 and "模板中的变量不存在：{{ adressee }}" in refused.content.decode()
    assert not DocumentTemplate.objects.exists()
    saved = admin_client.post(url, {**form, "body": "<p>{{ addressee }}，您好。</p>",
                                    "department": departments["fgw"].pk})
    assert saved.status_code == 302
    template = DocumentTemplate.objects.get()
    assert str(template) == "办理告知书" and template.department == departments["fgw"]
    [event] = events_for(template)
    assert event.action == "documents.template.save" and event.action_label == "保存文书模板"
    deleted = admin_client.post(f"/admin/documents/documenttemplate/{template.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and not DocumentTemplate.objects.exists()
    assert [e.action for e in events_for(template)] == ["documents.template.save", "documents.template.delete"]
