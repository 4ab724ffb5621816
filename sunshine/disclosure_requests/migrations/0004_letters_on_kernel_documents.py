"""The letters move onto the kernel's documents (sunshine.documents), keeping every row:

- each office letter template (LetterTemplate) becomes a documents.DocumentTemplate of kind
  "disclosure_requests.<kind>", variant = its outcome; LetterTemplate is then dropped;
- each RequestDocument gets a kernel Document with the same id, text, 文号, file and pending flag, and points to it.
"""

import html
import re

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery

PREFIX = "disclosure_requests."
DELAY_TITLES = {"延迟答复告知书", "政府信息公开申请延迟答复告知书"}
NUMBER = re.compile(r'data-role="number">([^<]*)<')
BATCH = 1000


def templates_to_kernel(apps, schema_editor):
    LetterTemplate = apps.get_model("disclosure_requests", "LetterTemplate")
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentTemplate.objects.bulk_create(
        DocumentTemplate(kind=PREFIX + t.kind, variant=t.outcome, title=t.title, body=t.body, is_active=t.is_active)
        for t in LetterTemplate.objects.order_by("pk"))


def templates_from_kernel(apps, schema_editor):
    LetterTemplate = apps.get_model("disclosure_requests", "LetterTemplate")
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    LetterTemplate.objects.bulk_create(
        LetterTemplate(kind=t.kind.removeprefix(PREFIX), outcome=t.variant, title=t.title, body=t.body,
                       is_active=t.is_active)
        for t in DocumentTemplate.objects.filter(kind__startswith=PREFIX, department__isnull=True).order_by("pk"))


def _template_kind(row) -> str:
    if row.kind == "other":
        return "delay_notice" if row.title in DELAY_TITLES else "other"
    return row.kind


def documents_to_kernel(apps, schema_editor):
    RequestDocument = apps.get_model("disclosure_requests", "RequestDocument")
    Document = apps.get_model("documents", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not RequestDocument.objects.exists():
        return
    subject_type, _ = ContentType.objects.get_or_create(app_label="disclosure_requests", model="disclosurerequest")
    batch = []
    for row in RequestDocument.objects.select_related("request").order_by("pk").iterator(chunk_size=BATCH):
        template = _template_kind(row)
        found = NUMBER.search(row.html or "")
        batch.append(Document(
            id=row.pk, subject_type_id=subject_type.pk, subject_id=str(row.request_id),
            case_key=f"disclosure_requests.disclosurerequest:{row.request_id}", kind=PREFIX + template,
            variant=row.request.outcome if template == "reply" else "", title=row.title[:200],
            number=html.unescape(found.group(1)).strip()[:100] if found else "", html=row.html or "",
            docx_file_id=row.file_id, file_pending=row.file_pending,
            file_stem=f"{row.request.tracking_code}-{template}"[:100], visible_to_applicant=row.visible_to_applicant,
            department_id=row.request.department_id))
        if len(batch) >= BATCH:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    # the issue time is the letter's (auto_now_add stamped the migration's)
    Document.objects.filter(kind__startswith=PREFIX).update(
        created_at=Subquery(RequestDocument.objects.filter(pk=OuterRef("pk")).values("created_at")[:1]))
    RequestDocument.objects.update(document_id=F("id"))
    with schema_editor.connection.cursor() as cursor:  # the ids were given: move PostgreSQL's sequence past them
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Document]):
            cursor.execute(statement)


def documents_from_kernel(apps, schema_editor):
    RequestDocument = apps.get_model("disclosure_requests", "RequestDocument")
    Document = apps.get_model("documents", "Document")
    ids = list(RequestDocument.objects.exclude(document=None).values_list("document_id", flat=True))
    RequestDocument.objects.update(document=None)
    Document.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('disclosure_requests', '0003_requestdocument_file_pending'),
        ('documents', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(templates_to_kernel, templates_from_kernel, elidable=True),
        migrations.DeleteModel(
            name='LetterTemplate',
        ),
        migrations.AddField(
            model_name='requestdocument',
            name='document',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.document', verbose_name='文书'),
        ),
        migrations.RunPython(documents_to_kernel, documents_from_kernel, elidable=True),
    ]
